import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { ClientEvent, ClientEventKind, ClientProtocolError, EventOf, parseClientEvent } from './client-events';
import { DrillInterrupted, killGroup, ProcessRegistry, waitForExit } from './processes';

export interface ClientProcessProps {
  /** The command line (`DrillClient.command`). */
  readonly command: readonly string[];
  /** Added to the drill's environment (credentials go here, never on the command line, which `ps` shows). */
  readonly env?: { readonly [name: string]: string };
  readonly registry: ProcessRegistry;
  /** The client's stderr goes here. */
  readonly logPath: string;
}

/**
 * One run of the drill client, in its own process group. Every stdout line must be a valid event
 * (`parseClientEvent`); the first line that is not is kept as `protocolError` and fails every wait, because the
 * client and the drill then disagree about what happened.
 */
export class ClientProcess {
  public readonly events: ClientEvent[] = [];
  /** Where the client's stderr goes. */
  public readonly logPath: string;
  private error: ClientProtocolError | undefined;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  public constructor(props: ClientProcessProps) {
    this.logPath = props.logPath;
    const log = fs.openSync(props.logPath, 'a');
    const [command, ...args] = props.command;
    this.child = spawn(command, args, {
      env: { ...process.env, ...props.env },
      stdio: ['pipe', 'pipe', log],
      detached: true,
    });
    fs.closeSync(log);
    props.registry.add(this.child);
    // 'close', not 'exit': by then every stdout line has been read
    this.exited = new Promise((resolve) => {
      this.child.once('close', (code) => resolve(code));
      this.child.once('error', () => resolve(null));
    });
    this.child.stdin!.on('error', () => undefined);
    let buffer = '';
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        this.line(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
      }
    });
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** The first stdout line that was not a valid event, if any. */
  public get protocolError(): ClientProtocolError | undefined {
    return this.error;
  }

  /** Calls `listener` after every later event. Returns a function that removes it. */
  public onEvent(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves with the first event of `kind` (already seen or later), or undefined once `timeoutMs` passed or the
   * client exited without one. Rejects with the protocol error if the client printed an invalid line, and with
   * DrillInterrupted when `signal` fires.
   */
  public waitFor<K extends ClientEventKind>(kind: K, timeoutMs: number, signal?: AbortSignal): Promise<EventOf<K> | undefined> {
    const find = () => this.events.find((e): e is EventOf<K> => e.e === kind);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (action: () => void) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          off();
          signal?.removeEventListener('abort', onAbort);
          action();
        }
      };
      const check = () => {
        const found = find();
        if (found) {
          settle(() => resolve(found));
        } else if (this.error) {
          settle(() => reject(this.error));
        }
      };
      const onAbort = () => settle(() => reject(new DrillInterrupted(signal!.reason)));
      const timer = setTimeout(() => settle(() => resolve(undefined)), timeoutMs);
      const off = this.onEvent(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      void this.exited.then(() => settle(() => (this.error ? reject(this.error) : resolve(find()))));
      if (signal?.aborted) {
        onAbort();
      }
      check();
    });
  }

  /** Writes a command line to the client's stdin. */
  public send(command: string): void {
    if (this.child.stdin!.writable) {
      this.child.stdin!.write(`${command}\n`);
    }
  }

  /** Resolves with the exit code once the process is gone (null if it was killed or never started). */
  public wait(): Promise<number | null> {
    return this.exited;
  }

  /** Asks the client to quit (and closes its stdin), then kills its process group if it is not gone within `graceMs`. */
  public async stop(graceMs = 5000): Promise<void> {
    this.send('quit');
    this.child.stdin!.end();
    if (!(await waitForExit(this.child, graceMs)) && this.child.pid !== undefined) {
      killGroup(this.child.pid, 'SIGKILL');
      await waitForExit(this.child, 5000);
    }
  }

  private line(raw: string): void {
    const line = raw.trim();
    if (line === '' || this.error) {
      return;
    }
    try {
      this.events.push(parseClientEvent(line));
    } catch (e) {
      this.error = e as ClientProtocolError;
    }
    this.listeners.forEach((l) => l());
  }
}

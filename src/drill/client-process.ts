import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { clientClasspath } from './java-client';
import { killGroup, ProcessRegistry, waitForExit } from './processes';
import { ClientEvent } from './stats';

export interface ClientProcessProps {
  readonly activemqHome: string;
  /** Directory holding DrillClient.class (from compileClient). */
  readonly classDir: string;
  readonly registry: ProcessRegistry;
  readonly user: string;
  readonly password: string;
  /** Client stderr goes here. */
  readonly logPath: string;
  readonly args: string[];
}

/**
 * One run of the Java drill client. Parses its JSON-lines stdout into events; credentials go through the
 * environment, never the command line (visible in `ps`).
 */
export class ClientProcess {
  public readonly events: ClientEvent[] = [];
  /** Where the client's stderr goes. */
  public readonly logPath: string;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<(e: ClientEvent) => void>();
  private readonly exited: Promise<number | null>;

  public constructor(props: ClientProcessProps) {
    this.logPath = props.logPath;
    const cp = [props.classDir, ...clientClasspath(props.activemqHome)].join(':');
    const log = fs.openSync(props.logPath, 'a');
    this.child = spawn('java', ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', cp, 'DrillClient', ...props.args], {
      env: { ...process.env, DRILL_USER: props.user, DRILL_PASSWORD: props.password },
      stdio: ['pipe', 'pipe', log],
      detached: true,
    });
    fs.closeSync(log);
    props.registry.add(this.child);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
      this.child.once('error', () => resolve(null));
    });
    this.child.stdin?.on('error', () => undefined);
    let buffer = '';
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line.startsWith('{')) {
          let event: ClientEvent;
          try {
            event = JSON.parse(line) as ClientEvent;
          } catch {
            continue;
          }
          this.events.push(event);
          this.listeners.forEach((l) => l(event));
        }
      }
    });
  }

  public get pid(): number | undefined {
    return this.child.pid;
  }

  /** Calls `listener` for every later event. Returns a function that removes it. */
  public onEvent(listener: (e: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves with the first event (already seen or later) matching `predicate`, or undefined after `timeoutMs`/exit. */
  public waitFor(predicate: (e: ClientEvent) => boolean, timeoutMs: number): Promise<ClientEvent | undefined> {
    const seen = this.events.find(predicate);
    if (seen) {
      return Promise.resolve(seen);
    }
    return new Promise((resolve) => {
      let off: () => void = () => undefined;
      const timer = setTimeout(() => {
        off();
        resolve(undefined);
      }, timeoutMs);
      off = this.onEvent((e) => {
        if (predicate(e)) {
          clearTimeout(timer);
          off();
          resolve(e);
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        off();
        resolve(this.events.find(predicate));
      });
    });
  }

  /** Writes a command line to the client's stdin. */
  public send(command: string): void {
    if (this.child.stdin?.writable) {
      this.child.stdin.write(`${command}\n`);
    }
  }

  /** Resolves with the exit code once the JVM is gone. */
  public wait(): Promise<number | null> {
    return this.exited;
  }

  /** Asks the client to quit, then kills it if it does not within `graceMs`. */
  public async stop(graceMs = 5000): Promise<void> {
    this.send('quit');
    this.child.stdin?.end();
    if (!(await waitForExit(this.child, graceMs)) && this.child.pid !== undefined) {
      killGroup(this.child.pid, 'SIGKILL');
      await waitForExit(this.child, 5000);
    }
  }
}

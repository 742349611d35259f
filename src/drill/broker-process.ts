import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ActiveMqInstallation } from './prerequisites';
import { killGroup, ProcessRegistry, sleep, waitForExit } from './processes';

export interface BrokerProcessProps {
  /** The broker's name in messages. */
  readonly name: string;
  /** Its configuration's `brokerName`, which the "started" log line shows. @default name */
  readonly brokerName?: string;
  /** The broker's own directory: conf/, data/, tmp/, console.log. */
  readonly dir: string;
  /** The command line that runs the broker in the foreground (`activeMqBrokerCommand`). */
  readonly command: readonly string[];
  /** Where started processes are tracked for clean-up. */
  readonly registry: ProcessRegistry;
}

const JVM_OPTIONS = ['-Xms128m', '-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/** One foreground ActiveMQ JVM for the broker in `dir` (conf/activemq.xml), no launcher script. */
export function activeMqBrokerCommand(install: ActiveMqInstallation, dir: string): string[] {
  return [
    'java',
    ...JVM_OPTIONS,
    `-Dactivemq.home=${install.home}`,
    `-Dactivemq.base=${dir}`,
    `-Dactivemq.conf=${path.join(dir, 'conf')}`,
    `-Dactivemq.data=${path.join(dir, 'data')}`,
    `-Djava.io.tmpdir=${path.join(dir, 'tmp')}`,
    '-jar', install.launcherJar,
    'start', `xbean:file:${path.join(dir, 'conf', 'activemq.xml')}`,
  ];
}

/**
 * One broker process, started in its own process group, its console appended to `<dir>/console.log`. Ready
 * when the log says `Apache ActiveMQ <v> (<name>, ID:…) started`, failed when it says `Failed to start` or the
 * process exits first.
 */
export class BrokerProcess {
  public readonly name: string;
  public readonly dir: string;
  public readonly logPath: string;
  private child: ChildProcess | undefined;
  private readonly props: BrokerProcessProps;

  public constructor(props: BrokerProcessProps) {
    this.props = props;
    this.name = props.name;
    this.dir = props.dir;
    this.logPath = path.join(props.dir, 'console.log');
  }

  public get pid(): number | undefined {
    return this.child?.pid;
  }

  public get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the broker and resolves with the milliseconds it took to be ready; rejects (after stopping it) on
   * failure, and with DrillInterrupted (after stopping it) when `signal` fires.
   */
  public async start(timeoutMs = 60_000, signal?: AbortSignal): Promise<number> {
    const started = Date.now();
    const d = this.dir;
    for (const sub of ['data', 'tmp']) {
      fs.mkdirSync(path.join(d, sub), { recursive: true });
    }
    const offset = fs.existsSync(this.logPath) ? fs.statSync(this.logPath).size : 0;
    const log = fs.openSync(this.logPath, 'a');
    const [command, ...args] = this.props.command;
    const child = spawn(command, args, { cwd: d, detached: true, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    this.props.registry.add(child);
    // for a manual clean-up should the drill itself be killed with SIGKILL (nothing can run then)
    fs.writeFileSync(path.join(d, 'pid'), `${child.pid ?? ''}\n`);
    let spawnError: Error | undefined;
    child.once('error', (e) => {
      spawnError = e;
    });
    const ready = new RegExp(`Apache ActiveMQ \\S+ \\(${escapeRegExp(this.props.brokerName ?? this.name)}, ID:[^)]*\\) started`);
    const failed = /Failed to start|ERROR: java\.lang\.|Exception in thread "main"/;
    while (Date.now() - started < timeoutMs) {
      const text = readFrom(this.logPath, offset);
      if (ready.test(text)) {
        return Date.now() - started;
      }
      if (spawnError || failed.test(text) || !this.running) {
        await this.stop(2000);
        throw new Error(`broker ${this.name} failed to start${spawnError ? `: ${spawnError.message}` : ''}; last log lines:\n${tail(text, 15)}`);
      }
      try {
        await sleep(100, signal);
      } catch (e) {
        await this.stop(2000);
        throw e;
      }
    }
    await this.stop(2000);
    throw new Error(`broker ${this.name} did not report "started" within ${timeoutMs / 1000} s; see ${this.logPath}`);
  }

  /** kill -9: the failure the drill is about. Resolves when the JVM is gone. */
  public async kill9(): Promise<void> {
    const child = this.child;
    if (child?.pid !== undefined && this.running) {
      killGroup(child.pid, 'SIGKILL');
      await waitForExit(child, 10_000);
    }
  }

  /** SIGTERM (ActiveMQ shuts down cleanly in under 2 s), then SIGKILL after `graceMs`. */
  public async stop(graceMs = 5000): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || !this.running) {
      return;
    }
    killGroup(child.pid, 'SIGTERM');
    if (!(await waitForExit(child, graceMs))) {
      killGroup(child.pid, 'SIGKILL');
      await waitForExit(child, 5000);
    }
  }

  /** The broker's log from byte `offset` (for evidence in negative drills). */
  public readLog(offset = 0): string {
    return readFrom(this.logPath, offset);
  }
}

function readFrom(file: string, offset: number): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) {
        return '';
      }
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

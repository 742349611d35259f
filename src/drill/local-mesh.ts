import * as fs from 'node:fs';
import * as path from 'node:path';
import { activeMqBrokerCommand, BrokerProcess } from './broker-process';
import { LocalBrokerConfig, LOG4J_PROPERTIES } from './local-config';
import { DrillNode, DrillPlan, localBrokerName } from './plan';
import { ActiveMqInstallation } from './prerequisites';
import { ProcessRegistry } from './processes';
import { Progress } from './progress';
import { BrokerSummary } from './report';
import { DrillSecrets } from './secrets';

export interface LocalMeshProps {
  readonly plan: DrillPlan;
  /** An existing, empty directory: each node gets `<workDir>/<name>/`. */
  readonly workDir: string;
  readonly install: ActiveMqInstallation;
  readonly secrets: DrillSecrets;
  readonly registry: ProcessRegistry;
  /** The command that runs the broker in `dir`. @default activeMqBrokerCommand */
  readonly brokerCommand?: (dir: string) => string[];
}

/** Broker log lines that explain a failed bridge. */
const EVIDENCE = /SecurityException|password is invalid|shutdown due to|Failed to add Connection/;

/**
 * The plan's brokers on this machine: one directory per node with the unmodified Amazon MQ XML
 * (`amazon-mq.xml`), the local configuration (`conf/activemq.xml`, mode 0600: it holds the local passwords
 * until `redactConfigs`), the log4j settings and the console log.
 */
export class LocalMesh {
  public readonly brokers: readonly BrokerProcess[];
  private readonly startMs = new Map<number, number>();
  private readonly restartMs = new Map<number, number>();

  public constructor(private readonly props: LocalMeshProps) {
    const { plan } = props;
    this.brokers = plan.nodes.map((node) => {
      const dir = path.join(props.workDir, node.dir ?? node.name);
      fs.mkdirSync(path.join(dir, 'conf'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'amazon-mq.xml'), node.amazonMqXml);
      this.writeConfig(node, dir);
      fs.writeFileSync(path.join(dir, 'conf', 'log4j.properties'), LOG4J_PROPERTIES);
      const command = props.brokerCommand?.(dir) ?? activeMqBrokerCommand(props.install, dir);
      return new BrokerProcess({ name: node.name, brokerName: localBrokerName(node), dir, command, registry: props.registry });
    });
  }

  /**
   * Writes a node's local configuration (`conf/activemq.xml`, mode 0600): its Amazon MQ XML, its users with their
   * local passwords and its connectors' local uris. A broker reads it when it (re)starts.
   */
  public writeConfig(node: DrillNode, dir: string = path.join(this.props.workDir, node.dir ?? node.name)): void {
    const secrets = this.props.secrets;
    const local = LocalBrokerConfig.fromAmazonMqXml(node.amazonMqXml, {
      brokerName: localBrokerName(node),
      dataDirectory: path.join(dir, 'data'),
      openWirePort: node.port,
      users: node.users.map((u) => ({ username: u.username, password: secrets.passwordFor(u.passwordKey), groups: u.groups })),
      connectorUris: node.connectorUris,
      addedAuthorization: node.addedAuthorization,
    });
    const conf = path.join(dir, 'conf', 'activemq.xml');
    fs.writeFileSync(conf, local, { mode: 0o600 });
    fs.chmodSync(conf, 0o600);
  }

  /** Starts every broker at once; rejects with every failure's message (the others keep running until `stop`). */
  public async start(progress: Progress, signal?: AbortSignal): Promise<void> {
    progress.start(`Starting ${this.brokers.length} ActiveMQ brokers`);
    let ready = 0;
    const failures = await this.each(this.brokers.map((_, i) => i), async (i) => {
      this.startMs.set(i, await this.brokers[i].start(60_000, signal));
      progress.update(`${++ready}/${this.brokers.length} ready`);
    });
    if (failures.length > 0) {
      throw failures.find((f) => f.name === 'DrillInterrupted') ?? new Error(failures.map((f) => f.message).join('\n'));
    }
    progress.done(`${this.brokers.length} brokers up`);
  }

  /** kill -9 of the given nodes, at once. */
  public async kill9(nodes: readonly number[]): Promise<void> {
    await Promise.all(nodes.map((i) => this.brokers[i].kill9()));
  }

  /**
   * Reboots one node the way Amazon MQ applies what is pending: a clean stop (SIGTERM), the node's configuration
   * written again (its users and connectors as `node` says), a start. Resolves with the stop and "started" times.
   */
  public async reboot(index: number, node: DrillNode, signal?: AbortSignal): Promise<{ stoppedAt: number; readyAt: number }> {
    const broker = this.brokers[index];
    const stoppedAt = Date.now();
    await broker.stop(10_000);
    this.writeConfig(node, broker.dir);
    this.restartMs.set(index, await broker.start(60_000, signal));
    return { stoppedAt, readyAt: Date.now() };
  }

  /** The size of every broker's log now, to read only what comes after (`authFailuresSince`). */
  public logSizes(): number[] {
    return this.brokers.map((b) => b.readLog().length);
  }

  /** Broker log lines since `sizes` that show a bridge (or a client) refused its credentials, secrets redacted. */
  public authFailuresSince(sizes: readonly number[]): string[] {
    return this.brokers.flatMap((b, i) => b.readLog().slice(sizes[i] ?? 0).split('\n')
      .filter((l) => /password is invalid|SecurityException/.test(l))
      .map((l) => `${b.name}: ${this.props.secrets.redact(cleanLogLine(l)).slice(0, 200)}`));
  }

  /** Starts the given nodes again; returns one problem sentence per node that did not come back. */
  public async restart(nodes: readonly number[], signal?: AbortSignal): Promise<string[]> {
    const failures = await this.each(nodes, async (i) => {
      this.restartMs.set(i, await this.brokers[i].start(60_000, signal));
    });
    return failures.map((f) => f.message.split('\n')[0]);
  }

  /** SIGTERM to every broker (SIGKILL after `graceMs`), then a SIGKILL sweep of every process of the run. */
  public async stop(graceMs = 5000): Promise<void> {
    await Promise.all(this.brokers.map((b) => b.stop(graceMs)));
    this.props.registry.killAll();
  }

  /** Local passwords live only in the brokers' conf files while they run; afterwards they are blanked. */
  public redactConfigs(): void {
    for (const b of this.brokers) {
      const conf = path.join(b.dir, 'conf', 'activemq.xml');
      if (fs.existsSync(conf)) {
        fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/password="[^"]*"/g, 'password="(redacted after the drill)"'));
      }
    }
  }

  /** Removes the brokers' message stores and temporary files (KahaDB preallocates 32 MB per broker). */
  public removeData(): void {
    for (const b of this.brokers) {
      for (const sub of ['data', 'tmp']) {
        fs.rmSync(path.join(b.dir, sub), { recursive: true, force: true });
      }
    }
  }

  /** Up to `max` broker log lines that show why bridges failed ("node2: WARN …"), secrets redacted. */
  public logEvidence(max = 4): string[] {
    const lines = new Set<string>();
    for (const b of this.brokers) {
      for (const line of b.readLog().split('\n')) {
        if (EVIDENCE.test(line) && lines.size < max) {
          lines.add(`${b.name}: ${this.props.secrets.redact(cleanLogLine(line)).slice(0, 200)}`);
        }
      }
    }
    return [...lines];
  }

  /** The node whose port a client's connected URI (`tcp://127.0.0.1:61626`) names. */
  public nodeOfUri(uri: string | null | undefined): number | undefined {
    const port = uri ? Number(/:(\d+)\/?$/.exec(uri)?.[1]) : NaN;
    const i = this.props.plan.nodes.findIndex((n) => n.port === port);
    return i >= 0 ? i : undefined;
  }

  /** Each broker's name, port and start-up times. */
  public summaries(): BrokerSummary[] {
    return this.props.plan.nodes.map((n, i) => ({ name: n.name, port: n.port, startMs: this.startMs.get(i), restartMs: this.restartMs.get(i) }));
  }

  private async each(nodes: readonly number[], action: (i: number) => Promise<void>): Promise<Error[]> {
    const results = await Promise.allSettled(nodes.map(action));
    return results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
  }
}

/** "2026-… WARN [thread] Class - message" → "WARN Class - message", without connection-id noise. */
export function cleanLogLine(line: string): string {
  return line
    .replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+/, '')
    .replace(/\[[^\]]*\]\s+/, '')
    .replace(/ id=\S+, clientId=\S+, clientIP=\S+/, '')
    .trim();
}

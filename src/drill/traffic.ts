import { KillTarget } from './args';
import { isEvent } from './client-events';
import { ClientProcess } from './client-process';
import { DrillContext } from './context';
import { sleep } from './processes';
import { KillSummary } from './report';
import { computeTrafficStats, TrafficMarks, TrafficStats } from './stats';

/** What the traffic run does. */
export interface TrafficSettings {
  /** The failover URI the client connects through (the library's `FailoverUri.openWire`). */
  readonly failoverUri: string;
  /** The consumer's own failover URI (a second connection), so that messages cross a bridge. @default the producer's connection */
  readonly consumerUri?: string;
  readonly queue: string;
  /** Persistent messages per second. */
  readonly rate: number;
  readonly durationSeconds: number;
  /** Start the consumer this many seconds after the producer (0: at once). */
  readonly consumerDelaySeconds: number;
  readonly kill: KillTarget;
  /** How long to wait after the producer stops for every acknowledged message. */
  readonly drainTimeoutSeconds: number;
  /**
   * What happens under the traffic instead of the kill (e.g. a rotation): the producer stops when it resolves.
   * With it, `kill` and `durationSeconds` are not used.
   */
  readonly scenario?: (trafficStartAt: number) => Promise<void>;
}

/** What the traffic run found. */
export interface TrafficOutcome {
  readonly stats: TrafficStats;
  readonly kill?: KillSummary;
  /** Explanations for the report (stranded messages, duplicates, a late consumer). */
  readonly notes: string[];
  /** Failures: each fails the drill. */
  readonly problems: string[];
}

/** When the kill and the restart happen, in ms after traffic started: at 30 % and 60 %, at least 2 s apart. */
export function killSchedule(durationSeconds: number): { killAfterMs: number; restartAfterMs: number } {
  const durationMs = durationSeconds * 1000;
  const killAfterMs = Math.max(2000, durationMs * 0.3);
  return { killAfterMs, restartAfterMs: Math.max(killAfterMs + 2000, durationMs * 0.6) };
}

/** The nodes to kill: every node, the one chosen, or the client's (undefined when the client's is unknown). */
export function killVictims(kill: Exclude<KillTarget, 'none'>, clientNode: number | undefined, nodeCount: number): number[] | undefined {
  if (kill === 'all') {
    return [...Array(nodeCount).keys()];
  }
  const node = kill === 'client' ? clientNode : kill;
  return node === undefined ? undefined : [node];
}

/** Why those nodes, for the report. */
export function killReason(kill: Exclude<KillTarget, 'none'>, clientNodeName: string | undefined): string {
  if (kill === 'client') {
    return 'the broker the client was connected to';
  }
  return kill === 'all' ? `every broker: a whole-mesh outage (the client was on ${clientNodeName ?? 'an unknown node'})` : 'chosen with --kill';
}

/** The report's notes on what the numbers mean. */
export function trafficNotes(stats: TrafficStats, kill: KillSummary | undefined, consumerStartedAfterKillMs: number | undefined): string[] {
  const notes: string[] = [];
  if (kill) {
    notes.push(stats.strandedUntilRestart > 0
      ? `A network of brokers forwards messages; it does not replicate them. ${stats.strandedUntilRestart} message(s) stored on ${kill.node} when it was killed waited there and were delivered only after ${kill.node} restarted (counted above as received, not missing). Had ${kill.node} not come back, they would have stayed unavailable until its storage was recovered.`
      : `A network of brokers forwards messages; it does not replicate them. In this run no acknowledged message was waiting on ${kill.node} when it was killed (the consumer kept up), so none had to wait for the restart; messages that do wait on a dead broker are delivered only after it comes back.`);
  }
  if (consumerStartedAfterKillMs !== undefined && consumerStartedAfterKillMs > 0) {
    notes.push(`The consumer started ${(consumerStartedAfterKillMs / 1000).toFixed(1)} s after the kill (--consumer-delay), so the receive-side time to recover includes that delay; use the send-side figure for failover speed.`);
  }
  if (stats.duplicates > 0) {
    notes.push(`${stats.duplicates} duplicate deliveries: after a failover, messages in flight or stranded on the killed broker can arrive twice (the redelivered flag does not survive the bridge). The drill requires no loss, not exactly-once; consumers should be idempotent.`);
  }
  return notes;
}

/**
 * Persistent traffic through the failover URI: kill -9 (unless `kill` is 'none') at 30 % of the duration,
 * restart at 60 %, stop the producer at 100 %, then drain until every acknowledged message has arrived.
 */
export async function runTraffic(ctx: DrillContext, s: TrafficSettings): Promise<TrafficOutcome> {
  const { progress, mesh, plan, signal } = ctx;
  const { killAfterMs, restartAfterMs } = killSchedule(s.durationSeconds);
  progress.start(s.scenario !== undefined ? `Traffic: ${s.rate} msg/s` : `Traffic: ${s.rate} msg/s for ${s.durationSeconds} s${s.kill === 'none' ? '' : `, kill -9 at ${(killAfterMs / 1000).toFixed(1)} s, restart at ${(restartAfterMs / 1000).toFixed(1)} s`}`);
  const client = ctx.startClient('traffic', [s.failoverUri, s.queue, String(s.rate), String(s.consumerDelaySeconds * 1000),
    ...s.consumerUri === undefined ? [] : [s.consumerUri]]);
  const problems: string[] = [];
  try {
    const connected = await client.waitFor('connected', 30_000, signal);
    if (!connected) {
      throw new Error(`the traffic client did not connect within 30 s; see ${client.logPath}`);
    }
    const t0 = connected.t;
    const marks: { -readonly [K in keyof TrafficMarks]: TrafficMarks[K] } = { trafficStartAt: t0 };
    const until = async (ms: number) => {
      while (Date.now() - t0 < ms) {
        progress.update(`${((Date.now() - t0) / 1000).toFixed(0)} s, ${count(client, 'sent')} sent, ${count(client, 'recv')} received`);
        await sleep(Math.min(250, Math.max(1, ms - (Date.now() - t0))), signal);
      }
    };
    let kill: KillSummary | undefined;
    if (s.scenario !== undefined) {
      await s.scenario(t0);
    } else if (s.kill !== 'none') {
      await until(killAfterMs);
      const clientNode = currentNode(ctx, client);
      const victims = killVictims(s.kill, clientNode, plan.nodes.length);
      if (victims === undefined) {
        throw new Error('could not tell which broker the client is connected to (no connected/resumed URI from the client)');
      }
      marks.killAt = Date.now();
      await mesh.kill9(victims);
      await until(restartAfterMs);
      marks.restartAt = Date.now();
      const notBack = await mesh.restart(victims, signal);
      problems.push(...notBack.map((p) => `did not come back after the kill: ${p}`));
      if (notBack.length === 0) {
        marks.restartReadyAt = Date.now();
      }
      kill = {
        node: victims.map((i) => plan.nodes[i].name).join(', '),
        reason: killReason(s.kill, clientNode === undefined ? undefined : plan.nodes[clientNode].name),
        atSeconds: (marks.killAt - t0) / 1000,
        restartedAtSeconds: (marks.restartAt - t0) / 1000,
        restartReadyAtSeconds: marks.restartReadyAt !== undefined ? (marks.restartReadyAt - t0) / 1000 : undefined,
      };
    }
    if (s.scenario === undefined) {
      await until(s.durationSeconds * 1000);
    }
    marks.producerStopAt = Date.now();
    client.send('stop-producer');
    if (!(await client.waitFor('producer-done', 60_000, signal))) {
      problems.push('the producer did not stop within 60 s (a send blocked: no broker accepted it)');
    }
    progress.done(`${count(client, 'sent')} sent, ${count(client, 'recv')} received`);

    const stats = await drain(ctx, client, marks, s.drainTimeoutSeconds);
    if (stats.missing > 0) {
      problems.push(`${stats.missing} acknowledged messages were never received, even after the restart and ${s.drainTimeoutSeconds} s of draining.`);
    }
    const consumerStarted = client.events.find(isEvent('consumer-started'));
    const lateConsumer = s.consumerDelaySeconds > 0 && marks.killAt !== undefined && consumerStarted ? consumerStarted.t - marks.killAt : undefined;
    return { stats, kill, notes: trafficNotes(stats, kill, lateConsumer), problems };
  } finally {
    await client.stop(5000);
  }
}

/** Waits until every acknowledged message has arrived (or `timeoutSeconds`), then a short settle for late duplicates. */
async function drain(ctx: DrillContext, client: ClientProcess, marks: TrafficMarks, timeoutSeconds: number): Promise<TrafficStats> {
  const { progress, signal } = ctx;
  progress.start('Draining: waiting for every acknowledged message');
  const deadline = Date.now() + timeoutSeconds * 1000;
  let missing = computeTrafficStats(client.events, marks).missing;
  while (missing > 0 && Date.now() < deadline) {
    progress.update(`${missing} not yet received`);
    await sleep(250, signal);
    missing = computeTrafficStats(client.events, marks).missing;
  }
  await sleep(500, signal);
  if (client.protocolError) {
    throw client.protocolError;
  }
  const stats = computeTrafficStats(client.events, marks);
  if (stats.missing === 0) {
    progress.done(`all ${stats.acknowledged} acknowledged messages received`);
  } else {
    progress.fail(`${stats.missing} messages missing after ${timeoutSeconds} s`);
  }
  return stats;
}

function count(client: ClientProcess, kind: 'sent' | 'recv'): number {
  return client.events.filter((e) => e.e === kind).length;
}

/** The node the traffic client is on now, from its last connected/resumed URI. */
function currentNode(ctx: DrillContext, client: ClientProcess): number | undefined {
  const last = [...client.events].reverse().find((e) => (e.e === 'connected' || e.e === 'resumed') && e.uri);
  return last && (last.e === 'connected' || last.e === 'resumed') ? ctx.mesh.nodeOfUri(last.uri) : undefined;
}

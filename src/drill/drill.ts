import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_DRILL_OPTIONS, DrillOptions, PORT_STEP, UsageError } from './args';
import { BrokerProcess } from './broker-process';
import { ClientProcess } from './client-process';
import { drillFailoverUri } from './failover-spec';
import { compileClient } from './java-client';
import { LocalBrokerConfig, LOG4J_PROPERTIES } from './local-config';
import { ProcessRegistry, sleep } from './processes';
import { Progress } from './progress';
import { BridgeCheck, BrokerSummary, DrillReport, KillSummary, NegativeResult, renderReport } from './report';
import { computeTrafficStats, TrafficMarks, TrafficStats } from './stats';
import { BrokerXml } from '../config';
import { IMeshEndpoints, MeshGraph, MeshPlan, MeshTopology } from '../topology';

/** ActiveMQ or Java is not installed: the CLI prints the message and exits 3. */
export class PrerequisiteError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/** Options for an in-process drill: the command line's, plus knobs for tests and the bench. */
export interface RunDrillOptions extends Partial<DrillOptions> {
  /** @default $ACTIVEMQ_HOME or /usr/share/activemq */
  readonly activemqHome?: string;
  /** @default a Progress on stderr */
  readonly progress?: Progress;
  /** How long the message matrix may take before a direction counts as failed. @default 30 s (negative drills 12 s) */
  readonly bridgeTimeoutSeconds?: number;
  /** How long to wait after the producer stops for every acknowledged message to arrive. @default 60 s */
  readonly drainTimeoutSeconds?: number;
  /** Install SIGINT/SIGTERM handlers that stop every process and exit 130 (the CLI does). @default false */
  readonly handleSignals?: boolean;
  /** Fixed local passwords (tests check they never leak); random per run otherwise. */
  readonly secrets?: { readonly bridgePassword: string; readonly appPassword: string; readonly wrongBridgePassword?: string };
  /** Where the compiled Java client is cached. @default $TMPDIR/cdk-activemq-mesh-drill */
  readonly clientCacheDir?: string;
}

export interface DrillResult {
  readonly exitCode: number;
  readonly report: DrillReport;
  /** The rendered text report. */
  readonly text: string;
}

const BRIDGE_USER = 'mesh-bridge';
const APP_USER = 'drill-app';
const TRAFFIC_QUEUE = 'drill.traffic';
const DEFAULT_HOME = '/usr/share/activemq';

function secret(): string {
  // base64url: letters, digits, '-' and '_' only (Amazon MQ forbids ',', ':' and '=')
  return randomBytes(18).toString('base64url');
}

function nodeName(i: number): string {
  return `node${i}`;
}

function direction(from: number, to: number): string {
  return `${nodeName(from)}→${nodeName(to)}`;
}

/** Checks that ActiveMQ and Java are installed; throws PrerequisiteError with the install command otherwise. */
export function checkPrerequisites(activemqHome: string): void {
  const jar = path.join(activemqHome, 'bin', 'activemq.jar');
  if (!fs.existsSync(jar)) {
    throw new PrerequisiteError(`ActiveMQ not found at ${activemqHome}: install it with \`apt-get install -y activemq\` (or set ACTIVEMQ_HOME to an ActiveMQ 5.x installation).`);
  }
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  if (!dirs.some((d) => d && fs.existsSync(path.join(d, 'java')))) {
    throw new PrerequisiteError('java not found on PATH: install ActiveMQ and its Java runtime with `apt-get install -y activemq`.');
  }
}

function topologyFor(o: DrillOptions): MeshTopology {
  switch (o.topology) {
    case 'hub-and-spoke':
      return MeshTopology.hubAndSpoke({ hubIndex: o.hub });
    case 'concentrator':
      return MeshTopology.concentrator();
    default:
      return MeshTopology.fullMesh();
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The Amazon MQ XML of every node, rendered through MeshPlan exactly as the construct renders it. */
export function renderMeshXml(o: DrillOptions, endpoints: IMeshEndpoints): { plan: MeshPlan; xml: string[]; networkTtl: number } {
  const topology = topologyFor(o);
  let plan: MeshPlan;
  try {
    plan = new MeshPlan({
      brokerCount: o.brokers,
      topology,
      connector: o.networkTtl !== undefined ? { networkTtl: o.networkTtl } : undefined,
      interBrokerUsername: BRIDGE_USER,
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const nodes = [...Array(o.brokers).keys()];
  if (o.negative === 'hub-ttl-1') {
    // MeshPlan refuses a TTL below the topology's minimum, so build the misconfiguration a hand-written
    // configuration would have from the plan's own connectors: networkTTL (and the TTLs that follow it) 1.
    const xml = nodes.map((i) => BrokerXml.render({
      networkConnectors: plan.connectorsFor(i, endpoints).map((c) => ({
        ...c,
        networkTtl: 1,
        consumerTtl: c.consumerTtl !== undefined ? 1 : undefined,
        messageTtl: c.messageTtl !== undefined ? 1 : undefined,
      })),
    }));
    return { plan, xml, networkTtl: 1 };
  }
  return { plan, xml: nodes.map((i) => plan.brokerXmlFor(i, endpoints)), networkTtl: plan.networkTtl };
}

interface Run {
  readonly o: DrillOptions;
  readonly r: RunDrillOptions;
  readonly progress: Progress;
  readonly registry: ProcessRegistry;
  readonly home: string;
  readonly workDir: string;
  readonly brokers: BrokerProcess[];
  readonly ports: number[];
  /** `tcp://127.0.0.1:<port>` of each node. */
  readonly urls: string[];
  /** The drill clients' password (also in `secrets`, for redaction). */
  readonly appPassword: string;
  readonly summaries: { -readonly [K in keyof BrokerSummary]: BrokerSummary[K] }[];
  readonly secrets: string[];
  readonly problems: string[];
  readonly notes: string[];
  classDir?: Promise<string>;
}

/**
 * Runs one drill: render, start brokers, message matrix, then either the negative check or the traffic with
 * kill / restart / drain. Every process it starts is stopped before it returns or throws.
 */
export async function runDrill(options: RunDrillOptions = {}): Promise<DrillResult> {
  const o: DrillOptions = { ...DEFAULT_DRILL_OPTIONS, ...stripUndefined(options) };
  const startedAt = new Date();
  const home = options.activemqHome ?? process.env.ACTIVEMQ_HOME ?? DEFAULT_HOME;
  checkPrerequisites(home);
  const progress = options.progress ?? new Progress();
  const ports = [...Array(o.brokers).keys()].map((i) => o.basePort + PORT_STEP * i);
  const urls = ports.map((p) => `tcp://127.0.0.1:${p}`);
  const endpoints: IMeshEndpoints = { openWireEndpoints: (i: number) => [urls[i]] };
  const { plan, xml, networkTtl } = renderMeshXml(o, endpoints);
  const failoverUri = o.negative ? undefined : drillFailoverUri(urls, o.failover);
  for (const [i, port] of ports.entries()) {
    if (!(await portFree(port))) {
      throw new UsageError(`port ${port} on 127.0.0.1 is in use (${nodeName(i)} needs it): stop what uses it or pass another --base-port.`);
    }
  }
  const workDir = path.resolve(o.workDir ?? path.join('.drill', startedAt.toISOString().replace(/[:.]/g, '-')));
  if (fs.existsSync(workDir) && fs.readdirSync(workDir).length > 0) {
    throw new UsageError(`--work-dir ${workDir} is not empty: pass a new directory (each run needs fresh broker data).`);
  }
  fs.mkdirSync(workDir, { recursive: true });

  const bridgePassword = options.secrets?.bridgePassword ?? secret();
  const appPassword = options.secrets?.appPassword ?? secret();
  const wrongBridgePassword = options.secrets?.wrongBridgePassword ?? secret();
  const badNode = o.negative === 'bridge-password' ? o.brokers - 1 : -1;
  const registry = new ProcessRegistry();
  const run: Run = {
    o,
    r: options,
    progress,
    registry,
    home,
    workDir,
    ports,
    urls,
    appPassword,
    brokers: [],
    summaries: [],
    problems: [],
    notes: [],
    secrets: [bridgePassword, appPassword, wrongBridgePassword],
  };

  for (let i = 0; i < o.brokers; i++) {
    const dir = path.join(workDir, nodeName(i));
    fs.mkdirSync(path.join(dir, 'conf'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'amazon-mq.xml'), xml[i]);
    const local = LocalBrokerConfig.fromAmazonMqXml(xml[i], {
      brokerName: nodeName(i),
      dataDirectory: path.join(dir, 'data'),
      openWirePort: ports[i],
      bridgeUser: BRIDGE_USER,
      bridgePassword: i === badNode ? wrongBridgePassword : bridgePassword,
      appUser: APP_USER,
      appPassword,
    });
    fs.writeFileSync(path.join(dir, 'conf', 'activemq.xml'), local, { mode: 0o600 });
    fs.writeFileSync(path.join(dir, 'conf', 'log4j.properties'), LOG4J_PROPERTIES);
    run.brokers.push(new BrokerProcess({ name: nodeName(i), dir, activemqHome: home, registry }));
    run.summaries.push({ name: nodeName(i), port: ports[i] });
  }

  const compileAbort = new AbortController();
  let aborting = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (aborting) {
      registry.killAll();
      process.exit(130);
    }
    aborting = true;
    progress.info(`\n${signal}: stopping every process the drill started...`);
    compileAbort.abort();
    void Promise.race([stopAll(run), sleep(5000)]).finally(() => {
      registry.killAll();
      redactSecrets(run);
      process.exit(130);
    });
  };
  const onExit = () => registry.killAll();
  process.on('exit', onExit);
  if (options.handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  let bridges: BridgeCheck | undefined;
  let negative: NegativeResult | undefined;
  let traffic: { stats: TrafficStats; kill?: KillSummary } | undefined;
  try {
    run.classDir = compileClient(home, options.clientCacheDir, compileAbort.signal);
    run.classDir.catch(() => undefined);
    await startBrokers(run);
    const graph = plan.graph();
    const unreachable = new Set(graph.unreachablePairs(networkTtl).map((p) => `${p.from}→${p.to}`));
    bridges = await checkBridges(run, unreachable);
    if (o.negative) {
      negative = judgeNegative(run, graph, networkTtl, bridges, unreachable, badNode);
    } else if (bridges.failed.length > 0) {
      run.problems.push(`a bridge never formed: no message crossed ${bridges.failed.join(', ')} within ${bridgeTimeout(run) / 1000} s.`);
      const evidence = logEvidence(run);
      if (evidence.length > 0) {
        run.problems.push(`broker logs: ${evidence.join(' | ')}`);
      }
    } else {
      traffic = await runTraffic(run, failoverUri!);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PrerequisiteError) {
      throw e;
    }
    progress.fail((e as Error).message.split('\n')[0]);
    run.problems.push(redact(run, (e as Error).message));
  } finally {
    // javac is a process the drill started too
    compileAbort.abort();
    await run.classDir?.catch(() => undefined);
    progress.start('Stopping brokers');
    await stopAll(run);
    progress.done();
    redactSecrets(run);
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const ok = run.problems.length === 0 && (o.negative ? negative?.detected === true : traffic !== undefined);
  const exitCode = ok ? 0 : 1;
  const verdict = verdictFor(run, ok, negative, traffic?.stats);
  const report: DrillReport = {
    ok,
    exitCode,
    verdict,
    startedAt: startedAt.toISOString(),
    elapsedMs: Date.now() - startedAt.getTime(),
    settings: {
      brokers: o.brokers,
      topology: o.topology,
      hubIndex: o.topology === 'hub-and-spoke' ? o.hub : undefined,
      networkTtl,
      failover: o.failover,
      failoverUri,
      rate: o.negative ? undefined : o.rate,
      consumerDelaySeconds: o.negative || !o.consumerDelaySeconds ? undefined : o.consumerDelaySeconds,
      durationSeconds: o.negative ? undefined : o.durationSeconds,
      kill: o.negative ? undefined : String(o.kill),
      negative: o.negative,
      workDir,
    },
    brokers: run.summaries,
    bridges,
    negative,
    kill: traffic?.kill,
    traffic: traffic?.stats,
    notes: run.notes,
    problems: run.problems,
  };
  const text = renderReport(report);
  if (o.jsonFile) {
    fs.writeFileSync(o.jsonFile, JSON.stringify(report, null, 2) + '\n');
  }
  return { exitCode, report, text };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function bridgeTimeout(run: Run): number {
  return (run.r.bridgeTimeoutSeconds ?? (run.o.negative ? 12 : 30)) * 1000;
}

async function startBrokers(run: Run): Promise<void> {
  const { progress, brokers } = run;
  progress.start(`Starting ${brokers.length} ActiveMQ brokers`);
  let ready = 0;
  const results = await Promise.allSettled(brokers.map(async (b, i) => {
    run.summaries[i].startMs = await b.start();
    progress.update(`${++ready}/${brokers.length} ready`);
  }));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    throw new Error(failed.map((r) => (r.reason as Error).message).join('\n'));
  }
  progress.done(`${brokers.length} brokers up`);
}

/** Starts the Java client in one of its modes, as the application user, its log in `<workDir>/<mode>-client.log`. */
async function startClient(run: Run, mode: 'matrix' | 'traffic', args: string[]): Promise<ClientProcess> {
  return new ClientProcess({
    activemqHome: run.home,
    classDir: await run.classDir!,
    registry: run.registry,
    user: APP_USER,
    password: run.appPassword,
    logPath: path.join(run.workDir, `${mode}-client.log`),
    args: [mode, ...args],
  });
}

/** The message matrix: a real message across every ordered pair of brokers. */
async function checkBridges(run: Run, unreachable: Set<string>): Promise<BridgeCheck> {
  const { progress, o } = run;
  const pairs: [number, number][] = [];
  for (let from = 0; from < o.brokers; from++) {
    for (let to = 0; to < o.brokers; to++) {
      if (from !== to) {
        pairs.push([from, to]);
      }
    }
  }
  const expected = pairs.filter(([f, t]) => !unreachable.has(direction(f, t)));
  // A normal drill checks the directions the graph expects; a negative drill checks every direction.
  const checked = o.negative ? pairs : expected;
  progress.start(`Waiting for bridges (message matrix over ${checked.length} directions)`);
  const started = Date.now();
  const client = await startClient(run, 'matrix', [String(bridgeTimeout(run)), randomBytes(4).toString('hex'),
    run.urls.join(','), checked.map(([f, t]) => `${f}>${t}`).join(',')]);
  let carried = 0;
  client.onEvent((e) => {
    if (e.e === 'pair') {
      progress.update(`${++carried}/${checked.length} directions carry messages`);
    }
  });
  const done = await client.waitFor((e) => e.e === 'matrix-done', bridgeTimeout(run) + 30_000);
  await client.stop(3000);
  if (!done) {
    throw new Error(`the message-matrix client ended without a result; see ${client.logPath}`);
  }
  const okSet = new Set(((done as unknown as { ok: string[] }).ok).map((p) => p.split('>').map(Number)).map(([f, t]) => direction(f, t)));
  const checkedDirections = checked.map(([f, t]) => direction(f, t));
  const carrying = checkedDirections.filter((d) => okSet.has(d));
  const failed = checkedDirections.filter((d) => !okSet.has(d));
  const result: BridgeCheck = {
    expected: expected.map(([f, t]) => direction(f, t)),
    checked: checkedDirections,
    notExpected: pairs.map(([f, t]) => direction(f, t)).filter((d) => unreachable.has(d)),
    carrying,
    failed,
    elapsedMs: Date.now() - started,
  };
  if (failed.length === 0) {
    progress.done(`${carrying.length}/${checked.length} directions carry messages`);
  } else {
    progress.fail(`${failed.length} of ${checked.length} directions carried no message`);
  }
  return result;
}

/** Broker log lines that show why bridges failed; secrets redacted (ActiveMQ does not log them anyway). */
function logEvidence(run: Run): string[] {
  const pattern = /SecurityException|password is invalid|shutdown due to|Failed to add Connection/;
  const lines = new Set<string>();
  for (const b of run.brokers) {
    for (const line of b.readLog().split('\n')) {
      if (pattern.test(line) && lines.size < 4) {
        lines.add(`${b.name}: ${redact(run, cleanLogLine(line)).slice(0, 200)}`);
      }
    }
  }
  return [...lines];
}

/** "2026-… WARN [thread] Class - message" → "WARN Class - message", without connection-id noise. */
export function cleanLogLine(line: string): string {
  return line
    .replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\s+/, '')
    .replace(/\[[^\]]*\]\s+/, '')
    .replace(/ id=\S+, clientId=\S+, clientIP=\S+/, '')
    .trim();
}

function redact(run: Run, text: string): string {
  return run.secrets.reduce((t, s) => t.split(s).join('***'), text);
}

function judgeNegative(run: Run, graph: MeshGraph, ttl: number, bridges: BridgeCheck, unreachable: Set<string>, badNode: number): NegativeResult {
  const { o } = run;
  const failed = new Set(bridges.failed);
  const explanation: string[] = [];
  let detected: boolean;
  if (o.negative === 'bridge-password') {
    const bad = nodeName(badNode);
    const involved = (d: string) => d.startsWith(`${bad}→`) || d.endsWith(`→${bad}`);
    detected = failed.size > 0 && [...failed].every(involved) && bridges.carrying.every((d) => !involved(d));
    if (detected) {
      explanation.push(`${bad} was given a different inter-broker password from the other ${o.brokers - 1} brokers.`);
      explanation.push(`Every direction to or from ${bad} carried no message (${bridges.failed.join(', ')}), while the other directions worked.`);
      explanation.push('A bridge logs in to the remote broker as the bridge user, and ActiveMQ also checks the same credentials on');
      explanation.push('its own local connection, so a mismatch breaks bridges in both directions. The bridge user name and');
      explanation.push('password must be identical on every node of the mesh (the construct uses one shared secret for all brokers).');
      explanation.push('The broker logs first say the bridge "has been established" and only then shut it down, which is why the');
      explanation.push('drill checks bridges with real messages rather than by reading logs.');
    } else {
      explanation.push(`The mismatched password on ${bad} was NOT detected: the directions that failed were [${bridges.failed.join(', ')}].`);
    }
  } else {
    const expectedUnreachable = [...unreachable];
    detected = expectedUnreachable.length > 0
      && expectedUnreachable.every((d) => failed.has(d))
      && bridges.failed.every((d) => unreachable.has(d));
    if (detected) {
      explanation.push(`With networkTTL ${ttl}, ${expectedUnreachable.length} spoke-to-spoke directions carried no message, exactly the ones the mesh graph predicts:`);
      for (const d of expectedUnreachable) {
        const [from, to] = d.split('→');
        explanation.push(`- ${graph.explainUnreachable(from, to, ttl) ?? d}`);
      }
      explanation.push(`Every hub-to-spoke and spoke-to-hub direction worked. The ActiveMqBrokerMesh construct refuses networkTtl ${ttl} for hub-and-spoke for this reason.`);
    } else {
      explanation.push(`networkTTL ${ttl} on hub-and-spoke was NOT detected: expected [${expectedUnreachable.join(', ')}] to fail, but [${bridges.failed.join(', ')}] failed.`);
    }
  }
  return { kind: o.negative!, detected, explanation, evidence: logEvidence(run) };
}

async function runTraffic(run: Run, failoverUri: string): Promise<{ stats: TrafficStats; kill?: KillSummary }> {
  const { progress, o } = run;
  const durationMs = o.durationSeconds * 1000;
  const killAfter = Math.max(2000, durationMs * 0.3);
  const restartAfter = Math.max(killAfter + 2000, durationMs * 0.6);
  progress.start(`Traffic: ${o.rate} msg/s for ${o.durationSeconds} s${o.kill === 'none' ? '' : `, kill -9 at ${(killAfter / 1000).toFixed(1)} s, restart at ${(restartAfter / 1000).toFixed(1)} s`}`);
  const client = await startClient(run, 'traffic', [failoverUri, TRAFFIC_QUEUE, String(o.rate), String(o.consumerDelaySeconds * 1000)]);
  let sent = 0;
  let received = 0;
  client.onEvent((e) => {
    if (e.e === 'sent') {
      sent++;
    } else if (e.e === 'recv') {
      received++;
    }
  });
  try {
    const connected = await client.waitFor((e) => e.e === 'connected', 30_000);
    if (!connected) {
      throw new Error(`the traffic client did not connect within 30 s; see ${client.logPath}`);
    }
    const t0 = connected.t;
    const marks: { -readonly [K in keyof TrafficMarks]: TrafficMarks[K] } = { trafficStartAt: t0 };
    const until = async (ms: number) => {
      while (Date.now() - t0 < ms) {
        progress.update(`${((Date.now() - t0) / 1000).toFixed(0)} s, ${sent} sent, ${received} received`);
        await sleep(Math.min(250, Math.max(1, ms - (Date.now() - t0))));
      }
    };
    let kill: KillSummary | undefined;
    if (o.kill !== 'none') {
      await until(killAfter);
      const clientNode = clientBroker(run, client);
      const victims = o.kill === 'all' ? run.brokers.map((_, i) => i) : [o.kill === 'client' ? clientNode : o.kill];
      if (victims[0] === undefined) {
        throw new Error('could not tell which broker the client is connected to (no connected/resumed URI from the client)');
      }
      const nodes = victims as number[];
      marks.killAt = Date.now();
      await Promise.all(nodes.map((i) => run.brokers[i].kill9()));
      await until(restartAfter);
      marks.restartAt = Date.now();
      const restarted = await Promise.allSettled(nodes.map(async (i) => {
        run.summaries[i].restartMs = await run.brokers[i].start();
      }));
      restarted.forEach((r, k) => {
        if (r.status === 'rejected') {
          run.problems.push(`${nodeName(nodes[k])} did not come back after the kill: ${(r.reason as Error).message.split('\n')[0]}`);
        }
      });
      if (restarted.every((r) => r.status === 'fulfilled')) {
        marks.restartReadyAt = Date.now();
      }
      kill = {
        node: nodes.map(nodeName).join(', '),
        reason: o.kill === 'client' ? 'the broker the client was connected to'
          : o.kill === 'all' ? `every broker: a whole-mesh outage (the client was on ${clientNode === undefined ? 'an unknown node' : nodeName(clientNode)})`
            : 'chosen with --kill',
        atSeconds: (marks.killAt - t0) / 1000,
        restartedAtSeconds: (marks.restartAt - t0) / 1000,
        restartReadyAtSeconds: marks.restartReadyAt !== undefined ? (marks.restartReadyAt - t0) / 1000 : undefined,
      };
    }
    await until(durationMs);
    marks.producerStopAt = Date.now();
    client.send('stop-producer');
    const producerDone = await client.waitFor((e) => e.e === 'producer-done', 60_000);
    if (!producerDone) {
      run.problems.push('the producer did not stop within 60 s (a send blocked: no broker accepted it)');
    }
    progress.done(`${sent} sent, ${received} received`);

    progress.start('Draining: waiting for every acknowledged message');
    const drainMs = (run.r.drainTimeoutSeconds ?? 60) * 1000;
    const drainStart = Date.now();
    let missing = Infinity;
    while (Date.now() - drainStart < drainMs) {
      missing = computeTrafficStats(client.events, marks).missing;
      if (missing === 0) {
        break;
      }
      progress.update(`${missing} not yet received`);
      await sleep(250);
    }
    // a short settle so late duplicates are counted too
    await sleep(500);
    const stats = computeTrafficStats(client.events, marks);
    if (stats.missing === 0) {
      progress.done(`all ${stats.acknowledged} acknowledged messages received`);
    } else {
      progress.fail(`${stats.missing} messages missing after ${(drainMs / 1000).toFixed(0)} s`);
      run.problems.push(`${stats.missing} acknowledged messages were never received, even after the restart and ${(drainMs / 1000).toFixed(0)} s of draining.`);
    }
    if (kill) {
      run.notes.push(stats.strandedUntilRestart > 0
        ? `A network of brokers forwards messages; it does not replicate them. ${stats.strandedUntilRestart} message(s) stored on ${kill.node} when it was killed waited there and were delivered only after ${kill.node} restarted (counted above as received, not missing). Had ${kill.node} not come back, they would have stayed unavailable until its storage was recovered.`
        : `A network of brokers forwards messages; it does not replicate them. In this run no acknowledged message was waiting on ${kill.node} when it was killed (the consumer kept up), so none had to wait for the restart; messages that do wait on a dead broker are delivered only after it comes back.`);
    }
    const consumerStarted = client.events.find((e) => e.e === 'consumer-started');
    if (o.consumerDelaySeconds > 0 && marks.killAt !== undefined && consumerStarted && consumerStarted.t > marks.killAt) {
      run.notes.push(`The consumer started ${((consumerStarted.t - marks.killAt) / 1000).toFixed(1)} s after the kill (--consumer-delay), so the receive-side time to recover includes that delay; use the send-side figure for failover speed.`);
    }
    if (stats.duplicates > 0) {
      run.notes.push(`${stats.duplicates} duplicate deliveries: after a failover, messages in flight or stranded on the killed broker can arrive twice (the redelivered flag does not survive the bridge). The drill requires no loss, not exactly-once; consumers should be idempotent.`);
    }
    return { stats, kill };
  } finally {
    await client.stop(5000);
  }
}

/** The node the traffic client is on now, from its last connected/resumed URI. */
function clientBroker(run: Run, client: ClientProcess): number | undefined {
  const last = [...client.events].reverse().find((e) => (e.e === 'connected' || e.e === 'resumed') && e.uri);
  const port = last?.uri ? Number(/:(\d+)\/?$/.exec(last.uri)?.[1]) : NaN;
  const i = run.ports.indexOf(port);
  return i >= 0 ? i : undefined;
}

async function stopAll(run: Run): Promise<void> {
  await Promise.all(run.brokers.map((b) => b.stop(5000)));
  run.registry.killAll();
}

/** Local passwords live only in the brokers' conf files while they run; afterwards they are blanked. */
function redactSecrets(run: Run): void {
  for (const b of run.brokers) {
    const conf = path.join(b.dir, 'conf', 'activemq.xml');
    try {
      fs.writeFileSync(conf, fs.readFileSync(conf, 'utf8').replace(/password="[^"]*"/g, 'password="(redacted after the drill)"'));
    } catch {
      // nothing to redact
    }
  }
}

function verdictFor(run: Run, ok: boolean, negative: NegativeResult | undefined, stats: TrafficStats | undefined): string {
  if (negative) {
    return negative.detected
      ? `the '${negative.kind}' misconfiguration was detected by the message matrix and explained.`
      : `the '${negative.kind}' misconfiguration went undetected.`;
  }
  if (!ok || !stats) {
    return run.problems[0] ?? 'the drill did not complete.';
  }
  const rec = stats.recovery;
  return `every bridge carried messages; ${stats.acknowledged} persistent messages sent, 0 missing, ${stats.duplicates} duplicates`
    + (rec?.firstReceiveAfterMs !== undefined ? `; traffic resumed ${Math.round(rec.firstReceiveAfterMs)} ms after the kill.` : '.');
}

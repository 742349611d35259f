import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { AccessResult, accessProblems, checkAccess } from './access-check';
import { DrillOptions, UsageError } from './args';
import { checkBridges } from './bridge-matrix';
import { DrillContext } from './context';
import { drillFailoverUri } from './failover-spec';
import { DrillClient } from './java-client';
import { LocalMesh } from './local-mesh';
import { judgeNegative } from './negative';
import { allDirections, BRIDGE_USER, DrillPlan } from './plan';
import { activeMqHome, findActiveMq } from './prerequisites';
import { DrillInterrupted, ProcessRegistry } from './processes';
import { Progress } from './progress';
import { BridgeCheck, DrillReport, NegativeResult, renderReport, verdict } from './report';
import { runRotation, rotationOf } from './rotation';
import { judgeNaiveRotation, RotationReport, rotationProblems } from './rotation-report';
import { DrillSecrets, DrillSecretValues } from './secrets';
import { runTraffic, TrafficOutcome } from './traffic';

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
  /** Rotation: how long after a broker's "started" its bridges may take to come back. @default 8 s */
  readonly rotationGraceSeconds?: number;
  /** Fixed local passwords (tests check they never leak); random per run otherwise. */
  readonly secrets?: DrillSecretValues;
  /** Where the compiled Java client is cached. @default defaultClientCacheRoot() */
  readonly clientCacheDir?: string;
  /** Ctrl-C: every process is stopped and `runDrill` rejects with DrillInterrupted. */
  readonly signal?: AbortSignal;
  /** Registers a synchronous last-resort clean-up (the CLI runs it on exit and on a second Ctrl-C); returns its removal. */
  readonly addExitHook?: (hook: () => void) => () => void;
}

export interface DrillResult {
  readonly exitCode: number;
  readonly report: DrillReport;
  /** The rendered text report. */
  readonly text: string;
}

/** What a run of one plan reports besides what the phases find. */
export interface PlanRunInfo {
  /** The report's settings that describe where the plan comes from (brokers, topology, networkTTL, --from, case). */
  readonly settings: Pick<DrillReport['settings'], 'brokers' | 'topology' | 'hubIndex' | 'networkTtl' | 'from' | 'case'>;
  /** Found before anything started; each fails the drill. */
  readonly problems?: readonly string[];
  /** Left out or changed, and why. */
  readonly notes?: readonly string[];
}

/** Runs the phases of one plan (see `runDrill`). */
export async function runPlan(plan: DrillPlan, o: DrillOptions, options: RunDrillOptions, info: PlanRunInfo): Promise<DrillResult> {
  const startedAt = new Date();
  const clients = clientNodes(plan);
  // with its own consumer, the client connects in node order: the producer first to its first node, the consumer to its
  const ordered = clients.consumer !== undefined;
  const noTraffic = o.negative !== undefined && rotationOf(o) === undefined;
  const failoverUri = noTraffic ? undefined : drillFailoverUri(clients.producer.map((i) => plan.nodes[i].url), o.failover, ordered);
  const consumerUri = noTraffic || clients.consumer === undefined ? undefined
    : drillFailoverUri(clients.consumer.map((i) => plan.nodes[i].url), o.failover, ordered);
  await ensurePortsFree(plan);
  const workDir = checkWorkDir(o.workDir);
  const install = findActiveMq(activeMqHome(options.activemqHome));

  const created = workDir === undefined || !fs.existsSync(workDir);
  const dir = workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-activemq-mesh-drill-'));
  fs.mkdirSync(dir, { recursive: true });
  const registry = new ProcessRegistry();
  const removeExitHook = options.addExitHook?.(() => registry.killAll());
  try {
    const client = await DrillClient.prepare(install, { cacheRoot: options.clientCacheDir, signal: options.signal });
    if (failoverUri) {
      const logPath = path.join(dir, 'check-client.log');
      const refused = await client.checkFailoverUri(failoverUri, { registry, logPath, signal: options.signal });
      if (refused !== undefined) {
        // nothing ran: leave the work directory as it was, so the same command works once the option is fixed
        fs.rmSync(created ? dir : logPath, { recursive: true, force: true });
        throw new UsageError(`--failover '${o.failover}' is refused by the ActiveMQ client: ${refused} (URI ${failoverUri}).`);
      }
    }
    const secrets = new DrillSecrets(options.secrets);
    const mesh = new LocalMesh({ plan, workDir: dir, install, secrets, registry });
    const progress = options.progress ?? new Progress();
    const ctx: DrillContext = {
      plan,
      mesh,
      progress,
      signal: options.signal,
      startClient: (mode, args, user = plan.clientUser) => client.start([mode, ...args],
        { registry, logPath: path.join(dir, `${mode}-client.log`), user: user.username, password: secrets.passwordFor(user.passwordKey) }),
    };
    const found = await drillLocalMesh(ctx, o, { producer: failoverUri, consumer: consumerUri }, options, secrets);
    const problems = [...info.problems ?? [], ...found.problems];
    const ok = problems.length === 0 && (o.negative ? found.negative?.detected === true : found.traffic !== undefined);
    if (ok) {
      mesh.removeData();
    }
    const report: DrillReport = {
      ok,
      exitCode: ok ? 0 : 1,
      verdict: verdict({ ok, problems, negative: found.negative, traffic: found.traffic?.stats, rotation: found.rotation }),
      startedAt: startedAt.toISOString(),
      elapsedMs: Date.now() - startedAt.getTime(),
      settings: {
        ...info.settings,
        failover: o.failover,
        failoverUri,
        consumerFailoverUri: consumerUri,
        rate: noTraffic ? undefined : o.rate,
        consumerDelaySeconds: o.negative || !o.consumerDelaySeconds ? undefined : o.consumerDelaySeconds,
        durationSeconds: o.negative || o.rotate ? undefined : o.durationSeconds,
        kill: o.negative || o.rotate ? undefined : String(o.kill),
        rotation: rotationOf(o),
        negative: o.negative,
        workDir: dir,
      },
      brokers: mesh.summaries(),
      bridges: found.bridges,
      negative: found.negative,
      authorization: found.access,
      rotation: found.rotation,
      kill: found.traffic?.kill,
      traffic: found.traffic?.stats,
      notes: [...info.notes ?? [], ...found.traffic?.notes ?? []],
      problems,
    };
    if (o.jsonFile) {
      fs.writeFileSync(o.jsonFile, JSON.stringify(report, null, 2) + '\n');
    }
    return { exitCode: report.exitCode, report, text: renderReport(report) };
  } finally {
    registry.killAll();
    removeExitHook?.();
  }
}

/** The nodes the traffic client's producer (and, when it has its own, consumer) connect to, in failover order. */
function clientNodes(plan: DrillPlan): { producer: readonly number[]; consumer?: readonly number[] } {
  return plan.clients ?? { producer: plan.nodes.map((_, i) => i) };
}

/** What the phases on the local mesh found. */
interface LocalMeshFindings {
  readonly bridges?: BridgeCheck;
  readonly negative?: NegativeResult;
  readonly access?: AccessResult[];
  readonly rotation?: RotationReport;
  readonly traffic?: TrafficOutcome;
  readonly problems: string[];
}

/**
 * The phases on the local mesh: start the brokers, the bridge matrix, then the negative check or the traffic
 * run; the brokers are always stopped and their conf files redacted. A failure of a phase is a problem in the
 * findings (the drill fails, with a report); an interruption is thrown once everything is stopped.
 */
async function drillLocalMesh(ctx: DrillContext, o: DrillOptions, uris: { producer?: string; consumer?: string },
  options: RunDrillOptions, secrets: DrillSecrets): Promise<LocalMeshFindings> {
  const { plan, mesh, progress } = ctx;
  const problems: string[] = [];
  let bridges: BridgeCheck | undefined;
  try {
    await mesh.start(progress, ctx.signal);
    // a normal drill checks the directions the graph expects; a negative drill of the XML checks every direction
    const rotation = rotationOf(o);
    const matrixNegative = o.negative !== undefined && rotation === undefined;
    const directions = matrixNegative ? allDirections(plan.nodes.length) : plan.expected;
    const bridgeTimeoutMs = (options.bridgeTimeoutSeconds ?? (matrixNegative ? 12 : 30)) * 1000;
    bridges = await checkBridges(ctx, directions, bridgeTimeoutMs);
    if (o.negative !== undefined && rotation === undefined) {
      return { bridges, negative: judgeNegative(o.negative, plan, bridges, mesh.logEvidence()), problems };
    }
    if (bridges.failed.length > 0) {
      problems.push(`a bridge never formed: no message crossed ${bridges.failed.join(', ')} within ${bridgeTimeoutMs / 1000} s.`);
      const evidence = mesh.logEvidence();
      if (evidence.length > 0) {
        problems.push(`broker logs: ${evidence.join(' | ')}`);
      }
      return { bridges, problems };
    }
    const access = plan.accessProbes !== undefined && plan.accessProbes.length > 0 ? await checkAccess(ctx, plan.accessProbes) : undefined;
    if (rotation !== undefined) {
      const { traffic, ...report } = await runRotation(ctx, {
        kind: rotation,
        bridgeUser: BRIDGE_USER,
        failoverUri: uris.producer!,
        consumerUri: uris.consumer,
        queue: `${plan.queuePrefix}.traffic`,
        rate: o.rate,
        drainTimeoutSeconds: options.drainTimeoutSeconds ?? 60,
        probeIntervalMs: 250,
        latencyMs: 1000,
        graceMs: options.rotationGraceSeconds !== undefined ? options.rotationGraceSeconds * 1000 : 8000,
      });
      const negative = rotation === 'naive' ? judgeNaiveRotation(report) : undefined;
      return {
        bridges,
        access,
        traffic,
        rotation: report,
        negative,
        problems: [...accessProblems(access ?? []), ...traffic.problems, ...(negative === undefined ? rotationProblems(report) : [])],
      };
    }
    const traffic = await runTraffic(ctx, {
      failoverUri: uris.producer!,
      consumerUri: uris.consumer,
      queue: `${plan.queuePrefix}.traffic`,
      rate: o.rate,
      durationSeconds: o.durationSeconds,
      consumerDelaySeconds: o.consumerDelaySeconds,
      kill: o.kill,
      drainTimeoutSeconds: options.drainTimeoutSeconds ?? 60,
    });
    return { bridges, access, traffic, problems: [...accessProblems(access ?? []), ...traffic.problems] };
  } catch (e) {
    if (e instanceof DrillInterrupted) {
      throw e;
    }
    progress.fail((e as Error).message.split('\n')[0]);
    return { bridges, problems: [secrets.redact((e as Error).message)] };
  } finally {
    progress.start('Stopping brokers');
    await mesh.stop(5000);
    progress.done();
    mesh.redactConfigs();
  }
}

export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Every node's port must be free on loopback: a UsageError naming the node and the fix otherwise. */
export async function ensurePortsFree(plan: DrillPlan): Promise<void> {
  for (const node of plan.nodes) {
    if (!(await portFree(node.port))) {
      throw new UsageError(`port ${node.port} on 127.0.0.1 is in use (${node.name} needs it): stop what uses it or pass another --base-port.`);
    }
  }
}

/** `--work-dir` resolved, refused unless new or empty (each run needs fresh broker data); undefined without one. */
export function checkWorkDir(workDir: string | undefined): string | undefined {
  if (workDir === undefined) {
    return undefined;
  }
  const dir = path.resolve(workDir);
  if (fs.existsSync(dir) && (!fs.statSync(dir).isDirectory() || fs.readdirSync(dir).length > 0)) {
    throw new UsageError(`--work-dir ${dir} is not an empty directory: pass a new one (each run needs fresh broker data).`);
  }
  return dir;
}

import { randomBytes } from 'node:crypto';
import { BridgeSamples, Outage, pathOf, sampleBridges, SampledDirection } from './bridge-samples';
import { ClientProcess } from './client-process';
import { DrillContext } from './context';
import { CLIENT_USER, directionLabel, DrillNode, DrillUser } from './plan';
import { sleep } from './processes';
import { runTraffic, TrafficOutcome } from './traffic';
import { switchConnectorUser } from '../lifecycle/handler/connector-user';
import { alternateUsername, applyStep, brokenBridges, ModelNode, RolloutLink, rotationPlan, RotationStep } from '../topology';

/** `alternating-users`: the library's rotation of the inter-broker user; `naive`: one user, the new password everywhere, then reboots. */
export type RotationKind = 'alternating-users' | 'naive';

/** What the rotation drill does under traffic. */
export interface RotationSettings {
  readonly kind: RotationKind;
  /** The inter-broker user (every connector's `userName` at the start). */
  readonly bridgeUser: string;
  readonly failoverUri: string;
  readonly consumerUri?: string;
  readonly queue: string;
  readonly rate: number;
  readonly drainTimeoutSeconds: number;
  /** A probe per direction every `probeIntervalMs`; up when it arrives within `latencyMs`. */
  readonly probeIntervalMs: number;
  readonly latencyMs: number;
  /** After a node's "started", how long its bridges may take to come back (ActiveMQ's reconnect back-off). */
  readonly graceMs: number;
}

/** One step of the rotation as the drill performed it. */
export interface RotationStepReport {
  /** `set-password node1 mesh-bridge_clone`, `switch-connectors node1 → mesh-bridge_clone`, `reboot node1`, `promote`. */
  readonly step: string;
  /** Seconds after the monitor was warm (every direction carried a probe): the timeline's 0. */
  readonly atSeconds: number;
  /** For a reboot: seconds from the stop to "started". */
  readonly downSeconds?: number;
  /** The links the library's model says are down after the step (`brokenBridges`). */
  readonly modelBroken: string[];
}

/** What the rotation drill found. */
export interface RotationOutcome {
  readonly kind: RotationKind;
  /** The user whose password changed. */
  readonly rotatedUser: string;
  /** The user the connectors log in as at the end (several, comma-separated, if they disagree). */
  readonly connectorUserAfter: string;
  readonly steps: RotationStepReport[];
  readonly samples: BridgeSamples;
  readonly settings: { readonly probeIntervalMs: number; readonly latencyMs: number; readonly graceMs: number };
  readonly traffic: TrafficOutcome;
  /** Broker log lines during the rotation that show refused credentials. */
  readonly authFailures: string[];
  /** From the warm monitor to the end of the rotation's settle. */
  readonly elapsedSeconds: number;
}

/** The rotation the options ask for: `--rotate`, or `--negative naive-rotation`. */
export function rotationOf(o: { readonly rotate?: boolean; readonly negative?: string }): RotationKind | undefined {
  return o.rotate ? 'alternating-users' : o.negative === 'naive-rotation' ? 'naive' : undefined;
}

/** The key of the rotated user's new password (`DrillSecrets.passwordFor`). */
export const ROTATED_PASSWORD_KEY = 'rotated';

function describeStep(ctx: DrillContext, step: RotationStep): string {
  const name = (i: number) => ctx.plan.nodes[i].name;
  switch (step.kind) {
    case 'set-password': return `set-password ${name(step.node)} ${step.user}`;
    case 'switch-connectors': return `switch-connectors ${name(step.node)} → ${step.user}`;
    case 'reboot': return `reboot ${name(step.node)}`;
    default: return 'promote';
  }
}

/** The node as the model says it runs: its applied users (password keys) and its connectors' user. */
export function nodeAsApplied(base: DrillNode, state: ModelNode, bridgeGroups: readonly string[]): DrillNode {
  const users: DrillUser[] = Object.entries(state.applied).map(([username, passwordKey]) => ({ username, passwordKey, groups: bridgeGroups }));
  return { ...base, users: [...users, CLIENT_USER], amazonMqXml: switchConnectorUser(base.amazonMqXml, state.connectorUser) };
}

/**
 * Rotates the inter-broker credentials of the running local mesh the way the library does (`rotationPlan`, the same
 * steps in the same order; `switchConnectorUser`, the same XML change), under persistent traffic, while a monitor
 * probes every direction continuously. Set-password and switch steps are pending (the model holds them); a reboot
 * stops the broker cleanly, writes what it applies and starts it, then waits until its bridges carry probes again (at
 * most the grace) before the next step.
 */
export async function runRotation(ctx: DrillContext, s: RotationSettings): Promise<RotationOutcome> {
  const { plan, mesh, progress, signal } = ctx;
  const index = new Map(plan.nodes.map((n, i) => [n.name, i]));
  const links: RolloutLink[] = plan.graph.links.map((l) => ({ from: index.get(l.from)!, to: index.get(l.to)!, duplex: l.duplex }));
  const rotatedUser = s.kind === 'alternating-users' ? alternateUsername(s.bridgeUser) : s.bridgeUser;
  const steps = rotationPlan({ nodeCount: plan.nodes.length, links, strategy: s.kind === 'naive' ? 'single-user' : 'alternating-users', rotatedUser });
  const bridgeGroups = plan.nodes[0].users.find((u) => u.username === s.bridgeUser)?.groups ?? [];
  let model: ModelNode[] = plan.nodes.map((n) => ({
    applied: Object.fromEntries(n.users.filter((u) => u.username === s.bridgeUser).map((u) => [u.username, u.passwordKey])),
    pending: {},
    connectorUser: s.bridgeUser,
  }));
  const directions: SampledDirection[] = plan.expected.map((d) => ({ ...d, path: pathOf(d.from, d.to, links), label: directionLabel(plan, d) }));
  const monitor = ctx.startClient('monitor', [String(s.probeIntervalMs), `${plan.queuePrefix}.monitor.${randomBytes(4).toString('hex')}`,
    plan.nodes.map((n) => n.url).join(','), plan.expected.map((d) => `${d.from}>${d.to}`).join(',')]);
  const outages: Outage[] = [];
  const reports: RotationStepReport[] = [];
  const logSizes = mesh.logSizes();
  let startAt = Date.now();
  let elapsedSeconds = 0;
  try {
    const traffic = await runTraffic(ctx, {
      failoverUri: s.failoverUri,
      consumerUri: s.consumerUri,
      queue: s.queue,
      rate: s.rate,
      durationSeconds: 0,
      consumerDelaySeconds: 0,
      kill: 'none',
      drainTimeoutSeconds: s.drainTimeoutSeconds,
      scenario: async () => {
        // the monitor is warm once every direction has carried a probe: judged (and timed) from then on
        await waitForProbes(ctx, monitor, directions, Date.now(), 30_000);
        startAt = Date.now();
        for (const step of steps) {
          const at = (Date.now() - startAt) / 1000;
          progress.update(`${describeStep(ctx, step)} (${reports.length + 1}/${steps.length})`);
          model = applyStep(model, step, ROTATED_PASSWORD_KEY);
          let downSeconds: number | undefined;
          if (step.kind === 'reboot') {
            const outage = { node: step.node, from: Date.now() } as { node: number; from: number; to?: number };
            outages.push(outage);
            const { stoppedAt, readyAt } = await mesh.reboot(step.node, nodeAsApplied(plan.nodes[step.node], model[step.node], bridgeGroups), signal);
            outage.from = stoppedAt;
            outage.to = readyAt;
            downSeconds = (readyAt - stoppedAt) / 1000;
            await waitForProbes(ctx, monitor, directions.filter((d) => d.path.includes(step.node)), readyAt, s.graceMs);
          }
          const broken = brokenBridges(model, links).map((l) => `${plan.nodes[l.from].name}→${plan.nodes[l.to].name}`);
          reports.push({ step: describeStep(ctx, step), atSeconds: at, downSeconds, modelBroken: broken });
        }
        await sleep(Math.min(2000, s.graceMs), signal);
        elapsedSeconds = (Date.now() - startAt) / 1000;
      },
    });
    monitor.send('quit');
    await monitor.waitFor('closed', 5000, signal);
    const endAt = Date.now() - s.latencyMs;
    const samples = sampleBridges(monitor.events, directions, outages,
      { latencyMs: s.latencyMs, graceMs: s.graceMs, endAt, bucketMs: 1000, startAt });
    return {
      kind: s.kind,
      rotatedUser,
      connectorUserAfter: [...new Set(model.filter((_, i) => links.some((l) => l.from === i)).map((m) => m.connectorUser))].join(', '),
      steps: reports,
      samples,
      settings: { probeIntervalMs: s.probeIntervalMs, latencyMs: s.latencyMs, graceMs: s.graceMs },
      traffic,
      authFailures: mesh.authFailuresSince(logSizes),
      elapsedSeconds,
    };
  } finally {
    await monitor.stop(3000);
  }
}

/** Waits until every direction has carried a probe sent after `since`, at most `maxMs`. */
async function waitForProbes(ctx: DrillContext, monitor: ClientProcess, directions: readonly SampledDirection[], since: number,
  maxMs: number): Promise<void> {
  const deadline = since + maxMs;
  const carried = () => {
    const sent = new Map<string, number>();
    for (const e of monitor.events) {
      if (e.e === 'probe-sent' && e.t >= since) sent.set(`${e.from}>${e.to}#${e.seq}`, e.t);
    }
    const ok = new Set(monitor.events.flatMap((e) => (e.e === 'probe' && sent.has(`${e.from}>${e.to}#${e.seq}`) ? [`${e.from}>${e.to}`] : [])));
    return directions.every((d) => ok.has(`${d.from}>${d.to}`));
  };
  while (!carried() && Date.now() < deadline) {
    await sleep(100, ctx.signal);
  }
}

/**
 * PURE (no CDK, no I/O): in which order a mesh's brokers are rebooted, the steps of a credential rotation, and a
 * model of the bridges that says, after every step, which ones are up. The library's lifecycle handler performs
 * these steps against Amazon MQ; the drill replays them on local ActiveMQ brokers; the tests prove with the model
 * that the inter-broker rotation never takes a bridge down.
 *
 * The model (Amazon MQ semantics, and ActiveMQ's as measured locally, see docs/ARCHITECTURE.md "Rotation"):
 * - a user's password change and a configuration (connector) change are *pending* on a broker until it reboots;
 *   a reboot applies everything pending on that broker at once;
 * - a connector declared on broker `from` authenticates as its `userName` with the password `from` itself holds
 *   for that user (Amazon MQ injects it); ActiveMQ checks those credentials on the local `vm://` connection of
 *   `from` and on the remote broker `to` (a duplex bridge is the same connection), so the bridge is up exactly when
 *   the user exists on both with the same applied password.
 */

/** One network connector: declared on `from`, pointing at `to`. */
export interface RolloutLink {
  readonly from: number;
  readonly to: number;
  readonly duplex: boolean;
}

/**
 * Targets before sources: every node comes after all the nodes its connectors point at; otherwise by index. The
 * library's topologies with duplex connectors have no cycles (a node points only at nodes created before it, or at
 * the hub or the concentrators), so adding a node appends it at the end and never moves an existing one. Connectors
 * that point both ways (a full mesh with `duplex: false`) form cycles: inside a cycle, the lowest index comes first.
 */
export function rebootOrder(nodeCount: number, links: readonly RolloutLink[]): number[] {
  const targetsOf = targets(links);
  const order: number[] = [];
  const placed = new Set<number>();
  const nodes = Array.from({ length: nodeCount }, (_, i) => i);
  while (order.length < nodeCount) {
    const ready = nodes.find((i) => !placed.has(i) && [...(targetsOf.get(i) ?? [])].every((t) => placed.has(t)));
    const next = ready ?? nodes.find((i) => !placed.has(i))!;
    order.push(next);
    placed.add(next);
  }
  return order;
}

/** True when some connectors form a cycle (then no order reboots every node after all the nodes it points at). */
export function hasCycle(nodeCount: number, links: readonly RolloutLink[]): boolean {
  const order = rebootOrder(nodeCount, links);
  return links.some((l) => l.from !== l.to && order.indexOf(l.to) > order.indexOf(l.from));
}

function targets(links: readonly RolloutLink[]): Map<number, Set<number>> {
  const targetsOf = new Map<number, Set<number>>();
  for (const l of links) {
    if (l.from === l.to) continue;
    if (!targetsOf.has(l.from)) targetsOf.set(l.from, new Set());
    targetsOf.get(l.from)!.add(l.to);
  }
  return targetsOf;
}

/** The suffix of the user that takes turns with the inter-broker user when it is rotated. */
export const ALTERNATE_USER_SUFFIX = '_clone';

/** The name of the user that alternates with the inter-broker user `username`. */
export function alternateUsername(username: string): string {
  return `${username}${ALTERNATE_USER_SUFFIX}`;
}

/** How a user's password is rotated. */
export type RotationStrategy = 'alternating-users' | 'single-user';

/** One step of a rotation, in the order the library performs them. */
export type RotationStep =
  /** Set `user`'s new password on `node` (pending until the node reboots); creates the user if missing. */
  | { readonly kind: 'set-password'; readonly node: number; readonly user: string }
  /** Give `node` a configuration revision whose connectors use `user` (pending until the node reboots). */
  | { readonly kind: 'switch-connectors'; readonly node: number; readonly user: string }
  /** Reboot `node`: it applies everything pending on it. */
  | { readonly kind: 'reboot'; readonly node: number }
  /** The secret's new version becomes current (`AWSPENDING` → `AWSCURRENT`): clients read the new password. */
  | { readonly kind: 'promote' };

/** What to rotate. */
export interface RotationPlanProps {
  readonly nodeCount: number;
  readonly links: readonly RolloutLink[];
  readonly strategy: RotationStrategy;
  /**
   * The user whose password changes: with alternating users, the IDLE one (no connector uses it); with a single
   * user, the user itself.
   */
  readonly rotatedUser: string;
  /** Nodes that declare connectors (switched to `rotatedUser` with alternating users). Default: every `from` of `links`. */
  readonly nodesWithConnectors?: readonly number[];
}

/**
 * The steps of one rotation: the new password on every node (pending), with alternating users the connectors of
 * every node switched to the rotated user (pending), then ONE rolling reboot in targets-before-sources order, then
 * the secret promoted. When connectors form a cycle (no targets-first order exists), alternating users take two
 * rolls: the first applies the idle user's new password everywhere (no connector uses it), the second the switch
 * (the new password is then the same on every node, so any order is safe).
 */
export function rotationPlan(props: RotationPlanProps): RotationStep[] {
  const order = rebootOrder(props.nodeCount, props.links);
  const steps: RotationStep[] = order.map((node) => ({ kind: 'set-password', node, user: props.rotatedUser }));
  const roll = (): RotationStep[] => order.map((node) => ({ kind: 'reboot', node }));
  if (props.strategy === 'alternating-users') {
    const withConnectors = new Set(props.nodesWithConnectors ?? props.links.map((l) => l.from));
    if (hasCycle(props.nodeCount, props.links)) {
      steps.push(...roll());
    }
    for (const node of order.filter((n) => withConnectors.has(n))) {
      steps.push({ kind: 'switch-connectors', node, user: props.rotatedUser });
    }
  }
  steps.push(...roll());
  steps.push({ kind: 'promote' });
  return steps;
}

/** One broker in the model: applied and pending passwords by user, and the user its connectors use. */
export interface ModelNode {
  readonly applied: Readonly<Record<string, string>>;
  readonly pending: Readonly<Record<string, string>>;
  readonly connectorUser: string;
  readonly pendingConnectorUser?: string;
}

/** Applies one step to the model; `password` is the rotated user's new password. */
export function applyStep(nodes: readonly ModelNode[], step: RotationStep, password: string): ModelNode[] {
  return nodes.map((n, i) => {
    if (step.kind === 'promote' || step.node !== i) return n;
    switch (step.kind) {
      case 'set-password': return { ...n, pending: { ...n.pending, [step.user]: password } };
      case 'switch-connectors': return { ...n, pendingConnectorUser: step.user };
      default: return {
        applied: { ...n.applied, ...n.pending },
        pending: {},
        connectorUser: n.pendingConnectorUser ?? n.connectorUser,
      };
    }
  });
}

/** The links whose bridge is down in this state of the model. */
export function brokenBridges(nodes: readonly ModelNode[], links: readonly RolloutLink[]): RolloutLink[] {
  return links.filter((l) => {
    const user = nodes[l.from].connectorUser;
    const local = nodes[l.from].applied[user];
    const remote = nodes[l.to].applied[user];
    return local === undefined || remote === undefined || local !== remote;
  });
}

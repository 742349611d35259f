import { AuthorizationMap, describeRule, drillClientGrants, permits, readAuthorizationMap } from './authorization';
import { PermittedQueues } from './destinations';
import { AccessProbe, CLIENT_USER, DrillNode, DrillUser } from './plan';

/** A bridge between two nodes: declared on `from`, logging in as `user`. */
export interface BridgeLogin {
  readonly from: number;
  readonly to: number;
  readonly user: string;
}

/** What the brokers' authorization maps mean for a drill of an app (`drill --from`). */
export interface AppAuthorization {
  /** Each node's map, when its configuration has an `authorizationPlugin`. */
  readonly maps: ReadonlyArray<AuthorizationMap | undefined>;
  /** Queue names every bridge user may read, write and create on both ends (for the drill's queue prefix). */
  readonly permitted?: PermittedQueues;
}

const ALL = ['read', 'write', 'admin'] as const;

/** Reads the maps and what the bridges' users are permitted. */
export function appAuthorization(nodes: readonly DrillNode[], bridges: readonly BridgeLogin[]): AppAuthorization {
  const maps = nodes.map((n) => readAuthorizationMap(n.amazonMqXml));
  if (maps.every((m) => m === undefined)) {
    return { maps };
  }
  const groupsOf = (node: number, user: string) => nodes[node].users.find((u) => u.username === user)?.groups ?? [];
  const accepts = (name: string) => bridges.every((b) => [b.from, b.to].every((side) => {
    const map = maps[side];
    return map === undefined || ALL.every((p) => permits(map, groupsOf(side, b.user), 'queue', name, p));
  }));
  const patterns = maps.flatMap((m) => (m?.entries ?? []).filter((e) => e.kind === 'queue').map((e) => e.pattern));
  return { maps, permitted: { patterns, accepts, who: `the bridge users (${[...new Set(bridges.map((b) => b.user))].join(', ')})` } };
}

/**
 * The nodes with what the drill adds to their maps (entries for its own client group, on its queues and the
 * advisory topics, only where the map does not already permit them), and a note per node that gets any.
 */
export function withClientGrants(nodes: readonly DrillNode[], auth: AppAuthorization, queuePrefix: string, notes: string[]): DrillNode[] {
  return nodes.map((n, i) => {
    const map = auth.maps[i];
    const added = map === undefined ? [] : drillClientGrants(map, CLIENT_USER.groups[0], queuePrefix);
    if (added.length === 0) return n;
    notes.push(`${n.name} has an authorization map: the drill added read, write and admin for its own client group `
      + `${CLIENT_USER.groups[0]} (user ${CLIENT_USER.username}) on ${added.map(describeRule).join(' and ')}; nothing for any user of the app.`);
    return { ...n, addedAuthorization: added };
  });
}

/**
 * The authorization probes of an app: on the first node with a map, a user of the app (not a bridge user, not the
 * drill's) that the map refuses to write to some queue of its entries sends there (must be refused) and, when the map
 * lets it write to and create another queue, sends there too (must be allowed: the refusal is the map's, not a wrong
 * password). The first user with both probes is chosen (an app user of the map rather than an admin with no grants);
 * else the first user with a refusal.
 */
export function accessProbes(nodes: readonly DrillNode[], auth: AppAuthorization, bridgeUsers: ReadonlySet<string>): AccessProbe[] {
  const node = auth.maps.findIndex((m) => m !== undefined);
  if (node < 0) return [];
  const map = auth.maps[node]!;
  const queues = [...new Set(map.entries.filter((e) => e.kind === 'queue').map((e) => concrete(e.pattern)))];
  const candidates = nodes[node].users.filter((u) => !bridgeUsers.has(u.username) && u.username !== CLIENT_USER.username);
  const options = candidates.map((user): AccessProbe[] => {
    const refused = queues.find((q) => !permits(map, user.groups, 'queue', q, 'write'));
    if (refused === undefined) return [];
    const allowed = queues.find((q) => permits(map, user.groups, 'queue', q, 'write') && permits(map, user.groups, 'queue', q, 'admin'));
    const groups = describeGroups(user);
    const probes: AccessProbe[] = [{ node, user, queue: refused, expect: 'refused', why: `${groups} have no write on queue ${refused} in the map` }];
    if (allowed !== undefined) {
      probes.push({ node, user, queue: allowed, expect: 'allowed', why: `${groups} have write and admin on queue ${allowed} in the map` });
    }
    return probes;
  });
  return options.find((p) => p.length === 2) ?? options.find((p) => p.length === 1) ?? [];
}

function describeGroups(u: DrillUser): string {
  return u.groups.length === 0 ? `${u.username}'s groups (none)` : `${u.username}'s groups (${u.groups.join(', ')})`;
}

/** A queue name a pattern matches: wildcards filled with `drill-probe`. */
function concrete(pattern: string): string {
  return pattern.split('.').map((s) => (s === '*' || s === '>' ? 'drill-probe' : s)).join('.');
}

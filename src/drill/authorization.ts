import { matchesDestination } from './destinations';
import { ATTRIBUTE_PREFIX, ATTRIBUTES_KEY, parseOrderedXml, XmlNode } from '../private/xml';

/**
 * An ActiveMQ authorization map (`<authorizationPlugin><map><authorizationMap>`) as the broker reads it, and what it
 * permits. ActiveMQ checks an operation against the union of every entry matching the destination (wildcards
 * included), so a group may do what any matching entry grants it; a destination no entry matches is refused.
 * @see https://activemq.apache.org/components/classic/documentation/security
 */
export interface AuthorizationMap {
  readonly entries: readonly AuthorizationRule[];
}

export type Permission = 'read' | 'write' | 'admin';
export type DestinationKindName = 'queue' | 'topic' | 'temp';

/** One `<authorizationEntry>` (or `<tempDestinationAuthorizationEntry>`, kind `temp`). */
export interface AuthorizationRule {
  readonly kind: DestinationKindName;
  /** The destination pattern (`orders.>`); empty for temporary destinations. */
  readonly pattern: string;
  readonly read: readonly string[];
  readonly write: readonly string[];
  readonly admin: readonly string[];
}

function tag(n: XmlNode): string {
  return Object.keys(n).find((k) => k !== ATTRIBUTES_KEY) ?? '';
}

function kids(n: XmlNode): XmlNode[] {
  const children = n[tag(n)];
  return Array.isArray(children) ? children : [];
}

function descendants(nodes: readonly XmlNode[], name: string): XmlNode[] {
  return nodes.flatMap((n) => [...(tag(n) === name ? [n] : []), ...descendants(kids(n), name)]);
}

/** An element's attributes by name (namespace prefixes removed); undefined when it has none. */
function attributesOf(n: XmlNode): { [name: string]: string } | undefined {
  const raw = n[ATTRIBUTES_KEY] as { [attribute: string]: string } | undefined;
  return raw === undefined ? undefined
    : Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.slice(ATTRIBUTE_PREFIX.length), v]));
}

function groups(value: string | undefined): string[] {
  return (value ?? '').split(',').map((g) => g.trim()).filter((g) => g.length > 0);
}

/** The authorization map of a broker configuration, or undefined when it has no `authorizationPlugin`. */
export function readAuthorizationMap(xml: string): AuthorizationMap | undefined {
  const plugin = descendants(parseOrderedXml(xml, false), 'authorizationPlugin')[0];
  if (plugin === undefined) {
    return undefined;
  }
  const entries: AuthorizationRule[] = [];
  // (Spring's property element <tempDestinationAuthorizationEntry> wraps the entry of the same name: only entries have attributes)
  for (const e of [...descendants([plugin], 'authorizationEntry'), ...descendants([plugin], 'tempDestinationAuthorizationEntry')]) {
    const a = attributesOf(e);
    if (a === undefined) continue;
    const kind: DestinationKindName = tag(e) === 'tempDestinationAuthorizationEntry' ? 'temp' : a.topic !== undefined ? 'topic' : 'queue';
    entries.push({ kind, pattern: (kind === 'temp' ? '' : a[kind] ?? '').trim(), read: groups(a.read), write: groups(a.write), admin: groups(a.admin) });
  }
  return { entries };
}

/** Whether a user in `userGroups` may do `permission` on the destination. */
export function permits(map: AuthorizationMap, userGroups: readonly string[], kind: DestinationKindName, name: string,
  permission: Permission): boolean {
  return map.entries.some((e) => e.kind === kind && (kind === 'temp' || matchesDestination(e.pattern, name))
    && e[permission].some((g) => userGroups.includes(g)));
}

/** `queue drill.>` / `temporary destinations`, for people. */
export function describeRule(r: AuthorizationRule): string {
  return r.kind === 'temp' ? 'temporary destinations' : `${r.kind} ${r.pattern}`;
}

/**
 * What the drill's own client group needs and the map does not give it: read, write and admin on the drill's queues
 * and on the advisory topics (JMS clients read `ActiveMQ.Advisory.TempQueue`/`TempTopic`), as `<authorizationEntry>`
 * rules to add for that group only. They grant nothing to any user of the app.
 */
export function drillClientGrants(map: AuthorizationMap, group: string, queuePrefix: string): AuthorizationRule[] {
  const needs: Array<[DestinationKindName, string, string]> = [
    ['queue', `${queuePrefix}.>`, `${queuePrefix}.matrix.x.0.1`],
    ['topic', 'ActiveMQ.Advisory.>', 'ActiveMQ.Advisory.TempQueue'],
  ];
  const all: Permission[] = ['read', 'write', 'admin'];
  return needs
    .filter(([kind, , probe]) => all.some((p) => !permits(map, [group], kind, probe, p)))
    .map(([kind, pattern]) => ({ kind, pattern, read: [group], write: [group], admin: [group] }));
}

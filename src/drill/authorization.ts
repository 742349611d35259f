import { XMLParser } from 'fast-xml-parser';
import { matchesDestination } from './destinations';

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

type XmlNode = { [key: string]: any };

function tag(n: XmlNode): string {
  const t = Object.keys(n).find((k) => k !== ':@') ?? '';
  return t.includes(':') ? t.slice(t.indexOf(':') + 1) : t;
}

function kids(n: XmlNode): XmlNode[] {
  const t = Object.keys(n).find((k) => k !== ':@');
  return t === undefined || !Array.isArray(n[t]) ? [] : n[t];
}

function descendants(nodes: XmlNode[], name: string): XmlNode[] {
  return nodes.flatMap((n) => [...(tag(n) === name ? [n] : []), ...descendants(kids(n), name)]);
}

function n2a(n: XmlNode): { [k: string]: string } {
  return n[':@'] as { [k: string]: string };
}

function groups(value: string | undefined): string[] {
  return (value ?? '').split(',').map((g) => g.trim()).filter((g) => g.length > 0);
}

/** The authorization map of a broker configuration, or undefined when it has no `authorizationPlugin`. */
export function readAuthorizationMap(xml: string): AuthorizationMap | undefined {
  const doc = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as XmlNode[];
  const plugin = descendants(doc, 'authorizationPlugin')[0];
  if (plugin === undefined) {
    return undefined;
  }
  const entries: AuthorizationRule[] = [];
  // (Spring's property element <tempDestinationAuthorizationEntry> wraps the entry of the same name: only entries have attributes)
  for (const e of [...descendants([plugin], 'authorizationEntry'), ...descendants([plugin], 'tempDestinationAuthorizationEntry')].filter((n) => n[':@'])) {
    const a = n2a(e);
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

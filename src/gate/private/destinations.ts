// What a network connector forwards, judged as ActiveMQ does: destination names and wildcards
// (org.apache.activemq.filter.DestinationFilter), composite names (ActiveMQDestination), the consumer advisory filter
// (NetworkBridgeConfiguration.getDestinationFilter) and Spring's booleans. Internal, pure.

/** A queue or topic a destination list names, after splitting composite names. */
export interface NamedDestination {
  readonly kind: 'queue' | 'topic' | 'temporary';
  readonly name: string;
}

/** The consumer advisory prefix ActiveMQ puts before a `destinationFilter` that does not start with it. */
const CONSUMER_ADVISORY = 'ActiveMQ.Advisory.Consumer.';

/**
 * The destinations one `<queue>`/`<topic>`/`<tempQueue>`/`<tempTopic>` element names: a `physicalName` with a comma
 * (not first) is a composite whose parts are trimmed and may be qualified (`queue://`, `topic://`, `temp-queue://`,
 * `temp-topic://`) to another kind than the element's.
 */
export function namedDestinations(element: string, physicalName: string): NamedDestination[] {
  const own: NamedDestination['kind'] = element === 'queue' ? 'queue' : element === 'topic' ? 'topic' : 'temporary';
  if (physicalName.indexOf(',') <= 0) return [{ kind: own, name: physicalName.trim() }];
  return physicalName.split(',').map((p) => p.trim()).filter((p) => p.length > 0).map((p) => {
    const q = /^(queue|topic|temp-queue|temp-topic):\/\//i.exec(p);
    if (q === null) return { kind: own, name: p };
    const kind = q[1].toLowerCase();
    return { kind: kind === 'queue' || kind === 'topic' ? kind : 'temporary', name: p.slice(q[0].length) } as NamedDestination;
  });
}

/**
 * Whether the wildcard patterns match every destination name: ActiveMQ's `A.>` matches `A` and everything below it,
 * `*` matches one segment. Only patterns made of `*` segments (and a final `>`) match names they do not spell out,
 * so every name is matched when some `*.….*.>` (k stars) exists and every length below k has an all-`*` pattern.
 */
export function matchesEveryName(patterns: string[]): boolean {
  const segments = patterns.map((p) => p.split('.'));
  const stars = (s: string[]) => s.every((x) => x === '*');
  const exactLengths = new Set(segments.filter(stars).map((s) => s.length));
  return segments.some((s) => s[s.length - 1] === '>' && stars(s.slice(0, -1))
    && Array.from({ length: s.length - 1 }, (_, i) => i + 1).slice(0, -1).every((n) => exactLengths.has(n)))
    || false;
}

/**
 * Whether a connector's `destinationFilter` can match the consumer advisory of some queue or topic
 * (`ActiveMQ.Advisory.Consumer.Queue.<name>` / `.Topic.<name>`). ActiveMQ prefixes the whole value once with the
 * advisory prefix unless it starts with it, then reads it as a (possibly composite) topic name.
 */
export function destinationFilterMatchesSomething(filter: string): boolean {
  const effective = filter.startsWith(CONSUMER_ADVISORY) ? filter : `${CONSUMER_ADVISORY}${filter}`;
  const parts = effective.indexOf(',') > 0 ? effective.split(',').map((p) => p.trim()).filter((p) => p.length > 0) : [effective];
  const fixed = CONSUMER_ADVISORY.split('.').filter((s) => s !== '');
  return parts.some((p) => {
    const s = p.split('.');
    const segmentOk = (i: number, kinds: string[]) => s[i] === '*' || kinds.includes(s[i]);
    const head = (n: number) => Array.from({ length: n }, (_, i) => i).every((i) => segmentOk(i, i < fixed.length ? [fixed[i]] : ['Queue', 'Topic']));
    if (s[s.length - 1] === '>') return head(Math.min(s.length - 1, fixed.length + 1));
    // no '>': the name has exactly s.length segments, the prefix, the kind, and at least one segment of name
    return s.length >= fixed.length + 2 && head(fixed.length + 1);
  });
}

/** A boolean attribute as Spring's CustomBooleanEditor reads it (`true`/`on`/`yes`/`1`, any case, trimmed). */
export function springTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', 'on', 'yes', '1'].includes(value.trim().toLowerCase());
}

/** A boolean attribute Spring's CustomBooleanEditor reads as false (`false`/`off`/`no`/`0`, any case, trimmed). */
export function springFalse(value: string | undefined): boolean {
  return value !== undefined && ['false', 'off', 'no', '0'].includes(value.trim().toLowerCase());
}

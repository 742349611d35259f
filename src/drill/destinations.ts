/**
 * ActiveMQ destination wildcards (`.` separates segments, `*` matches one segment, `>` the rest) and the choice of
 * the drill's queue names, so that a drill of any app uses queues its connectors forward. Pure.
 * @see https://activemq.apache.org/components/classic/documentation/wildcards
 */

/**
 * Whether `name` matches the ActiveMQ destination pattern `pattern`, as ActiveMQ's `DestinationFilter` decides: a
 * final `>` matches zero or more segments (`orders.>` matches `orders` too), `*` exactly one.
 */
export function matchesDestination(pattern: string, name: string): boolean {
  const p = pattern.split('.');
  const n = name.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>' && i === p.length - 1) {
      return n.length >= i;
    }
    if (i >= n.length || (p[i] !== '*' && p[i] !== n[i])) {
      return false;
    }
  }
  return p.length === n.length;
}

/** What one connector forwards, by queue pattern: `included` empty forwards every queue not excluded. */
export interface ForwardedQueues {
  readonly label: string;
  readonly included: readonly string[];
  readonly excluded: readonly string[];
}

/** What else a queue name needs (an authorization map's grants to the bridge users), and patterns to try under. */
export interface PermittedQueues {
  readonly patterns: readonly string[];
  readonly accepts: (name: string) => boolean;
  /** Who must be permitted, for the problem (`the bridge users`). */
  readonly who: string;
}

/** Whether a connector forwards the queue `name`. */
export function forwards(c: ForwardedQueues, name: string): boolean {
  return (c.included.length === 0 || c.included.some((p) => matchesDestination(p, name)))
    && !c.excluded.some((p) => matchesDestination(p, name));
}

/**
 * A queue-name prefix whose queues (`<prefix>.<anything>.<more>`) every connector forwards: `drill`, or one made
 * from a connector's included pattern (`orders.>` gives `orders.drill`). Returns why there is none otherwise.
 */
export function chooseQueuePrefix(connectors: readonly ForwardedQueues[], preferred = 'drill', permitted?: PermittedQueues): { prefix: string } | { problem: string } {
  const under = (p: string) => {
    const segments = p.split('.');
    const wild = segments.findIndex((s) => s === '*' || s === '>');
    return wild < 0 ? [] : [[...segments.slice(0, wild), preferred].join('.')];
  };
  const candidates = [preferred, ...connectors.flatMap((c) => c.included.flatMap(under)), ...(permitted?.patterns ?? []).flatMap(under)];
  const probe = (prefix: string) => `${prefix}.matrix.x.0.1`;
  const usable = (c: string) => [probe(c), `${c}.traffic`].every((q) => connectors.every((f) => forwards(f, q)));
  const prefix = candidates.find((c) => usable(c) && (permitted === undefined || [probe(c), `${c}.traffic`].every(permitted.accepts)));
  if (prefix !== undefined) {
    return { prefix };
  }
  if (permitted !== undefined && candidates.some(usable)) {
    return { problem: `no queue name the connectors forward is one ${permitted.who} may read, write and create (authorization map), so the drill's messages cannot cross every bridge: grant them a wildcard queue pattern` };
  }
  const limits = connectors.filter((c) => !forwards(c, probe(preferred)))
    .slice(0, 3).map((c) => `${c.label} forwards only queue ${c.included.join(', ') || 'every queue'}${c.excluded.length > 0 ? ` except ${c.excluded.join(', ')}` : ''}`);
  return {
    problem: `no queue name is forwarded by every connector (${limits.join('; ')}), so the drill's messages cannot cross every bridge: `
      + 'include a wildcard queue pattern (e.g. queue \'app.>\') in every connector, or drill the connectors one group at a time',
  };
}

import { ClientEvent, isEvent } from './client-events';

/** When the drill did what, in epoch milliseconds. */
export interface TrafficMarks {
  /** The client reported its first connection. */
  readonly trafficStartAt: number;
  /** kill -9 was sent. */
  readonly killAt?: number;
  /** The killed broker was started again. */
  readonly restartAt?: number;
  /** The restarted broker reported "started". */
  readonly restartReadyAt?: number;
  /** The producer was told to stop. */
  readonly producerStopAt?: number;
}

export interface Recovery {
  /** Kill → the client noticed (transport interrupted); undefined if it never did (it was on another broker). */
  readonly interruptedAfterMs?: number;
  /** Kill → the failover transport reconnected. */
  readonly reconnectedAfterMs?: number;
  /** The broker it reconnected to. */
  readonly reconnectedTo?: string;
  /** Kill → the first message received after the interruption: the time to recover for consumers. */
  readonly firstReceiveAfterMs?: number;
  /** Kill → the first send acknowledged after the interruption: the time to recover for producers. */
  readonly firstSendAckAfterMs?: number;
  /** The longest time between two receives from the kill to the end of the run. */
  readonly longestReceiveGapMs?: number;
  /**
   * Restarted broker(s) ready → the first message received at or after that moment. About zero while other
   * brokers carried the traffic; after a whole-mesh outage it is how long clients lag behind the mesh.
   */
  readonly firstReceiveAfterRestartMs?: number;
}

export interface TimelineBucket {
  /** Whole seconds since the kill (or since traffic started when nothing was killed). */
  readonly second: number;
  readonly sent: number;
  readonly received: number;
}

export interface TrafficStats {
  /** Sends started (the highest sequence number). */
  readonly attempted: number;
  /** Sends the broker acknowledged (persistent sends are synchronous). */
  readonly acknowledged: number;
  /** Sends acknowledged before the kill (0 when nothing was killed). */
  readonly acknowledgedBeforeKill: number;
  /** Sends that threw. */
  readonly sendFailures: number;
  /** Deliveries, duplicates included. */
  readonly received: number;
  /** Distinct sequence numbers received. */
  readonly unique: number;
  /** Deliveries beyond the first of each sequence number. */
  readonly duplicates: number;
  /** Acknowledged sends never received. */
  readonly missing: number;
  /** The first few missing sequence numbers. */
  readonly missingSeqs: number[];
  /** Deliveries flagged JMSRedelivered. */
  readonly redelivered: number;
  /**
   * Messages acknowledged before the kill whose first delivery came only after the killed broker was restarted:
   * they waited, stored on the dead broker, because a network of brokers does not replicate messages. The
   * boundary is the restart itself (`restartAt`), not the moment the drill saw the broker's "started" log line
   * (`restartReadyAt`): the restarted broker's bridges may forward messages before the drill has read that line.
   */
  readonly strandedUntilRestart: number;
  /** Times the client's transport was resumed after the first connection (failovers and rebalances). */
  readonly reconnects: number;
  /** Kill-related recovery times; undefined when nothing was killed. */
  readonly recovery?: Recovery;
  /** Messages per second, relative to the kill (or to the start). */
  readonly timeline: TimelineBucket[];
}

/** How many missing sequence numbers the stats list. */
const MISSING_LISTED = 20;

/**
 * Counts sent / received / missing / duplicated messages and the recovery times from the client's events.
 * Pure, so the numbers in the report are unit-tested.
 */
export function computeTrafficStats(events: readonly ClientEvent[], marks: TrafficMarks): TrafficStats {
  const sent = events.filter(isEvent('sent'));
  const failed = events.filter(isEvent('send-failed'));
  const recv = events.filter(isEvent('recv'));
  const ackAt = new Map<number, number>();
  for (const s of sent) {
    ackAt.set(s.seq, s.t);
  }
  const firstRecvAt = new Map<number, number>();
  for (const r of recv) {
    if (!firstRecvAt.has(r.seq)) {
      firstRecvAt.set(r.seq, r.t);
    }
  }
  const missingAll = [...ackAt.keys()].filter((s) => !firstRecvAt.has(s)).sort((a, b) => a - b);
  const attempted = [...sent, ...failed].reduce((m, e) => Math.max(m, e.seq), 0);

  let stranded = 0;
  if (marks.killAt !== undefined && marks.restartAt !== undefined && marks.restartReadyAt !== undefined) {
    for (const [seq, t] of ackAt) {
      const first = firstRecvAt.get(seq);
      if (t < marks.killAt && first !== undefined && first >= marks.restartAt) {
        stranded++;
      }
    }
  }

  const resumed = events.filter(isEvent('resumed'));
  const connected = events.find(isEvent('connected'));
  const reconnects = resumed.filter((e) => connected === undefined || e.t > connected.t).length;

  return {
    attempted,
    acknowledged: ackAt.size,
    acknowledgedBeforeKill: marks.killAt === undefined ? 0 : [...ackAt.values()].filter((t) => t < marks.killAt!).length,
    sendFailures: failed.length,
    received: recv.length,
    unique: firstRecvAt.size,
    duplicates: recv.length - firstRecvAt.size,
    missing: missingAll.length,
    missingSeqs: missingAll.slice(0, MISSING_LISTED),
    redelivered: recv.filter((r) => r.redelivered).length,
    strandedUntilRestart: stranded,
    reconnects,
    recovery: marks.killAt === undefined ? undefined : recoveryAfter(events, marks.killAt, marks.restartReadyAt),
    timeline: timeline(sent, recv, marks.killAt ?? marks.trafficStartAt),
  };
}

function recoveryAfter(events: readonly ClientEvent[], killAt: number, readyAt: number | undefined): Recovery {
  const interrupted = events.filter(isEvent('interrupted')).find((e) => e.t >= killAt);
  const resumed = interrupted ? events.filter(isEvent('resumed')).find((e) => e.t >= interrupted.t) : undefined;
  // Only deliveries and acks after the client noticed the loss count as recovered traffic.
  const from = interrupted?.t ?? killAt;
  const recv = events.filter(isEvent('recv'));
  const firstRecv = recv.find((e) => e.t > from);
  const firstAck = events.filter(isEvent('sent')).find((e) => e.t > from);
  let gap = 0;
  let last = killAt;
  for (const e of recv) {
    if (e.t >= killAt) {
      gap = Math.max(gap, e.t - last);
      last = e.t;
    }
  }
  return {
    interruptedAfterMs: interrupted ? interrupted.t - killAt : undefined,
    reconnectedAfterMs: resumed ? resumed.t - killAt : undefined,
    reconnectedTo: resumed?.uri ?? undefined,
    firstReceiveAfterMs: firstRecv ? firstRecv.t - killAt : undefined,
    firstSendAckAfterMs: firstAck ? firstAck.t - killAt : undefined,
    longestReceiveGapMs: firstRecv ? gap : undefined,
    firstReceiveAfterRestartMs: readyAt === undefined ? undefined : firstAtOrAfter(recv, readyAt),
  };
}

function firstAtOrAfter(events: readonly { t: number }[], from: number): number | undefined {
  const e = events.find((x) => x.t >= from);
  return e ? e.t - from : undefined;
}

function timeline(sent: readonly { t: number }[], recv: readonly { t: number }[], zero: number): TimelineBucket[] {
  const buckets = new Map<number, { sent: number; received: number }>();
  const bucket = (t: number) => {
    const s = Math.floor((t - zero) / 1000);
    let b = buckets.get(s);
    if (!b) {
      b = { sent: 0, received: 0 };
      buckets.set(s, b);
    }
    return b;
  };
  sent.forEach((e) => bucket(e.t).sent++);
  recv.forEach((e) => bucket(e.t).received++);
  if (buckets.size === 0) {
    return [];
  }
  const keys = [...buckets.keys()];
  const first = keys.reduce((a, b) => Math.min(a, b));
  const last = keys.reduce((a, b) => Math.max(a, b));
  const out: TimelineBucket[] = [];
  for (let s = first; s <= last; s++) {
    const b = buckets.get(s) ?? { sent: 0, received: 0 };
    out.push({ second: s, sent: b.sent, received: b.received });
  }
  return out;
}

/** Median and spread of a sample (for the bench and repeated drills). */
export interface Spread {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly q3: number;
}

export function spread(values: readonly number[]): Spread | undefined {
  if (values.length === 0) {
    return undefined;
  }
  const v = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const i = (v.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return v[lo] + (v[hi] - v[lo]) * (i - lo);
  };
  return { n: v.length, median: q(0.5), min: v[0], max: v[v.length - 1], q1: q(0.25), q3: q(0.75) };
}

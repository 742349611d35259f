import { ClientEvent } from './client-events';

/**
 * PURE: what the bridge monitor's probes say about every bridge at every moment. A probe is sent on one direction
 * every few hundred milliseconds; the direction is UP at that moment when the probe arrives within `latencyMs`.
 * A direction is EXPECTED up at a moment unless a broker on its path was restarting: from the drill's stop of that
 * broker until the direction first carries a probe again after the broker's log said "started" — at most `graceMs`
 * after "started" (the bridges reconnect with ActiveMQ's back-off). The drill knows when it stopped a broker and when
 * it came back, so a restarting node is told apart from a bridge that refuses to come back: that one is excused for the
 * grace only. A probe that is expected to arrive and does not is a moment with a bridge down that the topology expects up.
 */

/** When a node was down: from the stop to the "started" of its restart (end undefined: not back). */
export interface Outage {
  readonly node: number;
  readonly from: number;
  readonly to?: number;
}

/** One direction of the monitor: `from` → `to`, through `path` (every node a message crosses, both ends included). */
export interface SampledDirection {
  readonly from: number;
  readonly to: number;
  readonly path: readonly number[];
  readonly label: string;
}

export interface SampleSettings {
  readonly latencyMs: number;
  readonly graceMs: number;
  /** Probes sent after this (epoch ms) are not judged (they may still be on their way). */
  readonly endAt: number;
  /** Width of a timeline column. */
  readonly bucketMs: number;
  /** Probes sent before this (epoch ms) are not judged (the monitor warming up); the timeline's first column. */
  readonly startAt: number;
}

/** What the samples of one direction say. */
export interface DirectionSamples {
  readonly direction: string;
  /** Probes judged. */
  readonly probes: number;
  /** Probes sent when every node of the path was running (past the grace), and of those, how many arrived in time. */
  readonly expectedUp: number;
  readonly upWhenExpected: number;
  /** Probes sent while a node of the path was restarting (or within the grace), and of those, how many arrived in time. */
  readonly duringRestart: number;
  readonly upDuringRestart: number;
  /** Seconds after `startAt` of the probes expected up that did not arrive in time (the first few). */
  readonly downAtSeconds: number[];
  /** One character per bucket: `#` up, `X` down while expected up, `.` a node of the path restarting, ` ` no probe. */
  readonly timeline: string;
}

/** Every direction's samples, and the totals. */
export interface BridgeSamples {
  readonly directions: DirectionSamples[];
  readonly probes: number;
  readonly expectedUp: number;
  readonly upWhenExpected: number;
  /** Probes expected up that did not arrive in time: moments with a bridge down that the topology expects up. */
  readonly downWhenExpected: number;
  readonly duringRestart: number;
  readonly upDuringRestart: number;
}

/** The windows in which a direction is expected down: each outage on its path until the direction's first probe on time after it. */
function excused(outages: readonly Outage[], path: readonly number[], onTime: readonly number[], graceMs: number): Array<[number, number]> {
  return outages.filter((o) => path.includes(o.node)).map((o): [number, number] => {
    if (o.to === undefined) return [o.from, Infinity];
    const back = onTime.find((t) => t >= o.to!);
    return [o.from, Math.min(back ?? Infinity, o.to + graceMs)];
  });
}

/** Judges the monitor's events (probe-sent, probe-failed, probe) against the outages. */
export function sampleBridges(events: readonly ClientEvent[], directions: readonly SampledDirection[], outages: readonly Outage[],
  s: SampleSettings): BridgeSamples {
  const received = new Map<string, number>();
  for (const e of events) {
    if (e.e === 'probe') {
      const key = `${e.from}>${e.to}#${e.seq}`;
      if (!received.has(key)) received.set(key, e.t);
    }
  }
  const result = directions.map((d): DirectionSamples => {
    const columns: string[] = [];
    const mark = (t: number, c: string) => {
      const i = Math.floor((t - s.startAt) / s.bucketMs);
      if (i < 0) return;
      while (columns.length <= i) columns.push(' ');
      // a down moment wins over everything in its column, up over restarting
      const rank = (x: string) => ' .#X'.indexOf(x);
      if (rank(c) > rank(columns[i])) columns[i] = c;
    };
    let probes = 0; let expectedUp = 0; let upWhenExpected = 0; let duringRestart = 0; let upDuringRestart = 0;
    const downAt: number[] = [];
    const sent = events.filter((e): e is Extract<ClientEvent, { e: 'probe-sent' | 'probe-failed' }> =>
      (e.e === 'probe-sent' || e.e === 'probe-failed') && e.from === d.from && e.to === d.to);
    const isUp = (e: typeof sent[number]) => {
      const arrived = received.get(`${e.from}>${e.to}#${e.seq}`);
      return e.e === 'probe-sent' && arrived !== undefined && arrived - e.t <= s.latencyMs;
    };
    const windows = excused(outages, d.path, sent.filter(isUp).map((e) => e.t), s.graceMs);
    for (const e of sent) {
      if (e.t > s.endAt || e.t < s.startAt) continue;
      probes++;
      const up = isUp(e);
      if (windows.some(([from, to]) => e.t >= from && e.t < to)) {
        duringRestart++;
        if (up) upDuringRestart++;
        mark(e.t, up ? '#' : '.');
      } else {
        expectedUp++;
        if (up) {
          upWhenExpected++;
        } else if (downAt.length < 5) {
          downAt.push(Math.round((e.t - s.startAt) / 100) / 10);
        }
        mark(e.t, up ? '#' : 'X');
      }
    }
    return { direction: d.label, probes, expectedUp, upWhenExpected, duringRestart, upDuringRestart, downAtSeconds: downAt, timeline: columns.join('') };
  });
  const sum = (f: (x: DirectionSamples) => number) => result.reduce((n, x) => n + f(x), 0);
  return {
    directions: result,
    probes: sum((x) => x.probes),
    expectedUp: sum((x) => x.expectedUp),
    upWhenExpected: sum((x) => x.upWhenExpected),
    downWhenExpected: sum((x) => x.expectedUp - x.upWhenExpected),
    duringRestart: sum((x) => x.duringRestart),
    upDuringRestart: sum((x) => x.upDuringRestart),
  };
}

/** The nodes a message from `from` to `to` crosses on a shortest path over the links (both ends included). */
export function pathOf(from: number, to: number, links: ReadonlyArray<{ from: number; to: number; duplex: boolean }>): number[] {
  const previous = new Map<number, number>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length && !previous.has(to); head++) {
    const at = queue[head];
    const next = links.flatMap((l) => (l.from === at ? [l.to] : l.duplex && l.to === at ? [l.from] : []));
    for (const n of next) {
      if (!previous.has(n)) {
        previous.set(n, at);
        queue.push(n);
      }
    }
  }
  if (!previous.has(to)) return [from, to];
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0])!);
  return path;
}

import { AccessResult } from './access-check';
import { renderRotation, RotationReport } from './rotation-report';
import { TimelineBucket, TrafficStats } from './stats';
import { table } from './text-table';

/** One broker of the drill. */
export interface BrokerSummary {
  readonly name: string;
  readonly port: number;
  /** Start-up time until "started" was logged. */
  readonly startMs?: number;
  /** Start-up time after the kill, for the restarted broker. */
  readonly restartMs?: number;
}

/** The message matrix: produce on each broker, consume on every other. */
export interface BridgeCheck {
  /** Directions the mesh graph says must carry messages ('node1→node0'). */
  readonly expected: string[];
  /** Directions the matrix checked (negative drills check every direction). */
  readonly checked: string[];
  /** Directions the mesh graph says cannot carry messages with this topology and networkTTL. */
  readonly notExpected: string[];
  /** Directions a real message crossed. */
  readonly carrying: string[];
  /** Directions no message crossed before the timeout. */
  readonly failed: string[];
  readonly elapsedMs: number;
}

export interface NegativeResult {
  readonly kind: string;
  /** The misconfiguration was caught by the message matrix. */
  readonly detected: boolean;
  /** Plain-words explanation lines. */
  readonly explanation: string[];
  /** Log lines that back it up (never secrets). */
  readonly evidence: string[];
}

export interface KillSummary {
  readonly node: string;
  /** Why this node: the client's broker, or chosen by --kill. */
  readonly reason: string;
  /** Seconds after traffic started. */
  readonly atSeconds: number;
  /** Seconds after traffic started when the restart began. */
  readonly restartedAtSeconds?: number;
  /** Seconds after traffic started when every restarted broker reported "started". */
  readonly restartReadyAtSeconds?: number;
}

/** Everything the drill found; rendered as text and written as JSON. */
export interface DrillReport {
  readonly ok: boolean;
  readonly exitCode: number;
  /** One line: what happened. */
  readonly verdict: string;
  readonly startedAt: string;
  readonly elapsedMs: number;
  readonly settings: {
    readonly brokers: number;
    readonly topology: string;
    readonly hubIndex?: number;
    readonly networkTtl: number;
    /** `--from`: the cloud assembly or template drilled. */
    readonly from?: string;
    /** `--from`: the case of the app's deploy-time conditions, in words. */
    readonly case?: string;
    readonly failover: string;
    readonly failoverUri?: string;
    /** The consumer's failover URI, when it has its own connection. */
    readonly consumerFailoverUri?: string;
    readonly rate?: number;
    readonly consumerDelaySeconds?: number;
    readonly durationSeconds?: number;
    readonly kill?: string;
    /** `--rotate` (alternating-users) or the naive rotation of `--negative naive-rotation`. */
    readonly rotation?: string;
    readonly negative?: string;
    readonly workDir: string;
  };
  readonly brokers: BrokerSummary[];
  readonly bridges?: BridgeCheck;
  readonly negative?: NegativeResult;
  /** The rotation under traffic, with the bridge monitor's samples. */
  readonly rotation?: RotationReport;
  /** The authorization map's probes: users refused (and allowed) as the map says. */
  readonly authorization?: AccessResult[];
  readonly kill?: KillSummary;
  readonly traffic?: TrafficStats;
  readonly notes: string[];
  readonly problems: string[];
}

/** The report's one-line verdict. */
export function verdict(r: {
  ok: boolean; problems: readonly string[]; negative?: NegativeResult; traffic?: TrafficStats; rotation?: RotationReport;
}): string {
  if (r.negative) {
    return r.negative.detected
      ? `the '${r.negative.kind}' misconfiguration was detected by the message matrix and explained.`
      : `the '${r.negative.kind}' misconfiguration went undetected.`;
  }
  if (!r.ok || !r.traffic) {
    return r.problems[0] ?? 'the drill did not complete.';
  }
  if (r.rotation) {
    const s = r.rotation.samples;
    return `the inter-broker credentials rotated (connectors now on ${r.rotation.connectorUserAfter}) with every bridge between running brokers up: `
      + `${s.upWhenExpected}/${s.expectedUp} probes, 0 down; ${r.traffic.acknowledged} persistent messages sent, 0 missing, ${r.traffic.duplicates} duplicates.`;
  }
  const rec = r.traffic.recovery;
  return `every bridge carried messages; ${r.traffic.acknowledged} persistent messages sent, 0 missing, ${r.traffic.duplicates} duplicates`
    + (rec?.firstReceiveAfterMs !== undefined ? `; traffic resumed ${Math.round(rec.firstReceiveAfterMs)} ms after the kill.` : '.');
}

const TOPOLOGY_NAMES: { [k: string]: string } = {
  'full-mesh': 'full mesh',
  'hub-and-spoke': 'hub-and-spoke',
  'concentrator': 'concentrator',
};

function ms(v: number | undefined): string {
  return v === undefined ? 'n/a' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
}

/** A per-second text chart of sent/received, marking the kill (K) and restart (R) seconds. */
export function renderTimeline(buckets: readonly TimelineBucket[], killSecond?: number, restartSecond?: number, rows = 16): string[] {
  if (buckets.length === 0) {
    return [];
  }
  let shown: (TimelineBucket | undefined)[] = [...buckets];
  if (killSecond !== undefined) {
    const from = killSecond - 2;
    const to = Math.max(killSecond + 4, (restartSecond ?? killSecond) + 3);
    const window = buckets.filter((b) => b.second >= from && b.second <= to).slice(0, rows);
    const last = window[window.length - 1]?.second ?? to;
    // later seconds that still delivered something (e.g. messages that waited on the killed broker)
    const later = buckets.filter((b) => b.second > last && b.received > 0 && b.sent === 0).slice(0, 6);
    shown = later.length > 0 ? [...window, undefined, ...later] : window;
  } else {
    shown = shown.slice(0, rows);
  }
  const present = shown.filter((b): b is TimelineBucket => b !== undefined);
  const peak = Math.max(1, ...present.map((b) => Math.max(b.sent, b.received)));
  const width = 30;
  const lines = ['     s  mark   sent  recv  received per second'];
  for (const b of shown) {
    if (!b) {
      lines.push('   ...');
      continue;
    }
    const mark = b.second === killSecond ? 'K' : b.second === restartSecond ? 'R' : '';
    const bar = '#'.repeat(Math.round((b.received / peak) * width));
    lines.push(`  ${String(b.second).padStart(4)}  ${mark.padEnd(4)} ${String(b.sent).padStart(5)} ${String(b.received).padStart(5)}  ${bar}`);
  }
  return lines;
}

/** The human-readable report (stdout). Never contains secrets: the report holds none. */
export function renderReport(r: DrillReport): string {
  const s = r.settings;
  const out: string[] = [];
  const topo = `${TOPOLOGY_NAMES[s.topology] ?? s.topology}${s.hubIndex !== undefined ? ` (hub node${s.hubIndex})` : ''}`;
  out.push(s.from !== undefined
    ? `cdk-activemq-mesh drill --from ${s.from}${s.case ? ` (case ${s.case})` : ''}: ${s.brokers} brokers, networkTTL ${s.networkTtl}`
    : `cdk-activemq-mesh drill: ${s.brokers} brokers, ${topo}, networkTTL ${s.networkTtl}${s.negative ? `, negative drill '${s.negative}'` : ''}`);
  if (s.failoverUri) {
    out.push(`Failover URI (${s.failover}): ${s.failoverUri}`);
  }
  if (s.consumerFailoverUri) {
    out.push(`Consumer failover URI: ${s.consumerFailoverUri}`);
  }
  out.push('');
  out.push(...table(r.brokers.map((b) => [b.name, `tcp://127.0.0.1:${b.port}  started in ${ms(b.startMs)}${b.restartMs !== undefined ? `, restarted in ${ms(b.restartMs)}` : ''}`])));

  if (r.bridges) {
    const b = r.bridges;
    out.push('');
    out.push(`Bridges: ${b.carrying.length}/${b.checked.length} directions carry real messages (message matrix, ${ms(b.elapsedMs)})`);
    if (b.failed.length > 0) {
      out.push(`  no message crossed: ${b.failed.join(', ')}`);
    }
    if (b.notExpected.length > 0) {
      out.push(`  the mesh graph expects no traffic ${b.checked.length < b.expected.length + b.notExpected.length ? '(not checked) ' : ''}on: ${b.notExpected.join(', ')}`);
    }
  }

  if (r.authorization) {
    out.push('');
    out.push(`Authorization map: ${r.authorization.filter((a) => a.ok).length}/${r.authorization.length} probes as the map says`);
    for (const a of r.authorization) {
      out.push(`  ${a.ok ? 'ok  ' : 'FAIL'} ${a.user} (groups ${a.groups.join(', ') || 'none'}) ${a.action} on ${a.node}: expected ${a.expected.toUpperCase()}, was ${a.outcome.toUpperCase()}`);
      out.push(`       ${a.why}${a.message ? `; broker: ${a.message}` : ''}`);
    }
  }

  if (r.rotation) {
    out.push('');
    out.push(...renderRotation(r.rotation));
  }

  if (r.negative) {
    const n = r.negative;
    out.push('');
    out.push(`Negative drill '${n.kind}': ${n.detected ? 'DETECTED' : 'NOT DETECTED'}`);
    n.explanation.forEach((l) => out.push(`  ${l}`));
    if (n.evidence.length > 0) {
      out.push('  Broker log evidence:');
      n.evidence.forEach((l) => out.push(`    ${l}`));
    }
  }

  const t = r.traffic;
  if (t) {
    out.push('');
    out.push(`Traffic: persistent messages at ${s.rate} msg/s ${s.rotation ? 'during the rotation' : `for ${s.durationSeconds} s`} through the failover URI`
      + `${s.consumerDelaySeconds ? `; the consumer started ${s.consumerDelaySeconds} s after the producer` : ''}`);
    if (r.kill) {
      const k = r.kill;
      out.push(`  kill -9 ${k.node} (${k.reason}) at ${k.atSeconds.toFixed(1)} s${k.restartedAtSeconds !== undefined ? `, restarted at ${k.restartedAtSeconds.toFixed(1)} s` : ''}`
        + `${k.restartReadyAtSeconds !== undefined ? `, ready at ${k.restartReadyAtSeconds.toFixed(1)} s` : ''}`);
    }
    const rows: [string, string][] = [];
    const rec = t.recovery;
    if (rec) {
      rows.push(['client noticed the loss', rec.interruptedAfterMs === undefined ? 'never (it was not on the killed broker)' : `after ${ms(rec.interruptedAfterMs)}`]);
      if (rec.reconnectedAfterMs !== undefined) {
        rows.push(['client reconnected', `after ${ms(rec.reconnectedAfterMs)}${rec.reconnectedTo ? ` to ${rec.reconnectedTo}` : ''}`]);
      }
      rows.push(['TIME TO RECOVER (receive)', `${ms(rec.firstReceiveAfterMs)} from kill to the next message received`]);
      rows.push(['time to recover (send)', `${ms(rec.firstSendAckAfterMs)} from kill to the next send acknowledged`]);
      rows.push(['longest receive gap', ms(rec.longestReceiveGapMs)]);
      if (s.kill === 'all') {
        rows.push(['after the mesh was back', `${ms(rec.firstReceiveAfterRestartMs)} from every broker ready to the next message received`]);
      }
    }
    if (r.kill) {
      rows.push(['acknowledged before kill', `${t.acknowledgedBeforeKill}`]);
    }
    rows.push(['sent (acknowledged)', `${t.acknowledged}${t.sendFailures > 0 ? ` (+${t.sendFailures} failed sends)` : ''}`]);
    rows.push(['received', `${t.received} (${t.unique} unique, ${t.duplicates} duplicates, ${t.redelivered} flagged redelivered)`]);
    rows.push(['MISSING', `${t.missing}${t.missingSeqs.length > 0 ? ` (seq ${t.missingSeqs.join(', ')}${t.missing > t.missingSeqs.length ? ', ...' : ''})` : ''}`]);
    if (r.kill) {
      rows.push(['stranded until restart', `${t.strandedUntilRestart}`]);
    }
    rows.push(['client reconnects', `${t.reconnects}`]);
    out.push(...table(rows));
    const killSecond = r.kill ? 0 : undefined;
    const restartSecond = r.kill?.restartedAtSeconds !== undefined ? Math.floor(r.kill.restartedAtSeconds - r.kill.atSeconds) : undefined;
    const timeline = renderTimeline(t.timeline, killSecond, restartSecond);
    if (timeline.length > 0) {
      out.push('');
      out.push(r.kill ? 'Throughput around the kill (seconds from the kill; K = kill, R = restart):' : 'Throughput (seconds from the start):');
      out.push(...timeline);
    }
  }

  if (r.notes.length > 0) {
    out.push('');
    r.notes.forEach((n) => out.push(`Note: ${n}`));
  }
  if (r.problems.length > 0) {
    out.push('');
    r.problems.forEach((p) => out.push(`Problem: ${p}`));
  }
  out.push('');
  out.push(`${r.ok ? 'PASS' : 'FAIL'}: ${r.verdict}`);
  out.push(`Logs and broker files: ${s.workDir}`);
  return out.join('\n') + '\n';
}

/**
 * Time to recover after kill -9 of the client's broker, on real local ActiveMQ brokers, for the library's
 * failover defaults (FailoverUri.LIBRARY_DEFAULTS) beside ActiveMQ's own (FailoverUri.ACTIVEMQ_DEFAULTS:
 * initialReconnectDelay 10 ms, exponential back-off to 30 s), interleaved in ONE run (A, B, A, B, ...) so
 * machine load affects both alike.
 *
 *   npx ts-node --transpile-only -P tsconfig.dev.json bench/drill/recovery.ts [--kills 5] [--duration 8] \
 *     [--brokers 3] [--kill client|all] [--variant name=spec ...]
 *
 * Each kill is a full drill (start a 3-node full mesh, message matrix, 50 msg/s persistent traffic through the
 * failover URI, kill -9 the client's broker, restart, drain), so every sample also checks zero missing messages.
 * Writes bench/results/drill-recovery-<time>.json and prints a Markdown table for BENCHMARKS.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { runDrill } from '../../src/drill/drill';
import { drillFailoverUri } from '../../src/drill/failover-spec';
import { Progress } from '../../src/drill/progress';
import { Spread, spread } from '../../src/drill/stats';

interface Sample {
  readonly variant: string;
  readonly ok: boolean;
  readonly interruptedAfterMs?: number;
  readonly reconnectedAfterMs?: number;
  readonly firstReceiveAfterMs?: number;
  readonly firstSendAckAfterMs?: number;
  readonly longestReceiveGapMs?: number;
  readonly firstReceiveAfterRestartMs?: number;
  readonly acknowledged: number;
  readonly missing: number;
  readonly duplicates: number;
}

async function main() {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '5' },
      duration: { type: 'string', default: '8' },
      brokers: { type: 'string', default: '3' },
      kill: { type: 'string', default: 'client' },
      variant: { type: 'string', multiple: true },
    },
  });
  const kills = Number(values.kills);
  const variants: [string, string][] = (values.variant ?? ['library=library', 'activemq=activemq'])
    .map((v) => [v.slice(0, v.indexOf('=')), v.slice(v.indexOf('=') + 1)]);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-bench-'));
  const samples: Sample[] = [];
  const started = Date.now();
  for (let k = 0; k < kills; k++) {
    for (const [name, spec] of variants) {
      const result = await runDrill({
        brokers: Number(values.brokers),
        durationSeconds: Number(values.duration),
        rate: 50,
        failover: spec,
        kill: values.kill === 'all' ? 'all' : 'client',
        basePort: 60616 + (samples.length % 2) * 200,
        workDir: path.join(root, `${samples.length}-${name}`),
        progress: new Progress({ isTTY: false, write: () => true }),
      });
      const t = result.report.traffic;
      const rec = t?.recovery;
      const sample: Sample = {
        variant: name,
        ok: result.exitCode === 0,
        interruptedAfterMs: rec?.interruptedAfterMs,
        reconnectedAfterMs: rec?.reconnectedAfterMs,
        firstReceiveAfterMs: rec?.firstReceiveAfterMs,
        firstSendAckAfterMs: rec?.firstSendAckAfterMs,
        longestReceiveGapMs: rec?.longestReceiveGapMs,
        firstReceiveAfterRestartMs: rec?.firstReceiveAfterRestartMs,
        acknowledged: t?.acknowledged ?? 0,
        missing: t?.missing ?? -1,
        duplicates: t?.duplicates ?? 0,
      };
      samples.push(sample);
      process.stderr.write(`kill ${k + 1}/${kills} ${name}: ${JSON.stringify(sample)}\n`);
    }
  }
  fs.rmSync(root, { recursive: true, force: true });

  const metrics: (keyof Sample)[] = ['firstReceiveAfterMs', 'firstSendAckAfterMs', 'reconnectedAfterMs', 'firstReceiveAfterRestartMs'];
  const summary: { [variant: string]: { [metric: string]: Spread | undefined } } = {};
  for (const [name] of variants) {
    summary[name] = {};
    for (const m of metrics) {
      summary[name][m] = spread(samples.filter((s) => s.variant === name && typeof s[m] === 'number').map((s) => s[m] as number));
    }
  }
  const fmt = (s?: Spread) => s ? `${s.median.toFixed(0)} ms (IQR ${s.q1.toFixed(0)}-${s.q3.toFixed(0)}, min ${s.min}, max ${s.max}, n=${s.n})` : 'n/a';
  const lines: string[] = [];
  const others = variants.slice(1).map(([n]) => n);
  lines.push(`| metric (ms) | ${variants.map(([n]) => n).join(' | ')} | ${others.map((n) => `ratio ${n}/${variants[0][0]} (medians)`).join(' | ')} |`);
  lines.push(`|---|${variants.map(() => '---').join('|')}|${others.map(() => '---').join('|')}|`);
  for (const m of metrics) {
    const base = summary[variants[0][0]][m]?.median;
    const ratios = others.map((n) => {
      const med = summary[n][m]?.median;
      return base && med !== undefined ? (med / base).toFixed(2) : 'n/a';
    });
    lines.push(`| ${m} | ${variants.map(([n]) => fmt(summary[n][m])).join(' | ')} | ${ratios.join(' | ')} |`);
  }
  const okCount = samples.filter((s) => s.ok).length;
  lines.push('');
  lines.push(`${okCount}/${samples.length} drills passed; missing messages: ${samples.map((s) => s.missing).reduce((a, b) => a + Math.max(0, b), 0)}; `
    + `duplicates: ${samples.map((s) => s.duplicates).reduce((a, b) => a + b, 0)}; wall time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  lines.push('');
  for (const [name, spec] of variants) {
    const uri = drillFailoverUri(['tcp://127.0.0.1:60616', 'tcp://127.0.0.1:60626', 'tcp://127.0.0.1:60636'], spec);
    lines.push(`- ${name}: \`?${uri.slice(uri.indexOf(')?') + 2)}\``);
  }
  const out = lines.join('\n');
  process.stdout.write(out + '\n');
  const resultsDir = path.join(__dirname, '..', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `drill-recovery-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` },
    kill: values.kill,
    duration: Number(values.duration),
    kills,
    variants,
    samples,
    summary,
  }, null, 2));
  process.stderr.write(`results: ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});

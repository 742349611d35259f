/**
 * What the drill's Java client costs before any broker starts, on real ActiveMQ jars: compiling
 * DrillClient.java into an empty cache (the first run on a machine), preparing it from the cache (every other
 * run), and the ActiveMQ client's own check of the failover URI (every run) — beside one whole short drill
 * (2 brokers, 5 s of traffic, no kill) measured in the same run, as a share of it.
 *
 *   flock /tmp/activemq-drill.lock npx ts-node --transpile-only -P tsconfig.dev.json bench/drill/client.ts [--samples 5]
 *
 * Prints a Markdown table for BENCHMARKS.md; no test asserts any of these times.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseArgs } from 'util';
import { runDrill } from '../../src/drill/drill';
import { DrillClient } from '../../src/drill/java-client';
import { activeMqHome, findActiveMq } from '../../src/drill/prerequisites';
import { ProcessRegistry } from '../../src/drill/processes';
import { Progress } from '../../src/drill/progress';
import { spread, Spread } from '../../src/drill/stats';
import { FailoverUri } from '../../src/uri';

async function time(action: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function main() {
  const { values } = parseArgs({ options: { samples: { type: 'string', default: '5' } } });
  const samples = Number(values.samples);
  const install = findActiveMq(activeMqHome());
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-client-bench-'));
  const registry = new ProcessRegistry();
  const uri = FailoverUri.openWire(['tcp://127.0.0.1:61616', 'tcp://127.0.0.1:61626', 'tcp://127.0.0.1:61636']);
  const cold: number[] = [];
  const warm: number[] = [];
  const check: number[] = [];
  const drill: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const cache = path.join(root, `cache-${i}`);
      cold.push(await time(() => DrillClient.prepare(install, { cacheRoot: cache })));
      let client: DrillClient | undefined;
      warm.push(await time(async () => client = await DrillClient.prepare(install, { cacheRoot: cache })));
      check.push(await time(() => client!.checkFailoverUri(uri, { registry, logPath: path.join(root, 'check.log') })));
      process.stderr.write(`sample ${i + 1}/${samples}: cold ${cold[i].toFixed(0)} ms, warm ${warm[i].toFixed(1)} ms, check ${check[i].toFixed(0)} ms\n`);
    }
    for (let i = 0; i < Math.min(3, samples); i++) {
      const result = await runDrill({
        brokers: 2,
        durationSeconds: 5,
        kill: 'none',
        basePort: 60616,
        workDir: path.join(root, `drill-${i}`),
        progress: new Progress({ isTTY: false, write: () => true }),
      });
      if (result.exitCode !== 0) {
        throw new Error(`the reference drill failed: ${result.report.verdict}`);
      }
      drill.push(result.report.elapsedMs);
    }
  } finally {
    registry.killAll();
    fs.rmSync(root, { recursive: true, force: true });
  }
  const drillMedian = spread(drill)!.median;
  const row = (name: string, s: Spread) =>
    `| ${name} | ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)}, n=${s.n}) | ${(s.median / drillMedian * 100).toFixed(1)} % |`;
  process.stdout.write([
    '| step | median | share of a 2-broker 5 s drill |',
    '|---|---|---|',
    row('compile DrillClient.java (first run, empty cache)', spread(cold)!),
    row('prepare from the cache (every other run)', spread(warm)!),
    row('failover URI check by the ActiveMQ client (every run)', spread(check)!),
    `| the whole drill (reference) | ${(drillMedian / 1000).toFixed(1)} s (n=${drill.length}) | 100 % |`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}.`,
    '',
  ].join('\n'));
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 1;
});

/**
 * The gate's cost on apps of 10, 100, 500 and 5,000 Amazon MQ for ActiveMQ brokers: the plugin (ActiveMqMeshChecks,
 * as CDK runs it after synthesis) and `check` (on the synthesized cloud assembly), and the plugin's share of the
 * whole synthesis of the same app.
 *
 * The apps: L1 brokers in groups of five (a four-node full mesh, node i with a duplex connector to every node j < i
 * through its own configuration, half attached by Configuration and half by a ConfigurationAssociation, plus one
 * standalone broker), at most 100 brokers per stack, every other rule compliant (the pack tests' broker).
 *
 * Per size, REPS times (default 5; 3 for 5,000): build the app, `app.synth()` without the plugin; build it again,
 * `app.synth()` with the plugin registered (its validate() timed inside); `check` on that cloud assembly
 * (runCheck: read, parse, evaluate, judge). Medians are reported. The plugin's share is its validate() time over the
 * synthesis time with the plugin.
 *
 * Run: npx ts-node --transpile-only -P tsconfig.dev.json bench/nag/gate-bench.ts [sizes...]   (env REPS)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { runCheck } from '../../src/cli/check/run';
import { ActiveMqMeshChecks } from '../../src/nag';
import { associate, attach, broker, configuration, connectorXml } from '../../test/nag/helpers';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];

function buildApp(brokerCount: number, outdir: string): { app: App; standalone: number } {
  const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
  let stack: Stack | undefined;
  let group: CfnBroker[] = [];
  let standalone = 0;
  for (let i = 0; i < brokerCount; i++) {
    if (i % 100 === 0) stack = new Stack(app, `Messaging${i / 100}`);
    const position = i % 5;
    const b = broker(stack!, `Broker${i}`, { maintenanceWindowStartTime: { dayOfWeek: WEEKDAYS[position], timeOfDay: '02:00', timeZone: 'UTC' } });
    if (position === 4 || (i === brokerCount - 1 && group.length === 0)) {
      standalone++;
      group = [];
      continue;
    }
    if (group.length > 0) {
      const cfg = configuration(stack!, `Config${i}`, connectorXml(group));
      if (i % 2 === 0) attach(b, cfg);
      else associate(stack!, `Association${i}`, b, cfg);
    }
    group.push(b);
  }
  return { app, standalone };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Row {
  readonly brokers: number;
  readonly synthMs: number;
  readonly synthWithPackMs: number;
  readonly pluginMs: number;
  readonly checkMs: number;
  readonly standalone: number;
}

function measure(size: number, reps: number, dir: string): Row {
  const synth: number[] = [];
  const withPack: number[] = [];
  const plugin: number[] = [];
  const check: number[] = [];
  let standalone = 0;
  for (let r = 0; r < reps; r++) {
    const plain = path.join(dir, `plain-${size}-${r}`);
    let t = performance.now();
    buildApp(size, plain).app.synth();
    synth.push(performance.now() - t);
    fs.rmSync(plain, { recursive: true, force: true });

    const out = path.join(dir, `pack-${size}-${r}`);
    const built = buildApp(size, out);
    const pack = new ActiveMqMeshChecks();
    const validate = pack.validate.bind(pack);
    let inside = 0;
    let report: any;
    pack.validate = (ctx) => {
      const s = performance.now();
      report = validate(ctx);
      inside = performance.now() - s;
      return report;
    };
    Validations.of(built.app).addPlugins(pack);
    t = performance.now();
    built.app.synth();
    withPack.push(performance.now() - t);
    plugin.push(inside);
    const found = report.violations.filter((v: any) => v.ruleName.startsWith('ActiveMqMesh-StandaloneBroker[')).length;
    if (found !== built.standalone) throw new Error(`expected ${built.standalone} standalone brokers, the plugin found ${found}`);

    t = performance.now();
    const checked = runCheck({ inputs: [out], format: 'json', failOnWarnings: false, externalPeers: [], ownershipTagKeys: [], help: false });
    check.push(performance.now() - t);
    if (checked.summary.standalone !== built.standalone) throw new Error(`check found ${checked.summary.standalone} standalone brokers, expected ${built.standalone}`);
    standalone = built.standalone;
    fs.rmSync(out, { recursive: true, force: true });
  }
  return { brokers: size, synthMs: median(synth), synthWithPackMs: median(withPack), pluginMs: median(plugin), checkMs: median(check), standalone };
}

function main(): void {
  const sizes = SIZES.length > 0 ? SIZES : [10, 100, 500, 5000];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-bench-'));
  const quiet = process.stderr.write.bind(process.stderr);
  process.stderr.write = (() => true) as any; // the plugin's summary line, once per synth
  console.error = () => undefined; // CDK's "Performing Policy Validations"
  const rows: Row[] = [];
  try {
    measure(100, 1, dir); // warm-up: module loading and JIT
    for (const size of sizes) {
      rows.push(measure(size, Number(process.env.REPS ?? (size >= 5000 ? 3 : 5)), dir));
    }
  } finally {
    process.stderr.write = quiet;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`node ${process.version}, ${os.cpus().length} cpus, load average ${load}`);
  console.log('| brokers | synth ms (no pack) | synth ms (with pack) | plugin validate() ms | µs/broker | check ms | µs/broker | plugin share of synth | growth vs previous (1.00 = linear): plugin / check |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  rows.forEach((r, i) => {
    const prev = rows[i - 1];
    const growth = prev === undefined ? '' : `${((r.pluginMs / prev.pluginMs) / (r.brokers / prev.brokers)).toFixed(2)} / ${((r.checkMs / prev.checkMs) / (r.brokers / prev.brokers)).toFixed(2)}`;
    console.log(`| ${r.brokers} | ${r.synthMs.toFixed(0)} | ${r.synthWithPackMs.toFixed(0)} | ${r.pluginMs.toFixed(1)} | ${(1000 * r.pluginMs / r.brokers).toFixed(0)} `
      + `| ${r.checkMs.toFixed(1)} | ${(1000 * r.checkMs / r.brokers).toFixed(0)} | ${(100 * r.pluginMs / r.synthWithPackMs).toFixed(1)}% | ${growth} |`);
  });
}

main();

/**
 * Validation time of the ActiveMqMeshChecks pack beside cdk-nag's AwsSolutionsChecks on the same apps, in one run.
 *
 * Apps of 10, 100 and 500 Amazon MQ for ActiveMQ brokers (L1 resources), in groups of five: a four-node full mesh
 * (node i declares a duplex connector to every node j < i, through its own AWS::AmazonMQ::Configuration, half
 * attached with the broker's Configuration property and half with a ConfigurationAssociation) plus one
 * standalone broker. Stacks hold at most 100 brokers. After a warm-up on a 100-broker app, the two packs validate
 * each app REPS times, alternating, and the table shows the medians.
 *
 * Run: npx ts-node --transpile-only bench/nag/validate-bench.ts [sizes...] (default 10 100 500; env REPS, default 7)
 */
import * as os from 'os';
import { App, Stack } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { ActiveMqMeshChecks } from '../../src/nag';
import { associate, attach, broker, configuration, connectorXml } from '../../test/nag/helpers';

const REPS = Number(process.env.REPS ?? 7);
const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'];

/** The brokers are the pack tests' compliant broker (test/nag/helpers.ts), so the only findings are the standalone ones. */
function buildApp(brokerCount: number): { app: App; expectedStandalone: number } {
  const app = new App();
  let stack: Stack | undefined;
  let group: CfnBroker[] = [];
  let standalone = 0;
  for (let i = 0; i < brokerCount; i++) {
    if (i % 100 === 0) {
      stack = new Stack(app, `Messaging${i / 100}`);
    }
    const position = i % 5;
    const b = broker(stack!, `Broker${i}`, {
      maintenanceWindowStartTime: { dayOfWeek: WEEKDAYS[position], timeOfDay: '02:00', timeZone: 'UTC' },
    });
    if (position === 4 || i === brokerCount - 1 && group.length === 0) {
      standalone++;
      group = [];
      continue;
    }
    if (group.length > 0) {
      const cfg = configuration(stack!, `Config${i}`, connectorXml(group));
      if (i % 2 === 0) {
        attach(b, cfg);
      } else {
        associate(stack!, `Association${i}`, b, cfg);
      }
    }
    group.push(b);
  }
  return { app, expectedStandalone: standalone };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Times both packs on one app, alternating them rep by rep so that machine load hits both alike. */
function timeBoth(app: App): { ours: number; oursFindings: number; nag: number; nagFindings: number } {
  const ours: number[] = [];
  const nag: number[] = [];
  let oursFindings = 0;
  let nagFindings = 0;
  const one = (p: NagPack): { ms: number; findings: number } => {
    const t0 = process.hrtime.bigint();
    const report = p.validateScope(app);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, findings: report.violations.reduce((n, v) => n + v.violatingResources.length, 0) };
  };
  for (let r = 0; r < REPS; r++) {
    const a = one(new ActiveMqMeshChecks());
    const b = one(new AwsSolutionsChecks());
    ours.push(a.ms);
    nag.push(b.ms);
    oursFindings = a.findings;
    nagFindings = b.findings;
  }
  return { ours: median(ours), oursFindings, nag: median(nag), nagFindings };
}

// warm-up (JIT, module loading) on a mid-sized app, not measured
{
  const { app } = buildApp(100);
  for (let r = 0; r < 5; r++) {
    new ActiveMqMeshChecks().validateScope(app);
    new AwsSolutionsChecks().validateScope(app);
  }
}

const rows: string[] = [];
let previous: { n: number; ours: number } | undefined;
for (const n of SIZES.length > 0 ? SIZES : [10, 100, 500]) {
  const { app, expectedStandalone } = buildApp(n);
  app.synth();
  const t = timeBoth(app);
  const ours = { ms: t.ours, findings: t.oursFindings };
  const nag = { ms: t.nag, findings: t.nagFindings };
  const standalone = new ActiveMqMeshChecks().validateScope(app).violations.filter((v) => v.ruleName === 'ActiveMqMesh-StandaloneBroker').length;
  if (standalone !== expectedStandalone) {
    throw new Error(`expected ${expectedStandalone} standalone brokers at N=${n}, the pack found ${standalone}`);
  }
  const resources = app.node.findAll().filter((c) => (c as any).cfnResourceType !== undefined).length;
  const growth = previous === undefined ? '' : `${((ours.ms / previous.ours) / (n / previous.n)).toFixed(2)}`;
  rows.push(`| ${n} | ${resources} | ${ours.ms.toFixed(1)} | ${(ours.ms * 1000 / n).toFixed(0)} | ${ours.findings} | `
    + `${nag.ms.toFixed(1)} | ${(nag.ms * 1000 / n).toFixed(0)} | ${nag.findings} | ${(ours.ms / nag.ms).toFixed(2)} | ${growth} |`);
  previous = { n, ours: ours.ms };
}
console.log(`node ${process.version}, REPS=${REPS} (median, packs alternated), load average ${os.loadavg().map((l: number) => l.toFixed(2)).join(' ')}`);
console.log('| brokers | L1 resources | ActiveMqMeshChecks ms | µs/broker | findings | AwsSolutionsChecks ms | µs/broker | findings | ratio ours/AwsSolutions | growth vs previous (1.00 = linear) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
rows.forEach((r) => console.log(r));

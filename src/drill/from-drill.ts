import * as fs from 'node:fs';
import * as path from 'node:path';
import { DrillOptions, MAX_FROM_BROKERS, PORT_STEP, UsageError } from './args';
import { FromAppCase, fromAppCases, readApp } from './from-app';
import { DrillReport, renderReport, verdict } from './report';
import { DrillResult, runPlan, RunDrillOptions } from './run-plan';

/** What `drill --from --json` writes: one report per case drilled. */
export interface FromAppReport {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly from: string;
  /** Every case of the app's deploy-time conditions, in words (the report of the ones drilled follows). */
  readonly cases: Array<{ readonly index: number; readonly choices: string[]; readonly report: DrillReport }>;
}

/**
 * `drill --from <path>`: reads the app as CloudFormation deploys it and drills each case of its deploy-time
 * conditions in turn (or the one `--case` names) with the same phases as the plan of the command-line options. A
 * case whose brokers cannot run at all is reported without starting anything. Bad input is a UsageError.
 */
export async function runFromApp(o: DrillOptions, options: RunDrillOptions): Promise<DrillResult> {
  const from = o.from!;
  const all = fromAppCases(readApp(from), o.basePort);
  if (all.length === 0) {
    throw new UsageError(`--from ${from}: no case of the app's deploy-time conditions can deploy (every case is contradictory).`);
  }
  if (o.caseNumber !== undefined && o.caseNumber > all.length) {
    throw new UsageError(`--case ${o.caseNumber}: the app has ${all.length} case(s) of its deploy-time conditions (${describeCases(all)}); pass --case 1${all.length > 1 ? ` to ${all.length}` : ''}.`);
  }
  const chosen = o.caseNumber === undefined ? all : [all[o.caseNumber - 1]];
  for (const c of chosen) {
    const count = c.plan?.nodes.length ?? 0;
    if (count > MAX_FROM_BROKERS) {
      throw new UsageError(`--from ${from}: ${count} ActiveMQ brokers to run${caseWords(c)}, more than the ${MAX_FROM_BROKERS} the drill runs on one machine.`);
    }
    if (o.basePort + PORT_STEP * (count - 1) > 65535) {
      throw new UsageError(`--base-port ${o.basePort}: ${count} brokers need ports up to ${o.basePort + PORT_STEP * (count - 1)}; pass a --base-port of at most ${65535 - PORT_STEP * (count - 1)}.`);
    }
    if (typeof o.kill === 'number' && o.kill >= count) {
      throw new UsageError(`--kill ${o.kill}: the app has ${count} ActiveMQ brokers to drill${caseWords(c)} (nodes 0 to ${count - 1}); pass one of them.`);
    }
  }
  const several = chosen.length > 1;
  const results: Array<{ c: FromAppCase; result: DrillResult }> = [];
  for (const c of chosen) {
    const caseOptions: DrillOptions = {
      ...o,
      workDir: o.workDir !== undefined && several ? path.join(o.workDir, `case${c.index}`) : o.workDir,
      jsonFile: undefined,
    };
    results.push({ c, result: await drillCase(c, caseOptions, options) });
  }
  const ok = results.every((r) => r.result.exitCode === 0);
  const exitCode = ok ? 0 : 1;
  if (o.jsonFile) {
    const cases = results.map(({ c, result }) => ({ index: c.index, choices: c.choices, report: result.report }));
    const json: FromAppReport = { ok, exitCode, from, cases };
    fs.writeFileSync(o.jsonFile, JSON.stringify(json, null, 2) + '\n');
  }
  const header = several ? `cdk-activemq-mesh drill --from ${from}: ${all.length} cases of the app's deploy-time conditions, drilled one after another\n\n` : '';
  const footer = several ? `\n${ok ? 'PASS' : 'FAIL'}: ${results.filter((r) => r.result.exitCode === 0).length} of ${results.length} cases passed.\n` : '';
  return {
    exitCode,
    report: results[results.length - 1].result.report,
    text: header + results.map((r) => r.result.text).join('\n') + footer,
  };
}

async function drillCase(c: FromAppCase, o: DrillOptions, options: RunDrillOptions): Promise<DrillResult> {
  const settings = {
    brokers: c.plan?.nodes.length ?? 0,
    topology: 'app',
    networkTtl: c.plan?.networkTtl ?? 1,
    from: o.from,
    case: c.choices.length > 0 ? `${c.index}: ${c.choices.join(', ')}` : undefined,
  };
  if (c.plan !== undefined) {
    return runPlan(c.plan, o, options, { settings, problems: c.problems, notes: c.notes });
  }
  // nothing of this case can run: report why without starting anything
  const report: DrillReport = {
    ok: false,
    exitCode: 1,
    verdict: verdict({ ok: false, problems: c.problems }),
    startedAt: new Date().toISOString(),
    elapsedMs: 0,
    settings: { ...settings, failover: o.failover, workDir: '(none: nothing was started)' },
    brokers: [],
    notes: c.notes,
    problems: c.problems,
  };
  return { exitCode: 1, report, text: renderReport(report) };
}

function caseWords(c: FromAppCase): string {
  return c.choices.length > 0 ? ` in case ${c.index} (${c.choices.join(', ')})` : '';
}

function describeCases(cases: readonly FromAppCase[]): string {
  return cases.map((c) => `${c.index}: ${c.choices.join(', ') || 'the only case'}`).join('; ');
}

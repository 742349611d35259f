/**
 * Model-based test (issue 8, What 8): a seeded generator builds random apps (2-12 brokers over 1-3 stacks, links from
 * the membership cases, Data and passwords in random encodings, overrides, conditions, associations or
 * Configuration, acknowledgements), each with the verdict its own model implies (test/gate/model/model.ts, which never
 * reads a template). The pack (registered on the app, run by `app.synth()`) and `check` (on the synthesized cloud
 * assembly) must both report exactly the model's error findings, and never print a password.
 *
 * The seeds change every day (override with MODEL_SEED=<n>; MODEL_APPS=<n> sets how many, default 2000). A failing
 * seed is printed with the app and the differences: add it to REGRESSIONS below so it runs on every run from then on.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import { buildApp, EXTERNAL_PEER, SENTINEL } from './model/build';
import { describeApp, generate } from './model/generator';
import { expectedErrors } from './model/model';
import { runCheck } from '../../src/cli/check/run';
import { ActiveMqMeshChecks } from '../../src/nag';

/** Seeds that once failed, kept so they run every time. */
const REGRESSIONS: number[] = [];

const COUNT = Number(process.env.MODEL_APPS ?? 2000);
const BASE = Number(process.env.MODEL_SEED ?? Math.floor(Date.now() / 86_400_000) * 10_000);

interface Outcome {
  readonly seed: number;
  readonly expected: string[];
  readonly pack: string[];
  readonly check: string[];
  readonly leak: boolean;
}

function judge(seed: number, dir: string): Outcome {
  const gen = generate(seed);
  const outdir = path.join(dir, `app-${seed}`);
  const app = buildApp(gen, outdir);
  const pack = new ActiveMqMeshChecks({ externalPeers: [EXTERNAL_PEER] });
  const validate = jest.spyOn(pack, 'validate');
  Validations.of(app).addPlugins(pack);
  app.synth();
  const report = validate.mock.results[0].value;
  const packErrors = report.violations.filter((v: any) => v.severity === 'error')
    .map((v: any) => `${v.ruleName.replace(/^ActiveMqMesh-([A-Za-z]+)\[(.*)\]$/, '$1 $2')}`).sort();
  const acks = path.join(outdir, 'acknowledgements.json');
  fs.writeFileSync(acks, JSON.stringify(gen.brokers.filter((b) => b.acknowledged)
    .map((b) => ({ id: 'ActiveMqMesh-StandaloneBroker', resource: `S${b.stack}/B${b.index}`, reason: 'model: acknowledged on purpose' }))));
  const checked = runCheck({
    inputs: [outdir], format: 'json', failOnWarnings: false, externalPeers: [EXTERNAL_PEER], acknowledgements: acks, ownershipTagKeys: [], help: false,
  });
  const checkErrors = checked.findings.filter((f) => f.level === 'Error' && f.acknowledged === undefined).map((f) => `${f.rule} ${f.subjectPath}`).sort();
  const leak = JSON.stringify(report).includes(SENTINEL) || JSON.stringify(checked.findings).includes(SENTINEL);
  fs.rmSync(outdir, { recursive: true, force: true });
  return { seed, expected: expectedErrors(gen), pack: packErrors, check: checkErrors, leak };
}

describe('model-based: the pack and check agree with the model on generated apps', () => {
  test(`${COUNT} apps from seed ${BASE} (plus ${REGRESSIONS.length} regression seeds)`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-'));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failures: string[] = [];
    const started = Date.now();
    const tally = new Map<string, number>();
    try {
      for (const seed of [...REGRESSIONS, ...Array.from({ length: COUNT }, (_, i) => BASE + i)]) {
        const o = judge(seed, dir);
        for (const e of o.expected) tally.set(e.split(' ')[0], (tally.get(e.split(' ')[0]) ?? 0) + 1);
        const same = (a: string[]) => JSON.stringify(a) === JSON.stringify(o.expected);
        if (!same(o.pack) || !same(o.check) || o.leak) {
          failures.push(`seed ${seed} (MODEL_SEED=${seed} MODEL_APPS=1):\n${describeApp(generate(seed))}\n`
            + `  model: ${JSON.stringify(o.expected)}\n  pack:  ${JSON.stringify(o.pack)}\n  check: ${JSON.stringify(o.check)}${o.leak ? '\n  a password was printed' : ''}`);
          if (failures.length >= 5) break;
        }
      }
    } finally {
      stderr.mockRestore();
      log.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`model-based test: ${COUNT + REGRESSIONS.length} apps in ${((Date.now() - started) / 1000).toFixed(1)} s (seeds ${BASE}..${BASE + COUNT - 1}); `
      + `expected error findings by rule: ${JSON.stringify(Object.fromEntries([...tally].sort()))}\n`);
    // the generated apps exercise every modelled rule, so agreement means something
    for (const rule of ['StandaloneBroker', 'PlaintextUserPassword', 'ConnectorPassword', 'InterBrokerUserMismatch', 'PublicBroker']) {
      if (COUNT >= 500) expect(tally.get(rule) ?? 0).toBeGreaterThan(10);
    }
    expect(failures).toEqual([]);
  }, 1_200_000);
});

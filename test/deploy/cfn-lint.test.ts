/**
 * AWS's cfn-lint over every template the examples and the template tests synthesize (one batch, one run), and
 * CloudFormation's quotas over the same templates. cfn-lint is part of this machine image (`cfn-lint --version`);
 * outside CI the suite is skipped when it is missing, in CI (`CI` set) it fails instead.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cfnLint, cfnLintAvailable, CfnLintFinding } from '../helpers/cfn-lint';
import { expectWithinQuotas, quotaUsage } from '../helpers/cfn-quotas';
import { VARIANTS } from '../helpers/template-variants';

jest.setTimeout(240_000);

const available = cfnLintAvailable();
if (!available && process.env.CI) {
  throw new Error('cfn-lint (AWS\'s, Python) is required in CI: it is part of the build image');
}

/**
 * cfn-lint 1.51 reports its informational "Prefer using Fn::Sub over Fn::Join" hint (I1022, SubNotJoin) under the
 * error code of the rule that was validating when it met the Fn::Join: E3703 (CodePipeline action configuration)
 * validates an action's RoleArn, which aws-cdk-lib's CodePipeline writes as Fn::Join (examples/nag-pipeline). The
 * template is valid; the finding is that hint, not an E3703 violation.
 */
function misattributed(f: CfnLintFinding): boolean {
  return f.code === 'E3703' && f.message === 'Prefer using Fn::Sub over Fn::Join with an empty delimiter';
}

function exampleTemplates(): Record<string, any> {
  const outdir = mkdtempSync(path.join(os.tmpdir(), 'examples-'));
  try {
    const root = path.join(__dirname, '..', '..');
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(root, 'test', 'helpers', 'synth-examples.ts'), outdir], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.dev.json'), JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) {
      throw new Error(`synthesizing the examples failed (exit ${run.status}): ${run.stderr}`);
    }
    return JSON.parse(readFileSync(path.join(outdir, 'templates.json'), 'utf8'));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

(available ? describe : describe.skip)('cfn-lint over every template the examples and the template tests synthesize', () => {
  let templates: Record<string, any>;
  let findings: CfnLintFinding[];
  beforeAll(() => {
    templates = { ...Object.fromEntries(Object.entries(VARIANTS).map(([name, build]) => [name, build()])), ...exampleTemplates() };
    findings = cfnLint(templates);
  });

  test('every example is linted', () => {
    const linted = new Set(Object.keys(templates).filter(n => n.includes('/')).map(n => n.split('/')[0]));
    expect([...linted].sort()).toEqual(readdirSync(path.join(__dirname, '..', '..', 'examples')).sort());
  });

  test('no errors', () => {
    expect(findings.filter(f => f.code.startsWith('E') && !misattributed(f))).toEqual([]);
  });

  test('the only ignored finding is cfn-lint 1.51\'s misattributed Fn::Sub hint on aws-cdk-lib\'s CodePipeline', () => {
    expect([...new Set(findings.filter(misattributed).map(f => f.template))]).toEqual(['nag-pipeline/Pipeline.template.json']);
  });

  test('the check can fail: cfn-lint reports an error in a broken template', () => {
    const broken = JSON.parse(JSON.stringify(templates.default));
    const broker = Object.values(broken.Resources as Record<string, any>).find(r => r.Type === 'AWS::AmazonMQ::Broker');
    broker.Properties.DeploymentMode = 'ACTIVE_ACTIVE';
    expect(cfnLint({ broken }).filter(f => f.code.startsWith('E')).map(f => f.code)).toContain('E3030');
  });

  test('the examples fit CloudFormation\'s quotas too', () => {
    for (const [name, t] of Object.entries(templates)) expectWithinQuotas(t, name);
    // One dynamic reference per broker: the admin's password, the one user left in the brokers' Users.
    expect(quotaUsage(templates['hub-and-spoke-21']).dynamicReferences).toBe(21);
  });
});

/**
 * Issue 8, What 3 and 4, through the real CDK CLI (node_modules/aws-cdk): a crash is never a pass, and any stack
 * selection sees the whole app. How the CLI decides (aws-cdk 2.1148): it reads cdk.out/validation-report.json and
 * keeps only the violations of the stacks it selected (`cdk synth` alone selects the top-level stacks, none of a
 * Stage); a violation without constructs is always kept. So the pack attaches each finding to every construct that
 * causes it, and adds one `fatal` violation without constructs whenever the report fails.
 *
 * `cdk deploy` needs AWS credentials, which this machine has not: a clean app stops at "no credentials have been
 * configured" (after validation), an app with findings stops earlier, at "Synthesis finished with errors".
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const EXAMPLES = path.join(__dirname, '../../examples');

function cdk(example: string, ...args: string[]): { status: number | null; output: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${example}-`));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' };
    for (const k of Object.keys(env).filter((x) => /^AWS_(ACCESS|SECRET|SESSION|PROFILE)/.test(x))) delete env[k];
    const result = spawnSync('npx', ['cdk', ...args, '--no-notices', '--output', outdir], {
      cwd: path.join(EXAMPLES, example), encoding: 'utf8', timeout: 240_000, env,
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe('the real cdk CLI fails on every selection of an app with an error finding', () => {
  test('a crash is not a pass: a generic CfnResource broker with scopeTagKey set fails synthesis with its findings', () => {
    const { status, output } = cdk('nag-generic', 'synth', '--quiet');
    expect(output).toContain('ERROR ActiveMqMesh-StandaloneBroker: the broker Generic/Orders is not part of a network of brokers');
    expect(output).toContain('ActiveMqMesh: 1 broker checked, 0 in a mesh, 1 standalone, 1 error');
    expect(status).toBe(1);
  }, 250_000);

  test('a plain Stage: `cdk synth` (no stack selected) fails, and the log names the error', () => {
    const { status, output } = cdk('nag-stage', 'synth', '--quiet');
    expect(output).toContain('ActiveMqMesh: 1 broker checked, 0 in a mesh, 1 standalone, 1 error');
    expect(output).toContain('ActiveMqMesh-StandaloneBroker: the broker Prod/Messaging/Orders');
    expect(output).toContain('Synthesis finished with errors');
    expect(status).toBe(1);
  }, 250_000);

  test('CDK Pipelines: `cdk synth` fails', () => {
    const { status, output } = cdk('nag-pipeline', 'synth', '--quiet');
    expect(output).toContain('ActiveMqMesh-StandaloneBroker: the broker Prod/Messaging/Orders');
    expect(status).toBe(1);
  }, 250_000);

  test.each(['Config', 'Brokers', 'Clean'])('`cdk synth %s`: the association in Config made Brokers/B standalone; every selection fails', (selection) => {
    const { status, output } = cdk('nag-selection', 'synth', selection, '--quiet');
    expect(output).toContain('ActiveMqMesh: 2 brokers checked, 0 in a mesh, 2 standalone, 2 errors');
    expect(output).toContain('ActiveMqMesh-StandaloneBroker: the broker Brokers/B is not part of a network of brokers (its configuration Config/Empty');
    expect(status).toBe(1);
  }, 250_000);

  test('`cdk synth Config` shows the finding on the stack Config\'s constructs, with the broker-specific acknowledgement hint', () => {
    const { output } = cdk('nag-selection', 'synth', 'Config', '--quiet');
    expect(output).toMatch(/Config\/(Assoc|Empty) aws-cdk-lib\.aws_amazonmq\./);
    expect(output).toContain("Acknowledge with 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker[Brokers/B]'");
    expect(output).not.toContain("Acknowledge with 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker'");
  }, 250_000);

  test('`cdk deploy Config --exclusively` fails at validation, before any AWS call; a clean app gets as far as credentials', () => {
    const failing = cdk('nag-selection', 'deploy', 'Config', '--exclusively', '--require-approval', 'never');
    expect(failing.output).toContain('Synthesis finished with errors');
    expect(failing.output).not.toContain('no credentials have been configured');
    expect(failing.status).toBe(1);
    const clean = cdk('nag-mesh', 'deploy', 'Mesh', '--exclusively', '--require-approval', 'never');
    expect(clean.output).toContain('ActiveMqMesh: 3 brokers checked, 3 in a mesh, 0 standalone, 0 errors, 0 warnings, 0 acknowledged');
    expect(clean.output).toContain('no credentials have been configured');
  }, 500_000);
});

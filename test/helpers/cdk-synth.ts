/**
 * Runs the real CDK CLI (`cdk synth --quiet --no-notices`) in an example app directory, into a temporary cloud
 * assembly, and returns the exit status with stdout and stderr together. Nothing here is timed.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export function cdkSynth(appDirectory: string, ...extra: string[]): { status: number | null; output: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(appDirectory)}-`));
  try {
    const result = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir, ...extra], {
      cwd: appDirectory,
      encoding: 'utf8',
      timeout: 170_000,
      env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' },
    });
    return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

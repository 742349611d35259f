/**
 * The README's quick start works exactly as written: its code block, with the package import pointed at this
 * checkout, synthesizes a three-broker mesh with the real aws-cdk-lib.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

describe('README', () => {
  test('the first lines give the install-and-synthesize command and the test command', () => {
    const block = /^```sh\n([\s\S]*?)\n```/.exec(readme)![1].split('\n');
    expect(block[0]).toMatch(/^npm ci && npx projen synth:example\s+#/);
    expect(block[1]).toMatch(/^npx projen test\s+#/);
    const ci = fs.readFileSync(path.join(root, '.ci/run'), 'utf8');
    // the fresh-machine run (no ActiveMQ), then the full run
    expect(ci).toMatch(/^ACTIVEMQ_E2E=skip ACTIVEMQ_HOME=\/nonexistent (MODEL_APPS=\d+ )?npx projen test\b/m);
    expect(ci).toMatch(/^npx projen test$/m);
    expect(ci.indexOf('ACTIVEMQ_E2E=skip')).toBeLessThan(ci.indexOf('apt-get install'));
  });

  test('the quick start synthesizes a three-node mesh', () => {
    const section = readme.split('## Quick start')[1];
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1];
    expect(code.split('\n').length).toBeLessThanOrEqual(15);
    const dir = fs.mkdtempSync(path.join(root, 'test', '.quickstart-'));
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'quickstart-out-'));
    try {
      const file = path.join(dir, 'app.ts');
      fs.writeFileSync(file, code.replace("from 'cdk-activemq-mesh'", `from ${JSON.stringify(path.join(root, 'src'))}`));
      execFileSync(process.execPath, [require.resolve('ts-node/dist/bin'), '--transpile-only', '--project', path.join(root, 'tsconfig.dev.json'), file], {
        cwd: dir, env: { ...process.env, CDK_OUTDIR: outdir }, stdio: 'pipe',
      });
      const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Messaging.template.json'), 'utf8'));
      const brokers = Object.values(template.Resources as Record<string, { Type: string }>).filter(r => r.Type === 'AWS::AmazonMQ::Broker');
      expect(brokers).toHaveLength(3);
      expect(Object.keys(template.Outputs).some(k => k.includes('OpenWireFailoverUri'))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

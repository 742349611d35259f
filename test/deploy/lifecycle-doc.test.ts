/**
 * docs/lifecycle.md's change tables are generated from real templates (test/deploy/lifecycle-doc.ts): this test
 * fails when the committed file no longer matches what the library does, and checks the claims the tables make.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';
import { BEGIN, DOC, END, renderLifecycleTables, withSection } from './lifecycle-doc';

jest.setTimeout(120_000);

describe('docs/lifecycle.md', () => {
  const rendered = renderLifecycleTables();

  test('is up to date (regenerate with `npx projen docs:lifecycle`)', () => {
    const committed = readFileSync(DOC, 'utf8');
    expect(committed).toContain(BEGIN);
    expect(withSection(committed, rendered)).toBe(committed);
  });

  test('says that a create-only change under the same broker names fails, and how to do it instead', () => {
    const rows = rendered.split('\n').filter(l => l.startsWith('| `'));
    const row = (change: string) => rows.find(r => r.startsWith(`| ${change} |`))!;
    for (const change of ['`deploymentMode` SINGLE_INSTANCE → ACTIVE_STANDBY_MULTI_AZ', '`storageType` EFS → EBS', '`useAwsOwnedKey: true` (was the mesh\'s own KMS key)', '`vpcSubnets` (other subnets in the same AZs)']) {
      expect(row(change)).toMatch(/\*\*3 replaced \(.*\): the deployment fails\*\* \(BrokerName orders-0 is still taken\) and rolls back/);
    }
    expect(row('`deploymentMode` and `brokerNamePrefix` together')).toMatch(/^\| [^|]+ \| 3 replaced \(BrokerName, DeploymentMode, SubnetIds\) \|/);
    expect(row('`brokerCount` 3 → 4')).toMatch(/^\| [^|]+ \| 1 added \|.*\| none \|/);
    expect(row('`networkConnector.networkTtl` 1 → 3')).toContain('| orders-1, orders-2, one at a time (configuration revision) |');
  });

  test('the section markers are required', () => {
    expect(() => withSection('no markers', rendered)).toThrow(/docs\/lifecycle.md has no generated section/);
    expect(rendered.endsWith(END)).toBe(true);
  });
});

describe('test/fixtures/cloudformation/resource-schemas.json', () => {
  const installed = (() => {
    try {
      execFileSync('python3', ['-c', 'import cfnlint'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  (installed || process.env.CI ? test : test.skip)('matches the registry schemas of the installed cfn-lint', () => {
    execFileSync('python3', [path.join(__dirname, '..', '..', 'scripts', 'cfn-resource-schemas.py'), '--check'], { encoding: 'utf8' });
  });
});

/**
 * Users at scale (issue 9 What 2): meshes of the acceptance sizes synthesize within every CloudFormation quota and
 * pass AWS's cfn-lint; past what the design supports, synth fails with an error naming the numbers and the way out.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, MeshTopology, MeshUserProps } from '../../src';
import { resourcesOfType } from '../helpers/template';

/** CloudFormation's template quotas (CloudFormation User Guide, "CloudFormation quotas"). */
const QUOTAS = { dynamicReferences: 60, resources: 500, outputs: 200, parameters: 200, bodyBytes: 1024 * 1024 };

function quotaUse(template: any) {
  const body = JSON.stringify(template);
  return {
    dynamicReferences: (body.match(/\{\{resolve:/g) ?? []).length,
    resources: Object.keys(template.Resources ?? {}).length,
    outputs: Object.keys(template.Outputs ?? {}).length,
    parameters: Object.keys(template.Parameters ?? {}).length,
    bodyBytes: Buffer.byteLength(body),
  };
}

function expectWithinQuotas(template: any): void {
  const use = quotaUse(template);
  for (const [k, limit] of Object.entries(QUOTAS)) expect({ [k]: use[k as keyof typeof use] <= limit }).toEqual({ [k]: true });
}

function users(count: number, extra: Partial<MeshUserProps> = {}): MeshUserProps[] {
  return Array.from({ length: count }, (_, i) => ({ username: `app-${i}`, groups: ['apps'], ...extra }));
}

function synth(meshes: Array<Partial<ActiveMqBrokerMeshProps>>, azs = 3) {
  const app = new App();
  const stack = new Stack(app, 'Scale', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'].slice(0, azs), natGateways: 1 });
  meshes.forEach((p, i) => new ActiveMqBrokerMesh(stack, `Mesh${i}`, { vpc, brokerNamePrefix: `scale${i}`, ...p }));
  return Template.fromStack(stack).toJSON();
}

/** AWS's cfn-lint (on every machine of this kind): the error lines for a template. */
function cfnLintErrors(template: any): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-'));
  const file = path.join(dir, 'template.json');
  fs.writeFileSync(file, JSON.stringify(template));
  let out = '';
  try {
    out = execFileSync('cfn-lint', ['--format', 'parseable', file], { encoding: 'utf8' });
  } catch (err) {
    out = (err as { stdout?: string }).stdout ?? '';
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return out.split('\n').filter((l) => /:E\d+:/.test(l));
}

describe('users at scale', () => {
  test('3 nodes × 60 application users: 3 dynamic references, every quota kept, cfn-lint clean', () => {
    const t = synth([{ users: users(60) }]);
    expect(quotaUse(t).dynamicReferences).toBe(3);
    expectWithinQuotas(t);
    const [resource] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers')) as any[];
    expect(resource.Properties.Users).toHaveLength(61); // the bridge user and 60 application users
    expect(cfnLintErrors(t)).toEqual([]);
  });

  test('21 nodes × 10 application users (a full mesh at the 20-connector limit): 21 dynamic references, every quota kept, cfn-lint clean', () => {
    const t = synth([{ brokerCount: 21, maxBrokersPerAvailabilityZone: 7, users: users(10) }]);
    expect(quotaUse(t).dynamicReferences).toBe(21);
    expectWithinQuotas(t);
    expect(cfnLintErrors(t)).toEqual([]);
  });

  test('Amazon MQ\'s 250 users per broker: 3 nodes × 248 application users (+ admin + bridge) within every quota', () => {
    const t = synth([{ users: users(248) }]);
    expect(quotaUse(t).dynamicReferences).toBe(3);
    expectWithinQuotas(t);
  });

  test('user 251 is refused, naming the numbers', () => {
    expect(() => synth([{ users: users(249) }])).toThrow(/^users\[248\] would be user number 251, but Amazon MQ allows 250 users per broker: remove users\./);
  });

  test('with inter-broker rotation the alternate user counts too', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, users: users(248), interBrokerUser: { rotationSchedule: Duration.days(30) } });
    expect(() => app.synth()).toThrow(/The mesh has 251 users per broker \(admin, inter-broker, its alternate 'mesh-bridge_clone' and 248 application users\), but Amazon MQ allows 250: remove application users\./);
  });

  test('past 60 brokers in one template (a concentrator can grow that far), synth fails naming the numbers and the way out', () => {
    expect(() => synth([{ brokerCount: 61, maxBrokersPerAvailabilityZone: 21, topology: MeshTopology.concentrator() }]))
      .toThrow(/^The meshes of stack Scale put 61 dynamic references \(\{\{resolve:secretsmanager:…\}\}, one per broker for its admin user\) into its template \[Scale\/Mesh0: 61 \(61 brokers × 1 template user\)\], but CloudFormation allows 60 per template\. Application and inter-broker users cost none .* lower brokerCount to at most 60\.$/);
  });

  test('two meshes of one stack count together; the error names both and says to split them', () => {
    expect(() => synth([{ brokerCount: 40, maxBrokersPerAvailabilityZone: 14, topology: MeshTopology.concentrator() },
      { brokerCount: 21, maxBrokersPerAvailabilityZone: 7 }]))
      .toThrow(/put 61 dynamic references .*\[Scale\/Mesh0: 40 \(40 brokers × 1 template user\); Scale\/Mesh1: 21 \(21 brokers × 1 template user\)\].*put the meshes in separate stacks, or lower their brokerCount\.$/);
  });

  test('users whose properties would not fit the handler\'s request are refused at synth, naming the size', () => {
    const groups = Array.from({ length: 20 }, (_, g) => `group-${'x'.repeat(90)}-${g}`);
    const app = new App();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, users: users(60, { groups }) });
    expect(() => app.synth()).toThrow(/The users of the mesh take \d+ KB in its users resource, more than the 100 KB the lifecycle handler accepts/);
  });
});

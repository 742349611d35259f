/**
 * The deploy-plan helper on small hand-written templates (each CloudFormation rule it applies), and on the upgrade
 * from the released library (test/fixtures/templates) to this one: what an existing mesh goes through on the first
 * `cdk deploy` after upgrading.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { DeployPlan } from '../helpers/deploy-plan';
import { meshStack } from '../helpers/mesh-stack';

function fixture(name: string): any {
  return JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'templates', name), 'utf8'));
}

const broker = (props: Record<string, unknown> = {}) => ({
  Type: 'AWS::AmazonMQ::Broker',
  Properties: { BrokerName: 'b-0', DeploymentMode: 'SINGLE_INSTANCE', HostInstanceType: 'mq.m5.large', SubnetIds: ['s1'], ...props },
});
const configuration = (data: string, version = '5.18') => ({
  Type: 'AWS::AmazonMQ::Configuration',
  Properties: { Name: 'c-0', EngineType: 'ACTIVEMQ', EngineVersion: version, Data: data },
});
const association = {
  Type: 'AWS::AmazonMQ::ConfigurationAssociation',
  Properties: { Broker: { Ref: 'Broker' }, Configuration: { Id: { Ref: 'Config' }, Revision: { 'Fn::GetAtt': ['Config', 'Revision'] } } },
};
const reboot = {
  Type: 'Custom::ActiveMqBrokerReboot',
  Properties: { ServiceToken: 'arn', BrokerId: { Ref: 'Broker' }, ConfigurationRevision: { 'Fn::GetAtt': ['Config', 'Revision'] } },
};
const mesh = (b = broker(), c = configuration('x')) => ({ Resources: { Broker: b, Config: c, Assoc: association, Reboot: reboot } });

describe('DeployPlan', () => {
  test('identical templates change nothing', () => {
    const plan = new DeployPlan(mesh(), mesh());
    expect(plan.resources.every(r => r.outcome === 'unchanged')).toBe(true);
    expect(plan.brokers).toEqual([{ logicalId: 'Broker', brokerName: 'b-0', outcome: 'unchanged', replacementFails: undefined, appliedAtReboot: [], reboots: false }]);
  });

  test('an updatable property updates; a new revision travels to the association and the reboot', () => {
    const plan = new DeployPlan(mesh(), mesh(broker(), configuration('y')));
    expect(plan.resource('Config')).toMatchObject({ outcome: 'updated', changedProperties: ['Data'] });
    expect(plan.resource('Assoc').outcome).toBe('updated');
    expect(plan.resource('Reboot').outcome).toBe('updated');
    expect(plan.brokers[0]).toMatchObject({ outcome: 'unchanged', appliedAtReboot: ['configuration revision'], reboots: true });
  });

  test('a create-only property replaces; with the same BrokerName the replacement fails', () => {
    const plan = new DeployPlan(mesh(), mesh(broker({ SubnetIds: ['s2'] })));
    expect(plan.resource('Broker')).toMatchObject({ outcome: 'replaced', replacingProperties: ['SubnetIds'] });
    expect(plan.brokers[0].replacementFails).toMatch(/^BrokerName b-0 stays the same, and CloudFormation creates the replacement before it deletes the old resource/);
    // Everything that refers to the broker's ID changes with it.
    expect(plan.resource('Assoc')).toMatchObject({ outcome: 'replaced', replacingProperties: ['Broker'] });
    expect(plan.resource('Reboot').outcome).toBe('updated');
    expect(plan.brokers[0].reboots).toBe(false);
  });

  test('an updated reboot resource with nothing pending reboots nothing (the handler decides from DescribeBroker)', () => {
    const slower: any = mesh();
    slower.Resources.Reboot = { ...reboot, Properties: { ...reboot.Properties, ServiceTimeout: 1800 } };
    const plan = new DeployPlan(mesh(), slower);
    expect(plan.resource('Reboot').outcome).toBe('updated');
    expect(plan.brokers[0]).toMatchObject({ appliedAtReboot: [], reboots: false });
  });

  test('a replacement under a new name succeeds', () => {
    const plan = new DeployPlan(mesh(), mesh(broker({ SubnetIds: ['s2'], BrokerName: 'b-1' })));
    expect(plan.resource('Broker').outcome).toBe('replaced');
    expect(plan.brokers[0].replacementFails).toBeUndefined();
  });

  test('a replaced configuration may repeat its revision: only its new ID is sure to change', () => {
    const plan = new DeployPlan(mesh(), mesh(broker(), configuration('x', '5.19')));
    expect(plan.resource('Config')).toMatchObject({ outcome: 'replaced', replacingProperties: ['EngineVersion'] });
    expect(plan.resource('Assoc').outcome).toBe('updated'); // Configuration.Id is a Ref
    expect(plan.resource('Reboot').outcome).toBe('unchanged'); // reads only the revision
    expect(plan.brokers[0]).toMatchObject({ appliedAtReboot: ['configuration revision'], reboots: false });
  });

  test('a name that is a primary identifier makes a replacement fail; a generated one does not', () => {
    const role = (name: string | undefined, rolePath: string) => ({ Resources: { R: { Type: 'AWS::IAM::Role', Properties: { RoleName: name, Path: rolePath, AssumeRolePolicyDocument: {} } } } });
    expect(new DeployPlan(role('fixed', '/a/'), role('fixed', '/b/')).resource('R')).toMatchObject({
      outcome: 'replaced', replacingProperties: ['Path'], replacementFails: expect.stringMatching(/^RoleName fixed stays the same/),
    });
    expect(new DeployPlan(role(undefined, '/a/'), role(undefined, '/b/')).resource('R')).toMatchObject({ outcome: 'replaced', replacementFails: undefined });
    const secret = (name: string) => ({ Resources: { S: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: name } } } });
    expect(new DeployPlan(secret('a'), secret('b')).resource('S').outcome).toBe('replaced');
    const policy = (doc: string) => ({ Resources: { L: { Type: 'AWS::Logs::ResourcePolicy', Properties: { PolicyName: 'p', PolicyDocument: doc } } } });
    expect(new DeployPlan(policy('a'), policy('b')).resource('L')).toMatchObject({ outcome: 'updated', replacementFails: undefined });
    const group = (name: string, retention: number) => ({ Resources: { G: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: name, RetentionInDays: retention } } } });
    expect(new DeployPlan(group('g', 1), group('g', 7)).resource('G').outcome).toBe('updated');
    const sg = (vpc: string) => ({ Resources: { G: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupName: 'fixed', GroupDescription: 'd', VpcId: vpc } } } });
    expect(new DeployPlan(sg('v1'), sg('v2')).resource('G')).toMatchObject({ outcome: 'replaced', replacementFails: undefined });
  });

  test('DependsOn, Metadata and deletion policies alone update nothing; added and removed resources are reported', () => {
    const before = mesh();
    const after: any = mesh();
    after.Resources.Broker = { ...after.Resources.Broker, DependsOn: ['Other'], Metadata: { x: 1 }, DeletionPolicy: 'Retain' };
    after.Resources.Other = { Type: 'AWS::Logs::ResourcePolicy', Properties: { PolicyName: 'p', PolicyDocument: '{}' } };
    delete after.Resources.Reboot;
    const plan = new DeployPlan(before, after);
    expect(plan.resource('Broker').outcome).toBe('unchanged');
    expect(plan.resource('Other').outcome).toBe('added');
    expect(plan.resource('Reboot').outcome).toBe('removed');
    expect(plan.count('AWS::AmazonMQ::Broker')).toEqual({ unchanged: 1 });
  });

  test('a change of the mesh users resource waits for a reboot of every broker it lists', () => {
    const withUsers = (groups: string[]) => ({
      Resources: {
        ...mesh().Resources,
        Users: { Type: 'Custom::ActiveMqMeshUsers', Properties: { ServiceToken: 'arn', BrokerIds: [{ Ref: 'Broker' }], Users: [{ Username: 'app', Groups: groups }] } },
      },
    });
    const plan = new DeployPlan(withUsers(['a']), withUsers(['b']));
    expect(plan.resource('Users').outcome).toBe('updated');
    expect(plan.brokers[0]).toMatchObject({ outcome: 'unchanged', appliedAtReboot: ['users'] });
    // A broker added to BrokerIds gets the users; the brokers already listed keep theirs.
    const more: any = withUsers(['a']);
    more.Resources.Users.Properties.BrokerIds = [{ Ref: 'Broker' }, { Ref: 'Other' }];
    more.Resources.Other = broker({ BrokerName: 'b-1' });
    const grown = new DeployPlan(withUsers(['a']), more);
    expect(grown.resource('Users').changedProperties).toEqual(['BrokerIds']);
    expect(grown.brokers.map(b => [b.brokerName, b.outcome, b.appliedAtReboot])).toEqual([['b-0', 'unchanged', []], ['b-1', 'added', []]]);
  });

  test('a type without a registry schema is refused, not guessed', () => {
    const t = (v: string) => ({ Resources: { X: { Type: 'AWS::Made::Up', Properties: { A: v } } } });
    expect(() => new DeployPlan(t('a'), t('b'))).toThrow(/no registry schema for AWS::Made::Up .*add the type to scripts\/cfn-resource-schemas.py/);
  });
});

describe('upgrading an existing mesh from the released library (78d2b93)', () => {
  const after = meshStack({ brokerNamePrefix: 'orders' }).template();
  const plan = new DeployPlan(fixture('release-78d2b93-default.json'), after);

  test('replaces nothing and keeps every broker; only the old per-mesh reboot provider is removed', () => {
    expect(plan.resources.filter(r => r.outcome === 'replaced')).toEqual([]);
    // Updated in place: the brokers' Users shrink to the admin user, the others move to the users resource (9.2).
    expect(plan.brokers.map(b => b.outcome)).toEqual(['updated', 'updated', 'updated']);
    expect(plan.resources.filter(r => r.type === 'AWS::AmazonMQ::Broker').map(r => r.changedProperties)).toEqual([['Users'], ['Users'], ['Users']]);
    expect([...new Set(plan.resources.filter(r => r.outcome === 'removed').map(r => r.type))].sort())
      .toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role', 'AWS::Lambda::Function', 'AWS::StepFunctions::StateMachine']);
  });

  test('gives every node one new configuration revision (the destination policy), applied by one rolling reboot', () => {
    expect(Object.values(plan.changesOf('AWS::AmazonMQ::Configuration'))).toEqual(['updated', 'updated', 'updated']);
    expect(Object.values(plan.changesOf('AWS::AmazonMQ::ConfigurationAssociation'))).toEqual(['updated', 'updated', 'updated']);
    expect(plan.brokers.map(b => [b.brokerName, b.appliedAtReboot.includes('configuration revision'), b.reboots])).toEqual([
      ['orders-0', true, true],
      ['orders-1', true, true],
      ['orders-2', true, true],
    ]);
  });

  test('adds the logs resource policy and closes the security group\'s egress, in place', () => {
    expect(plan.changesOf('AWS::Logs::ResourcePolicy')).toEqual({ ActiveMqMeshBrokerLogsPolicyB792E115: 'added' });
    expect(plan.count('AWS::EC2::SecurityGroup')).toEqual({ updated: 1 });
    expect(plan.resources.find(r => r.type === 'AWS::EC2::SecurityGroup')!.changedProperties).toEqual(['SecurityGroupEgress']);
    expect(plan.count('AWS::EC2::SecurityGroupEgress')).toEqual({ added: 1 });
  });

  test('an application user keeps its secret; no broker is replaced', () => {
    const users = new DeployPlan(fixture('release-78d2b93-users.json'), meshStack({ brokerNamePrefix: 'orders', users: [{ username: 'orders-service', groups: ['apps'] }] }).template());
    expect(users.count('AWS::SecretsManager::Secret')).toEqual({ unchanged: 3 });
    expect(users.brokers.every(b => b.outcome === 'updated' && b.replacementFails === undefined)).toBe(true);
  });
});

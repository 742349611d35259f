import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnBroker, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import { ConfigurationApply, RollingReboot, RollingRebootNode } from '../../src/lifecycle';

/** Real L1 brokers, configurations and associations (the shape the mesh builds), with a rolling reboot over them. */
function meshStack(count: number, opts: { order?: number[]; timeout?: Duration } = {}): Stack {
  const app = new App();
  const stack = new Stack(app, 'Mesh', { env: { account: '111111111111', region: 'us-east-1' } });
  const nodes: RollingRebootNode[] = [];
  for (let i = 0; i < count; i++) {
    const broker = new CfnBroker(stack, `Broker${i}`, {
      brokerName: `mesh-broker-${i}`,
      engineType: 'ACTIVEMQ',
      engineVersion: '5.19',
      autoMinorVersionUpgrade: true,
      deploymentMode: 'SINGLE_INSTANCE',
      hostInstanceType: 'mq.m5.large',
      publiclyAccessible: false,
    });
    const configuration = new CfnConfiguration(stack, `Configuration${i}`, { name: `mesh-config-${i}`, engineType: 'ACTIVEMQ', engineVersion: '5.19', data: 'PGJyb2tlci8+' });
    const association = new CfnConfigurationAssociation(stack, `Association${i}`, {
      broker: broker.ref, configuration: { id: configuration.ref, revision: configuration.attrRevision },
    });
    nodes.push({ id: `Node${i}`, broker, configuration, dependsOn: [association] });
  }
  new RollingReboot(stack, 'RollingReboot', {
    nodes, order: opts.order ?? nodes.map((_, i) => i), usersHash: 'hash', timeout: opts.timeout,
  });
  return stack;
}

function rebootResources(stack: Stack): Record<string, any> {
  return Template.fromStack(stack).findResources(RollingReboot.RESOURCE_TYPE);
}

function byNode(resources: Record<string, any>, n: number): string {
  return Object.keys(resources).find((id) => id.startsWith(`RollingRebootNode${n}`))!;
}

describe('RollingReboot', () => {
  test('enum values are the documented strings', () => {
    expect(ConfigurationApply.ROLLING_REBOOT).toBe('ROLLING_REBOOT');
    expect(ConfigurationApply.MAINTENANCE_WINDOW).toBe('MAINTENANCE_WINDOW');
  });

  test('one reboot resource per node, each watching what can need a reboot, served by the stack lifecycle function', () => {
    const stack = meshStack(2);
    const resources = rebootResources(stack);
    const r0 = resources[byNode(resources, 0)];
    expect(r0.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^ActiveMqMeshLifecycleFunction/), 'Arn'] },
      ServiceTimeout: '2760',
      BrokerId: { Ref: 'Broker0' },
      ConfigurationId: { Ref: 'Configuration0' },
      ConfigurationRevision: { 'Fn::GetAtt': ['Configuration0', 'Revision'] },
      EngineVersion: '5.19',
      HostInstanceType: 'mq.m5.large',
      UsersHash: 'hash',
      TimeoutSeconds: 2700,
    });
  });

  test('chained in the given order (targets before sources), each after its association', () => {
    const resources = rebootResources(meshStack(3, { order: [2, 0, 1] }));
    expect(resources[byNode(resources, 2)].DependsOn).toEqual(['Association2']);
    expect(resources[byNode(resources, 0)].DependsOn).toEqual(['Association0', byNode(resources, 2)]);
    expect(resources[byNode(resources, 1)].DependsOn).toEqual(['Association1', byNode(resources, 0)]);
  });

  test('timeout is validated and sets the handler deadline and CloudFormation\'s', () => {
    const resources = rebootResources(meshStack(1, { timeout: Duration.minutes(10) }));
    expect(resources[byNode(resources, 0)].Properties).toMatchObject({ TimeoutSeconds: 600, ServiceTimeout: '660' });
    expect(() => meshStack(1, { timeout: Duration.minutes(2) })).toThrow(/^timeout must be between 5 and 55 minutes/);
  });

  test.each([
    [[], [0], /^nodes must list at least one broker, got 0/],
    [[{ id: 'bad id' }], [0], /^nodes\[0\]\.id must be letters, digits/],
    [[{ id: 'A' }, { id: 'A' }], [0, 1], /^nodes\[1\]\.id must be unique, got 'A' twice/],
    [[{ id: 'A' }, { id: 'B' }], [0, 0], /^order must list every node index 0\.\.1 once, got \[0, 0\]/],
  ])('invalid nodes or order are refused: %j', (nodes, order, message) => {
    const stack = new Stack(new App(), 'S');
    const broker = new CfnBroker(stack, 'B', { brokerName: 'b', engineType: 'ACTIVEMQ', deploymentMode: 'SINGLE_INSTANCE', hostInstanceType: 'mq.m5.large', publiclyAccessible: false });
    const configuration = new CfnConfiguration(stack, 'C', { name: 'c', engineType: 'ACTIVEMQ', data: 'x' });
    const full = (nodes as Array<{ id: string }>).map((n) => ({ ...n, broker, configuration }));
    expect(() => new RollingReboot(stack, 'RR', { nodes: full, order: order as number[], usersHash: 'h' })).toThrow(message as RegExp);
  });
});

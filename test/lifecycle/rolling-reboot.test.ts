import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CfnBroker, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import { ConfigurationApply, RollingReboot, RollingRebootNode } from '../../src/lifecycle';

/**
 * Real L1 brokers, configurations and associations (the shape the mesh builds), `count` of them, with a
 * rolling reboot over them. `revisionOverride` swaps one node's revision token for another attribute.
 */
function meshStack(count: number, opts: { revisionOverride?: number; timeout?: Duration } = {}): Stack {
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
      users: [{ username: 'bridge', password: '{{resolve:secretsmanager:bridge:SecretString:password}}' }],
    });
    const configuration = new CfnConfiguration(stack, `Configuration${i}`, {
      name: `mesh-config-${i}`,
      engineType: 'ACTIVEMQ',
      engineVersion: '5.19',
      data: 'PGJyb2tlci8+',
    });
    const association = new CfnConfigurationAssociation(stack, `Association${i}`, {
      broker: broker.ref,
      configuration: { id: configuration.ref, revision: configuration.attrRevision },
    });
    nodes.push({
      id: `Node${i}`,
      broker,
      configurationRevision: i === opts.revisionOverride ? `${configuration.attrArn}-changed` : configuration.attrRevision.toString(),
      usersHash: `hash-${i}`,
    });
    void association;
  }
  new RollingReboot(stack, 'RollingReboot', { nodes, timeout: opts.timeout });
  return stack;
}

function rebootResources(template: Template): Record<string, any> {
  return template.findResources(RollingReboot.RESOURCE_TYPE);
}

function logicalIdOf(template: Template, brokerLogicalIdPrefix: string): string {
  const brokers = template.findResources('AWS::AmazonMQ::Broker');
  return Object.keys(brokers).find((k) => k.startsWith(brokerLogicalIdPrefix))!;
}

describe('RollingReboot', () => {
  test('enum values are the documented strings', () => {
    expect(ConfigurationApply.ROLLING_REBOOT).toBe('ROLLING_REBOOT');
    expect(ConfigurationApply.MAINTENANCE_WINDOW).toBe('MAINTENANCE_WINDOW');
  });

  test('creates one reboot resource per node, forming a chain', () => {
    const template = Template.fromStack(meshStack(3));
    const resources = rebootResources(template);
    const ids = Object.keys(resources);
    expect(ids).toHaveLength(3);
    const byNode = (n: number) => ids.find((id) => id.startsWith(`RollingRebootNode${n}`))!;
    expect(resources[byNode(0)].DependsOn).toBeUndefined();
    expect(resources[byNode(1)].DependsOn).toEqual([byNode(0)]);
    expect(resources[byNode(2)].DependsOn).toEqual([byNode(1)]);
  });

  test('rebootResources are in node order and match the template chain', () => {
    const stack = meshStack(4);
    const rr = stack.node.findChild('RollingReboot') as RollingReboot;
    expect(rr.rebootResources.map((r) => r.node.id)).toEqual(['Node0', 'Node1', 'Node2', 'Node3']);
    rr.rebootResources.forEach((r, i) => {
      const deps = r.node.dependencies;
      expect(deps).toEqual(i === 0 ? [] : [rr.rebootResources[i - 1]]);
    });
  });

  test('properties are exactly broker id, configuration revision, users hash and host instance type', () => {
    const template = Template.fromStack(meshStack(3));
    const resources = rebootResources(template);
    for (const [i, [, resource]] of Object.entries(resources).sort(([a], [b]) => a.localeCompare(b)).entries()) {
      const props = resource.Properties;
      expect(Object.keys(props).sort()).toEqual(['BrokerId', 'ConfigurationRevision', 'HostInstanceType', 'ServiceToken', 'UsersHash']);
      const broker = logicalIdOf(template, `Broker${i}`);
      const configuration = Object.keys(template.findResources('AWS::AmazonMQ::Configuration')).find((k) => k.startsWith(`Configuration${i}`));
      expect(props.BrokerId).toEqual({ Ref: broker });
      expect(props.ConfigurationRevision).toEqual({ 'Fn::GetAtt': [configuration, 'Revision'] });
      expect(props.UsersHash).toBe(`hash-${i}`);
      expect(props.HostInstanceType).toBe('mq.m5.large');
    }
  });

  test('the handler policy allows only RebootBroker and DescribeBroker on the brokers\' own ARNs', () => {
    const template = Template.fromStack(meshStack(3));
    const brokerArns = [0, 1, 2].map((i) => ({ 'Fn::GetAtt': [logicalIdOf(template, `Broker${i}`), 'Arn'] }));
    const policies = template.findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^RollingRebootHandlerRole') }] },
    });
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([{
      Effect: 'Allow',
      Action: ['mq:RebootBroker', 'mq:DescribeBroker'],
      Resource: brokerArns,
    }]);
    // No other policy anywhere in the stack grants an mq: action.
    const allStatements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const mqStatements = allStatements.filter((s: any) => [s.Action].flat().some((a: string) => a.startsWith('mq:')));
    expect(mqStatements).toHaveLength(1);
    // The role itself only has the basic Lambda logging policy attached.
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] }],
    });
  });

  test('both handler functions run the bundled handler on Node.js 22 with their phase and timeout', () => {
    const template = Template.fromStack(meshStack(2));
    for (const phase of ['onEvent', 'isComplete']) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Timeout: 180,
        Environment: {
          Variables: Match.objectLike({
            REBOOT_BROKER_PHASE: phase,
            REBOOT_BROKER_TIMEOUT_SECONDS: '2700',
            REBOOT_BROKER_QUERY_INTERVAL_SECONDS: '30',
          }),
        },
      });
    }
  });

  test('the waiter polls every 30 seconds for the whole timeout', () => {
    const template = Template.fromStack(meshStack(2, { timeout: Duration.minutes(20) }));
    const machines = template.findResources('AWS::StepFunctions::StateMachine');
    const definition = JSON.stringify(Object.values(machines)[0].Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30');
    expect(definition).toContain('\\"MaxAttempts\\":40');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ REBOOT_BROKER_TIMEOUT_SECONDS: '1200' }) },
    });
  });

  test('no password literal reaches the reboot resources or the handler environment', () => {
    const json = JSON.stringify(Template.fromStack(meshStack(2)).toJSON().Resources, (k, v) => (k === 'Users' ? undefined : v));
    expect(json).not.toMatch(/password/i);
  });

  describe('template diffs', () => {
    function resourcesOf(stack: Stack): Record<string, any> {
      return Template.fromStack(stack).toJSON().Resources;
    }

    test('adding a 4th node leaves the first three reboot resources byte-identical', () => {
      const three = resourcesOf(meshStack(3));
      const four = resourcesOf(meshStack(4));
      const rebootIds = (r: Record<string, any>) => Object.keys(r).filter((k) => r[k].Type === RollingReboot.RESOURCE_TYPE).sort();
      expect(rebootIds(three)).toHaveLength(3);
      expect(rebootIds(four)).toHaveLength(4);
      for (const id of rebootIds(three)) {
        expect(JSON.stringify(four[id])).toBe(JSON.stringify(three[id]));
      }
      const added = rebootIds(four).filter((id) => !(id in three));
      expect(added).toHaveLength(1);
      expect(four[added[0]].DependsOn).toEqual([rebootIds(three).find((id) => id.startsWith('RollingRebootNode2'))]);
      // The brokers, configurations and associations of the first three nodes are untouched too.
      for (const id of Object.keys(three).filter((k) => three[k].Type.startsWith('AWS::AmazonMQ::'))) {
        expect(JSON.stringify(four[id])).toBe(JSON.stringify(three[id]));
      }
    });

    test("changing one node's revision token changes only that node's reboot resource", () => {
      const before = resourcesOf(meshStack(3));
      const after = resourcesOf(meshStack(3, { revisionOverride: 1 }));
      const changed = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
      expect(changed).toHaveLength(1);
      expect(changed[0]).toMatch(/^RollingRebootNode1/);
      expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    });

    test('changing nothing changes nothing', () => {
      expect(JSON.stringify(resourcesOf(meshStack(3)))).toBe(JSON.stringify(resourcesOf(meshStack(3))));
    });
  });

  describe('validation', () => {
    function build(nodes: (stack: Stack) => RollingRebootNode[], timeout?: Duration): void {
      const stack = new Stack(new App(), 'S');
      new RollingReboot(stack, 'RR', { nodes: nodes(stack), timeout });
    }
    function node(stack: Stack, id: string): RollingRebootNode {
      const broker = new CfnBroker(stack, `B${stack.node.children.length}`, {
        brokerName: 'b', engineType: 'ACTIVEMQ', deploymentMode: 'SINGLE_INSTANCE', hostInstanceType: 'mq.m5.large', publiclyAccessible: false,
      });
      return { id, broker, configurationRevision: '1', usersHash: 'h' };
    }

    test('fails if nodes is empty', () => {
      expect(() => build(() => [])).toThrow('nodes must list at least one broker, got 0');
    });

    test('fails if two nodes share an id', () => {
      expect(() => build((s) => [node(s, 'Node0'), node(s, 'Node0')])).toThrow("nodes[1].id must be unique, got 'Node0' twice");
    });

    test('fails if a node id is not a plain construct id', () => {
      expect(() => build((s) => [node(s, 'Node/0')])).toThrow("nodes[0].id must be letters, digits, '-' or '_', got 'Node/0'");
    });

    test.each([
      [Duration.minutes(4), 'timeout must be between 5 and 55 minutes, got 4 minutes'],
      [Duration.minutes(56), 'timeout must be between 5 and 55 minutes, got 56 minutes'],
      [Duration.seconds(610), 'timeout must be a whole number of 30-second query intervals, got 10 minutes 10 seconds'],
    ])('fails if timeout is %s', (timeout, message) => {
      expect(() => build((s) => [node(s, 'Node0')], timeout)).toThrow(message);
    });

    test('accepts the limits of the timeout range', () => {
      expect(() => build((s) => [node(s, 'Node0')], Duration.minutes(5))).not.toThrow();
      expect(() => build((s) => [node(s, 'Node0')], Duration.minutes(55))).not.toThrow();
    });
  });
});

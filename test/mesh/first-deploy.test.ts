/**
 * What a mesh needs to work on its first deploy (issue 9), read from the synthesized template: the CloudWatch Logs
 * resource policy Amazon MQ needs to publish logs, the security group's egress, the authorization map and the
 * destination policy on every node.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { XMLParser } from 'fast-xml-parser';
import { ActiveMqBrokerMesh, ActiveMqDestination, MeshTopology } from '../../src';
import { ACCOUNT, deployedWorld, evaluate, REGION } from '../helpers/cfn-eval';
import { AZS, checkedTemplate, meshStack } from '../helpers/mesh-stack';
import { configurationXml, resourcesOfType, usersOf } from '../helpers/template';

/** IAM's ArnLike: `*` matches any run of characters, `?` exactly one. */
function arnLike(pattern: string, arn: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(arn);
}

function logsPolicies(t: any) {
  return Object.entries(resourcesOfType(t, 'AWS::Logs::ResourcePolicy'));
}

function deployedPolicy(t: any): any {
  const [[, policy]] = logsPolicies(t);
  return JSON.parse(evaluate(policy.Properties.PolicyDocument, deployedWorld(t)));
}

function twoMeshStack(second: Partial<ConstructorParameters<typeof ActiveMqBrokerMesh>[2]> = {}) {
  const stack = new Stack(new App(), 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3), natGateways: 1 });
  const orders = new ActiveMqBrokerMesh(stack, 'Orders', { vpc, brokerNamePrefix: 'orders' });
  const billing = new ActiveMqBrokerMesh(stack, 'Billing', { vpc, brokerNamePrefix: 'billing', brokerCount: 12, maxBrokersPerAvailabilityZone: 4, topology: MeshTopology.hubAndSpoke(), ...second });
  return { stack, orders, billing };
}

describe('CloudWatch Logs resource policy', () => {
  test('lets mq.amazonaws.com create streams and put events in this account\'s broker log groups only', () => {
    const policy = deployedPolicy(meshStack().template());
    expect(policy.Statement).toHaveLength(1);
    const [s] = policy.Statement;
    expect(s).toMatchObject({ Effect: 'Allow', Principal: { Service: 'mq.amazonaws.com' } });
    expect(s.Action.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(s.Resource).toBe(`arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/amazonmq/broker/*`);
    // Amazon MQ's log groups and streams (configure-logging-monitoring-activemq.html) match; other log groups do not.
    expect(arnLike(s.Resource, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/amazonmq/broker/b-1234/general:log-stream:activemq-b-1234-1.log`)).toBe(true);
    expect(arnLike(s.Resource, `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/fn`)).toBe(false);
    expect(arnLike(s.Resource, `arn:aws:logs:${REGION}:999999999999:log-group:/aws/amazonmq/broker/b-1234/general`)).toBe(false);
    expect(s.Condition.StringEqualsIfExists).toEqual({ 'aws:SourceAccount': ACCOUNT });
  });

  test('aws:SourceArn admits exactly the stack\'s mesh brokers, as deployed', () => {
    const { stack } = twoMeshStack();
    const t = checkedTemplate(stack);
    const patterns: string[] = deployedPolicy(t).Statement[0].Condition.ArnLikeIfExists['aws:SourceArn'];
    const world = deployedWorld(t);
    const arns = Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::Broker')).map(id => world.getAtt(id, 'Arn'));
    expect(arns).toHaveLength(15);
    for (const arn of arns) expect({ arn, admitted: patterns.some(p => arnLike(p, arn)) }).toEqual({ arn, admitted: true });
    for (const foreign of ['orders-x-1', 'orders-100', 'ordersx-1', 'billing-', 'payments-0']) {
      const arn = `arn:aws:mq:${REGION}:${ACCOUNT}:broker:${foreign}:b-0000`;
      expect({ arn, admitted: patterns.some(p => arnLike(p, arn)) }).toEqual({ arn, admitted: false });
    }
  });

  test('one policy per stack, shared by its meshes; every broker is created after it', () => {
    const t = checkedTemplate(twoMeshStack().stack);
    const policies = logsPolicies(t);
    expect(policies).toHaveLength(1);
    const [[policyId, policy]] = policies;
    expect(policy.Properties.PolicyName).toBe('Stack-AmazonMQBrokerLogs');
    for (const broker of Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Broker'))) expect(broker.DependsOn).toContain(policyId);
    // CloudWatch Logs takes policy documents of at most 5,120 characters (registry schema, PolicyDocument maxLength).
    expect(evaluate(policy.Properties.PolicyDocument, deployedWorld(t)).length).toBeLessThan(1000);
  });

  test('not created with logsResourcePolicy: false or with both logs off; a mesh that opts out is not admitted', () => {
    expect(logsPolicies(meshStack({ logsResourcePolicy: false }).template())).toEqual([]);
    expect(logsPolicies(meshStack({ generalLogs: false, auditLogs: false }).template())).toEqual([]);
    expect(logsPolicies(meshStack({ generalLogs: false }).template())).toHaveLength(1);
    const t = checkedTemplate(twoMeshStack({ logsResourcePolicy: false }).stack);
    const patterns: string[] = deployedPolicy(t).Statement[0].Condition.ArnLikeIfExists['aws:SourceArn'];
    expect(patterns.every(p => p.includes(':broker:orders-'))).toBe(true);
  });
});

describe('security group', () => {
  test('brokers may connect out only to each other, on 61617; EC2\'s default allow-all egress is removed', () => {
    const { stack } = meshStack();
    const t = Template.fromStack(stack).toJSON();
    const [[sgId, sg]] = Object.entries(resourcesOfType(t, 'AWS::EC2::SecurityGroup'));
    // An inline egress list is what makes CloudFormation drop the default rule; this one matches no traffic.
    expect(sg.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'tcp', FromPort: 9, ToPort: 9 })]);
    const egress = Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroupEgress')).map(e => e.Properties);
    expect(egress).toEqual([expect.objectContaining({
      IpProtocol: 'tcp',
      FromPort: 61617,
      ToPort: 61617,
      GroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
      DestinationSecurityGroupId: { 'Fn::GetAtt': [sgId, 'GroupId'] },
    })]);
    const allEgress = [...sg.Properties.SecurityGroupEgress, ...egress];
    expect(allEgress.filter(e => e.CidrIp === '0.0.0.0/0' || e.IpProtocol === '-1')).toEqual([]);
  });

  test('rules added later through mesh.connections keep the default rule away', () => {
    const { stack, vpc, mesh } = meshStack();
    const peer = new ec2.SecurityGroup(stack, 'Peer', { vpc });
    mesh.connections.allowTo(peer, ec2.Port.tcp(61617), 'to an external peer');
    const t = Template.fromStack(stack).toJSON();
    const sg = Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroup')).find(g => g.Properties.GroupDescription.startsWith('Amazon MQ'))!;
    expect(sg.Properties.SecurityGroupEgress).toHaveLength(1);
    expect(Object.values(resourcesOfType(t, 'AWS::EC2::SecurityGroupEgress'))).toHaveLength(2);
  });
});

describe('broker XML of every node', () => {
  const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).broker;

  test('keeps Amazon MQ\'s default destination policy, or the limit given', () => {
    for (const [props, limit] of [[{}, '3000'], [{ topicPendingMessageLimit: 500 }, '500']] as const) {
      const configs = Object.values(resourcesOfType(meshStack(props).template(), 'AWS::AmazonMQ::Configuration'));
      expect(configs).toHaveLength(3);
      for (const c of configs) {
        const entry = parse(configurationXml(c)).destinationPolicy.policyMap.policyEntries.policyEntry;
        expect(entry).toEqual({ topic: '>', pendingMessageLimitStrategy: { constantPendingMessageLimitStrategy: { limit } } });
      }
    }
  });

  test('authorization: every node carries the map, and the inter-broker user is in the bridge group on every broker', () => {
    const t = meshStack({
      authorization: [{ destination: ActiveMqDestination.queue('orders.>'), read: ['apps'], write: ['apps'], admin: ['apps'] }],
      users: [{ username: 'orders-service', groups: ['apps'] }],
    }).template();
    for (const c of Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'))) {
      const entries = parse(configurationXml(c)).plugins.authorizationPlugin.map.authorizationMap.authorizationEntries.authorizationEntry;
      expect(entries[0]).toEqual({ queue: 'orders.>', read: 'apps', write: 'apps', admin: 'apps' });
      expect(entries.some((e: any) => e.queue === '>' && e.write.split(',').includes('activemq-mesh-bridge'))).toBe(true);
    }
    for (const id of Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::Broker'))) {
      const byName = Object.fromEntries(usersOf(t, id).map(u => [u.Username, u.Groups]));
      expect(byName).toEqual({ 'mesh-bridge': ['activemq-mesh-bridge'], 'admin': undefined, 'orders-service': ['apps'] });
    }
  });

  test('without authorization: no map, and the inter-broker user keeps no group (its Users entry is unchanged)', () => {
    const t = meshStack().template();
    for (const c of Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'))) expect(parse(configurationXml(c)).plugins).toBeUndefined();
    for (const id of Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::Broker'))) {
      expect(usersOf(t, id).find(u => u.Username === 'mesh-bridge')).toEqual({ Username: 'mesh-bridge', Groups: undefined });
    }
  });
});

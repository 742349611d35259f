import { App, CfnParameter, Duration, Lazy, Stack, SecretValue } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, ActiveMqEngineVersion, BrokerInstanceType, BrokerStorageType,
  ClientProtocol, ConfigurationApply, DayOfWeek, MeshDeploymentMode, MeshTopology, ActiveMqDestination,
} from '../../src';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];

type Case = [string, (stack: Stack, vpc: ec2.Vpc) => Partial<ActiveMqBrokerMeshProps>, RegExp, number?];

function secretWith(stack: Stack, generate?: secretsmanager.SecretStringGenerator, literal?: string) {
  return new secretsmanager.Secret(stack, 'Supplied', literal !== undefined
    ? { secretStringValue: SecretValue.unsafePlainText(literal) }
    : { generateSecretString: generate });
}

/** Every case names the prop, shows the value it got, and says the fix. */
const cases: Case[] = [
  ['brokerCount 1', () => ({ brokerCount: 1 }), /brokerCount must be .* at least 2, got 1: .*set brokerCount to 2 or more/],
  ['brokerCount 2.5', () => ({ brokerCount: 2.5 }), /brokerCount must be a whole number .* got 2\.5/],
  ['too few AZs', () => ({ brokerCount: 3 }), /vpcSubnets selects subnets in 2 Availability Zone\(s\) \(us-east-1a, us-east-1b\), but brokerCount 3 .*needs 3 distinct AZs: select subnets in more AZs/, 2],
  ['active/standby in one AZ', () => ({ brokerCount: 2, maxBrokersPerAvailabilityZone: 2, deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ }), /needs 2 distinct AZs/, 1],
  ['maxBrokersPerAvailabilityZone 0', () => ({ maxBrokersPerAvailabilityZone: 0 }), /maxBrokersPerAvailabilityZone must be a whole number of at least 1, got 0/],
  ['bad brokerNamePrefix characters', () => ({ brokerNamePrefix: 'orders mesh!' }), /brokerNamePrefix must be 1 to \d+ characters .* got 'orders mesh!'/],
  ['brokerNamePrefix too long', () => ({ brokerNamePrefix: 'x'.repeat(49) }), /brokerNamePrefix must be 1 to 48 characters/],
  ['bad inter-broker username', () => ({ interBrokerUser: { username: 'bridge user' } }), /interBrokerUser.username must be 2 to 100 characters .* got 'bridge user'/],
  ['bad application username', () => ({ users: [{ username: 'ok-user' }, { username: 'x' }] }), /users\[1\]\.username must be 2 to 100 characters .* got 'x'/],
  ['duplicate usernames', () => ({ users: [{ username: 'admin' }] }), /users\[0\]\.username 'admin' is already a user of this mesh/],
  ['bad group name', () => ({ users: [{ username: 'app', groups: ['bad group'] }] }), /users\[0\]\.groups\[0\] must be/],
  ['generated password too short', (s) => ({ interBrokerUser: { secret: secretWith(s, { generateStringKey: 'password', secretStringTemplate: '{}', passwordLength: 8, excludeCharacters: ',:=' }) } }), /interBrokerUser.secret generates passwords of 8 characters, but Amazon MQ needs at least 12: set passwordLength/],
  ['generated password may contain ,:=', (s) => ({ interBrokerUser: { secret: secretWith(s, { generateStringKey: 'password', secretStringTemplate: '{}' }) } }), /interBrokerUser.secret may generate passwords containing ',', ':', '=', .*add ',:=' to excludeCharacters/],
  ['generated password under another key', (s) => ({ users: [{ username: 'app', secret: secretWith(s, { generateStringKey: 'pw', secretStringTemplate: '{}', excludeCharacters: ',:=' }) }] }), /users\[0\]\.secret generates its password under the key 'pw'/],
  ['literal password too short', (s) => ({ users: [{ username: 'app', secret: secretWith(s, undefined, '{"password":"short1234"}') }] }), /users\[0\]\.secret holds a password that Amazon MQ refuses \(it has 9 characters, fewer than 12\)/],
  ['literal password with 3 distinct characters', (s) => ({ users: [{ username: 'app', secret: secretWith(s, undefined, '{"password":"abcabcabcabcabc"}') }] }), /it has 3 distinct characters, fewer than 4/],
  ['literal password with a colon', (s) => ({ users: [{ username: 'app', secret: secretWith(s, undefined, '{"password":"abcdefgh:12345"}') }] }), /it contains ':'/],
  ['literal secret that is not JSON', (s) => ({ users: [{ username: 'app', secret: secretWith(s, undefined, 'plain-text-password') }] }), /holds a plain-text value, .*store \{"username"/],
  ['hub index out of range', () => ({ topology: MeshTopology.hubAndSpoke({ hubIndex: 5 }) }), /hubIndex.*5/],
  ['concentrators not fewer than brokers', () => ({ topology: MeshTopology.concentrator({ concentratorCount: 3 }) }), /concentratorCount.*3/],
  ['more than 20 connectors on a node', () => ({ brokerCount: 22, maxBrokersPerAvailabilityZone: 8 }), /20/],
  ['hub-and-spoke networkTtl 1', () => ({ topology: MeshTopology.hubAndSpoke(), networkConnector: { networkTtl: 1 } }), /networkConnector.networkTtl.*1/],
  ['networkTtl 0', () => ({ networkConnector: { networkTtl: 0 } }), /networkTtl.*0/],
  ['prefetchSize 0', () => ({ networkConnector: { prefetchSize: 0 } }), /prefetchSize.*0/],
  ['micro instance with active/standby', () => ({ deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ, instanceType: BrokerInstanceType.T3_MICRO }), /instanceType mq.t3.micro does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: .*use BrokerInstanceType.M5_LARGE/],
  ['EBS on a micro instance', () => ({ storageType: BrokerStorageType.EBS, instanceType: BrokerInstanceType.T3_MICRO }), /storageType EBS needs an mq.m5 instance type, got instanceType mq.t3.micro/],
  ['EBS with active/standby', () => ({ storageType: BrokerStorageType.EBS, deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ }), /storageType EBS does not support deploymentMode ACTIVE_STANDBY_MULTI_AZ: .*use storageType EFS/],
  ['unknown instance type', () => ({ instanceType: BrokerInstanceType.of('mq.m7g.large') }), /instanceType must be an ActiveMQ host instance type, got 'mq.m7g.large'/],
  ['engine version past end of support', () => ({ engineVersion: ActiveMqEngineVersion.of('5.17.6') }), /engineVersion 5\.17.* end of support on 2025-06-16.*use ActiveMqEngineVersion.V5_19/],
  ['engine version with a patch number', () => ({ engineVersion: ActiveMqEngineVersion.of('5.18.4') }), /5\.18\.4.*5\.18/],
  ['autoMinorVersionUpgrade off on 5.19', () => ({ autoMinorVersionUpgrade: false }), /autoMinorVersionUpgrade is false, but engineVersion 5.19 requires it/],
  ['public access requested', () => ({ publiclyAccessible: true }), /publiclyAccessible is true, but a mesh is never publicly accessible: remove publiclyAccessible/],
  ['too many security groups', (s, vpc) => ({ securityGroups: [1, 2, 3, 4, 5].map(i => new ec2.SecurityGroup(s, `Sg${i}`, { vpc })) }), /securityGroups has 5 security groups, .*pass at most 4/],
  ['bad maintenance time', () => ({ maintenanceWindowStart: { dayOfWeek: DayOfWeek.MONDAY, timeOfDay: '25:00' } }), /maintenanceWindowStart.timeOfDay must be a 24-hour HH:MM time, got '25:00'/],
  ['bad SSM prefix', () => ({ ssmParameterPrefix: 'orders/mq/' }), /ssmParameterPrefix must start with '\/' and not end with '\/'.* got 'orders\/mq\/'/],
  ['key and AWS-owned key together', (s) => ({ encryptionKey: new kms.Key(s, 'K'), useAwsOwnedKey: true }), /encryptionKey and useAwsOwnedKey are both set/],
  ['rebootTimeout without a reboot', () => ({ configurationApply: ConfigurationApply.MAINTENANCE_WINDOW, rebootTimeout: Duration.minutes(30) }), /rebootTimeout is 30 minutes, but configurationApply is MAINTENANCE_WINDOW, which does not reboot: remove rebootTimeout/],
  ['empty destination name', () => ({ networkConnector: { excludedDestinations: [ActiveMqDestination.queue('')] } }), /physicalName|excludedDestinations/],
  ['mq.t2.micro on 5.19', () => ({ instanceType: BrokerInstanceType.of('mq.t2.micro') }), /^instanceType mq.t2.micro is a previous-generation type that Amazon MQ does not offer for engineVersion 5.19 .*: use BrokerInstanceType.T3_MICRO instead/],
  ['mq.m4.large on 5.18', () => ({ instanceType: BrokerInstanceType.of('m4.large'), engineVersion: ActiveMqEngineVersion.V5_18 }), /^instanceType mq.m4.large is a previous-generation type .* engineVersion 5.18 .*: use BrokerInstanceType.M5_LARGE instead/],
  ['authorization entry without a group', () => ({ authorization: [{ destination: ActiveMqDestination.queue('orders') }] }), /^authorization\[0\] grants nothing on queue 'orders': give at least one group in read, write or admin/],
  ['authorization group with a space', () => ({ authorization: [{ destination: ActiveMqDestination.topic('prices.>'), read: ['ok', 'bad group'] }] }), /^authorization\[0\]\.read\[1\] must be 2 to 100 characters .* got "bad group": Amazon MQ group names/],
  ['authorization destination that is a string', () => ({ authorization: [{ destination: 'orders' as any, read: ['apps'] }] }), /^authorization\[0\]\.destination must be an ActiveMqDestination, got "orders": use ActiveMqDestination.queue/],
  ['authorization groups that are not a list', () => ({ authorization: [{ destination: ActiveMqDestination.queue('a'), write: 'apps' as any }] }), /^authorization\[0\]\.write must be a list of group names, got "apps"/],
  ['a user in the inter-broker group', () => ({ authorization: [{ destination: ActiveMqDestination.queue('a'), read: ['apps'] }], users: [{ username: 'app', groups: ['activemq-mesh-bridge'] }] }), /^users\[0\]\.groups contains 'activemq-mesh-bridge', the group that gives the inter-broker user what network bridges need/],
  ['topicPendingMessageLimit -2', () => ({ topicPendingMessageLimit: -2 }), /^topicPendingMessageLimit must be -1 or a whole number of at least 0, got -2/],
  ['topicPendingMessageLimit 1.5', () => ({ topicPendingMessageLimit: 1.5 }), /^topicPendingMessageLimit must be -1 or a whole number of at least 0, got 1.5/],
];

describe('ActiveMqBrokerMesh bad input', () => {
  test(`at least 25 invalid configurations are covered (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  test.each(cases)('fails if %s', (_name, props, message, azCount = 3) => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, azCount), natGateways: 1 });
    expect(() => new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props(stack, vpc) })).toThrow(message);
  });

  test('a VPC without private subnets needs vpcSubnets', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3), subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new ActiveMqBrokerMesh(stack, 'Mesh', { vpc })).toThrow(/vpcSubnets is not set and the VPC has no private or isolated subnets: pass vpcSubnets/);
    expect(() => new ActiveMqBrokerMesh(stack, 'Mesh2', { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } })).not.toThrow();
  });

  test('options for STOMP are refused', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3) });
    const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc });
    expect(() => mesh.failoverUri(ClientProtocol.MQTT, { maxReconnectAttempts: 3 })).toThrow(/failoverUri\(MQTT\) got failover options/);
  });

  test('unresolved tokens skip validation', () => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3) });
    const prefix = new CfnParameter(stack, 'Prefix').valueAsString;
    const time = Lazy.string({ produce: () => '04:00' });
    const instance = new CfnParameter(stack, 'Instance').valueAsString;
    expect(() => new ActiveMqBrokerMesh(stack, 'Mesh', {
      vpc,
      brokerNamePrefix: prefix,
      instanceType: BrokerInstanceType.of(instance),
      maintenanceWindowStart: { dayOfWeek: DayOfWeek.MONDAY, timeOfDay: time },
      ssmParameterPrefix: new CfnParameter(stack, 'Ssm').valueAsString,
      networkConnector: { networkTtl: new CfnParameter(stack, 'Ttl', { type: 'Number' }).valueAsNumber },
      topicPendingMessageLimit: new CfnParameter(stack, 'Limit', { type: 'Number' }).valueAsNumber,
      authorization: [{ destination: ActiveMqDestination.queue(new CfnParameter(stack, 'Queue').valueAsString), read: [new CfnParameter(stack, 'Group').valueAsString] }],
    })).not.toThrow();
  });
});

import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ActiveMqBrokerMesh, ClientProtocol, ConfigurationApply, DayOfWeek, MeshDeploymentMode,
  MeshTopology,
} from '../../src';
import { BrokerXml } from '../../src/config/broker-xml';
import { NetworkConnectorUri } from '../../src/uri/network-connector-uri';
import { brokerId, deployedWorld, evaluate } from '../helpers/cfn-eval';
import { DeployPlan } from '../helpers/deploy-plan';
import { AZS, meshStack } from '../helpers/mesh-stack';
import { configurationXml, flatten, resourcesOfType } from '../helpers/template';

function brokers(template: any) {
  return resourcesOfType(template, 'AWS::AmazonMQ::Broker');
}

function subnetAz(template: any, subnetRef: any): string {
  return template.Resources[subnetRef.Ref].Properties.AvailabilityZone;
}

/** The connector targets (broker logical IDs) of each configuration, keyed by the broker it is associated with. */
function connectorTargets(template: any): Record<string, string[]> {
  const configs = resourcesOfType(template, 'AWS::AmazonMQ::Configuration');
  const associations = Object.values(resourcesOfType(template, 'AWS::AmazonMQ::ConfigurationAssociation'));
  const result: Record<string, string[]> = {};
  for (const assoc of associations) {
    const brokerRef = assoc.Properties.Broker.Ref;
    const xml = configurationXml(configs[assoc.Properties.Configuration.Id.Ref]);
    result[brokerRef] = BrokerXml.parse(xml).networkConnectors
      .flatMap(c => NetworkConnectorUri.parseTargets(c.uri!))
      .map(ep => /b-(.*)-\d\.mq/.exec(ep)![1]);
  }
  return result;
}

describe('ActiveMqBrokerMesh', () => {
  test('created with default properties: three single-instance brokers in three distinct AZs', () => {
    const { template } = meshStack();
    const t = template();
    const b = Object.values(brokers(t));
    expect(b).toHaveLength(3);
    const azs = b.map(x => { expect(x.Properties.SubnetIds).toHaveLength(1); return subnetAz(t, x.Properties.SubnetIds[0]); });
    expect(new Set(azs).size).toBe(3);
    for (const x of b) {
      expect(x.Properties).toMatchObject({
        EngineType: 'ACTIVEMQ',
        EngineVersion: '5.19',
        DeploymentMode: 'SINGLE_INSTANCE',
        HostInstanceType: 'mq.m5.large',
        PubliclyAccessible: false,
        AutoMinorVersionUpgrade: true,
        Logs: { General: true, Audit: true },
        AuthenticationStrategy: 'SIMPLE',
        StorageType: 'EFS',
      });
      expect(x.Properties.EncryptionOptions.UseAwsOwnedKey).toBe(false);
      expect(x.Properties.Configuration).toBeUndefined();
    }
    // Brokers are created in parallel: no broker depends on another, nor references another's attributes. Each
    // waits only for the CloudWatch Logs resource policy (Amazon MQ must find it when the broker starts).
    const ids = Object.keys(brokers(t));
    const [logsPolicy] = Object.keys(resourcesOfType(t, 'AWS::Logs::ResourcePolicy'));
    for (const x of b) {
      expect(x.DependsOn).toEqual([logsPolicy]);
      for (const id of ids) expect(JSON.stringify(x.Properties)).not.toContain(`"${id}"`);
    }
  });

  test('each configuration connects duplex to every earlier node (full mesh)', () => {
    const { template } = meshStack();
    const t = template();
    const ids = Object.keys(brokers(t)).sort();
    const [n0, n1, n2] = ids; // logical IDs sort by node index: MeshNode0…, MeshNode1…, MeshNode2…
    const targets = connectorTargets(t);
    expect(targets[n0]).toEqual([]);
    expect(targets[n1]).toEqual([n0.toLowerCase()]);
    expect(targets[n2].sort()).toEqual([n0.toLowerCase(), n1.toLowerCase()].sort());
    const configs = Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'));
    expect(configs).toHaveLength(3);
    for (const c of configs) {
      for (const conn of BrokerXml.parse(configurationXml(c)).networkConnectors) {
        expect(conn.duplex).toBe(true);
        expect(conn.userName).toBe('mesh-bridge');
        expect(conn.hasPassword).toBe(false);
      }
    }
    expect(Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::ConfigurationAssociation'))).toHaveLength(3);
  });

  test('every broker has the same template user (admin), and the users resource puts the bridge user on every broker', () => {
    const { template } = meshStack();
    const t = template();
    const b = Object.entries(brokers(t));
    for (const [, x] of b) {
      expect(x.Properties.Users).toHaveLength(1);
      expect(x.Properties.Users[0]).toMatchObject({ Username: 'admin', ConsoleAccess: true });
      expect(JSON.stringify(x.Properties.Users[0].Password)).toMatch(/resolve:secretsmanager/);
    }
    expect(new Set(b.map(([, x]) => JSON.stringify(x.Properties.Users))).size).toBe(1);
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers'));
    expect(users.Properties.BrokerIds).toEqual(b.map(([id]) => ({ Ref: id })));
    expect(users.Properties.Users).toEqual([{
      Username: 'mesh-bridge', SecretArn: { Ref: expect.stringMatching(/^MeshInterBrokerUserSecret/) }, ConsoleAccess: false, Role: 'inter-broker',
    }]);
  });

  test('no literal password anywhere in the template', () => {
    const { template } = meshStack({ users: [{ username: 'orders-service' }] });
    const t = template();
    const passwords: any[] = [];
    const walk = (v: any, key?: string) => {
      if (key && /password$/i.test(key)) passwords.push(v);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
    };
    walk(t);
    expect(passwords).toHaveLength(3); // the admin user on 3 brokers; the other users are in the users resource, by secret ARN
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers'));
    expect(users.Properties.Users.map((u: any) => Object.keys(u).sort())).toEqual([
      ['ConsoleAccess', 'Role', 'SecretArn', 'Username'], ['ConsoleAccess', 'Role', 'SecretArn', 'Username'],
    ]);
    for (const p of passwords) {
      expect(JSON.stringify(p)).toMatch(/^\{"Fn::Join":\["",\["\{\{resolve:secretsmanager:",\{"Ref":"[A-Za-z0-9]+"\},":SecretString:password::\}\}"\]\]\}$/);
    }
    for (const s of Object.values(resourcesOfType(t, 'AWS::SecretsManager::Secret'))) {
      expect(s.Properties.SecretString).toBeUndefined();
      expect(s.Properties.GenerateSecretString.ExcludeCharacters).toEqual(expect.stringContaining(','));
      expect(s.Properties.GenerateSecretString.ExcludeCharacters).toEqual(expect.stringContaining(':'));
      expect(s.Properties.GenerateSecretString.ExcludeCharacters).toEqual(expect.stringContaining('='));
      expect(s.Properties.GenerateSecretString.PasswordLength).toBeGreaterThanOrEqual(12);
    }
    for (const c of Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'))) {
      expect(configurationXml(c)).not.toMatch(/password/i);
    }
  });

  test('the OpenWire failover URI output lists every broker', () => {
    const { template } = meshStack();
    const t = template();
    const ids = Object.keys(brokers(t));
    const uri = flatten(t.Outputs[Object.keys(t.Outputs).find(k => k.includes('OpenWireFailoverUri'))!].Value);
    expect(uri).toMatch(/^failover:\(ssl:\/\/[^?]+\)\?/);
    for (const id of ids) expect(uri).toContain(`b-${id.toLowerCase()}-1.mq`);
    expect(uri.split('?')).toHaveLength(2);
    const amqp = evaluate(t.Outputs[Object.keys(t.Outputs).find(k => k.includes('AmqpFailoverUri'))!].Value, deployedWorld(t));
    expect(amqp).toMatch(/^failover:\(amqps:\/\/.*\)\?failover\./);
    for (const id of ids) expect(amqp).toContain(`${brokerId(id)}-1.mq`);
    for (const name of ['StompEndpoints', 'MqttEndpoints', 'WssEndpoints']) {
      const list = evaluate(t.Outputs[Object.keys(t.Outputs).find(k => k.includes(name))!].Value, deployedWorld(t));
      expect(list.split(',')).toHaveLength(3);
    }
  });

  test('outputs can be turned off and published to SSM instead', () => {
    const { template } = meshStack({ emitOutputs: false, ssmParameterPrefix: '/orders/mq' });
    const t = template();
    expect(t.Outputs ?? {}).toEqual({});
    const params = Object.values(resourcesOfType(t, 'AWS::SSM::Parameter')).map(p => p.Properties.Name).sort();
    expect(params).toEqual(['/orders/mq/amqp-failover-uri', '/orders/mq/mqtt-endpoints', '/orders/mq/openwire-failover-uri', '/orders/mq/security-group-id', '/orders/mq/stomp-endpoints', '/orders/mq/wss-endpoints']);
  });

  test('active/standby nodes span two AZs and connectors name both endpoints', () => {
    const { template } = meshStack({ deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ });
    const t = template();
    for (const x of Object.values(brokers(t))) {
      expect(x.Properties.DeploymentMode).toBe('ACTIVE_STANDBY_MULTI_AZ');
      expect(x.Properties.SubnetIds).toHaveLength(2);
      const [a, b] = x.Properties.SubnetIds.map((s: any) => subnetAz(t, s));
      expect(a).not.toBe(b);
    }
    const xmls = Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration')).map(configurationXml);
    const uris = xmls.flatMap(x => BrokerXml.parse(x).networkConnectors.map(c => c.uri!));
    expect(uris).toHaveLength(3);
    for (const uri of uris) {
      expect(uri).toMatch(/^masterslave:\(ssl:\/\/b-[a-z0-9]+-1\.mq[^,]+,ssl:\/\/b-[a-z0-9]+-2\.mq[^)]+\)$/);
    }
    const uri = flatten(t.Outputs[Object.keys(t.Outputs).find(k => k.includes('OpenWireFailoverUri'))!].Value);
    expect(uri.split(',')).toHaveLength(6);
  });

  test('maintenance windows are staggered: no two nodes on the same day', () => {
    const { template } = meshStack({ brokerCount: 4 }, 4);
    const days = Object.values(brokers(template())).map(x => x.Properties.MaintenanceWindowStartTime.DayOfWeek);
    expect(new Set(days).size).toBe(4);
  });

  test('a custom maintenance window start is honoured for node 0', () => {
    const { template } = meshStack({ maintenanceWindowStart: { dayOfWeek: DayOfWeek.WEDNESDAY, timeOfDay: '22:30', timeZone: 'Europe/Berlin' } });
    const windows = Object.values(brokers(template())).map(x => x.Properties.MaintenanceWindowStartTime);
    expect(windows[0]).toEqual({ DayOfWeek: 'WEDNESDAY', TimeOfDay: '22:30', TimeZone: 'Europe/Berlin' });
    expect(windows.map(w => w.DayOfWeek)).toEqual(['WEDNESDAY', 'THURSDAY', 'FRIDAY']);
  });

  test('the mesh security group allows TCP 61617 only from itself', () => {
    const { stack } = meshStack();
    const t = Template.fromStack(stack);
    const ingress = t.findResources('AWS::EC2::SecurityGroupIngress');
    expect(Object.values(ingress)).toHaveLength(1);
    const rule = Object.values(ingress)[0].Properties;
    expect(rule).toMatchObject({ IpProtocol: 'tcp', FromPort: 61617, ToPort: 61617 });
    expect(rule.SourceSecurityGroupId).toEqual(rule.GroupId);
  });

  test('clients are let in through mesh.connections', () => {
    const { stack, vpc, mesh } = meshStack();
    const client = new ec2.SecurityGroup(stack, 'Client', { vpc });
    mesh.connections.allowDefaultPortFrom(client);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 61617, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
    });
  });

  test('owner and costCenter become tags on every broker, beside the mesh name tag', () => {
    const { template } = meshStack({ owner: 'payments-team', costCenter: 'cc-1234' });
    for (const x of Object.values(brokers(template()))) {
      const tags = Object.fromEntries(x.Properties.Tags.map((tg: any) => [tg.Key, tg.Value]));
      expect(tags).toMatchObject({ Owner: 'payments-team', CostCenter: 'cc-1234' });
      expect(tags['activemq-mesh:name']).toBeDefined();
    }
  });

  test('addUser() puts the user on every broker with its own secret', () => {
    const { mesh, template } = meshStack();
    const user = mesh.addUser('Orders', { username: 'orders', groups: ['apps'] });
    expect(mesh.users.map(u => u.username)).toEqual(['orders']);
    expect(user.secret).toBeDefined();
    const t = template();
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers'));
    expect(users.Properties.BrokerIds).toHaveLength(3);
    expect(users.Properties.Users[1]).toEqual({
      Username: 'orders', SecretArn: { Ref: expect.stringMatching(/^MeshOrdersSecret/) }, ConsoleAccess: false, Groups: ['apps'], Role: 'application',
    });
    expect(Object.keys(resourcesOfType(t, 'AWS::SecretsManager::Secret'))).toHaveLength(3);
  });

  test('a supplied inter-broker secret is used on every node', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3) });
    const secret = new secretsmanager.Secret(stack, 'Bridge', { generateSecretString: { secretStringTemplate: '{"username":"bridge"}', generateStringKey: 'password', excludeCharacters: ',:=' } });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, interBrokerUser: { username: 'bridge', secret } });
    const t = Template.fromStack(stack).toJSON();
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers'));
    expect(users.Properties.Users[0]).toMatchObject({
      Username: 'bridge', Role: 'inter-broker', SecretArn: { Ref: stack.getLogicalId(secret.node.defaultChild as secretsmanager.CfnSecret) },
    });
  });

  test('failoverUri() merges options and refuses options for protocols without failover syntax', () => {
    const { stack, mesh } = meshStack();
    const uri = stack.resolve(mesh.failoverUri(ClientProtocol.OPENWIRE, { randomize: false, maxReconnectAttempts: 5 }));
    expect(flatten(uri)).toMatch(/randomize=false/);
    expect(flatten(uri)).toMatch(/maxReconnectAttempts=5/);
    expect(() => mesh.failoverUri(ClientProtocol.STOMP, { randomize: true })).toThrow(/STOMP has no failover URI syntax/);
    expect(stack.resolve(mesh.failoverUri())).toEqual(stack.resolve(mesh.openWireFailoverUri));
  });

  test('clientFailover applies to every URI; its OpenWire-only timeout does not leak into AMQP', () => {
    const { stack, mesh } = meshStack({ clientFailover: { timeout: Duration.seconds(3), maxReconnectAttempts: 7 } });
    const openWire = flatten(stack.resolve(mesh.openWireFailoverUri));
    expect(openWire).toMatch(/timeout=3000/);
    expect(openWire).toMatch(/maxReconnectAttempts=7/);
    const amqp = evaluate(stack.resolve(mesh.amqpFailoverUri), deployedWorld(Template.fromStack(stack).toJSON()));
    expect(amqp).toMatch(/failover.maxReconnectAttempts=7/);
    expect(amqp).not.toMatch(/timeout/);
    expect(() => mesh.failoverUri(ClientProtocol.AMQP, { timeout: Duration.seconds(1) })).toThrow(/timeout/);
  });

  test('hub-and-spoke: only spokes declare connectors, to the hub', () => {
    const { template } = meshStack({ brokerCount: 4, topology: MeshTopology.hubAndSpoke({ hubIndex: 0 }) }, 4);
    const t = template();
    const ids = Object.keys(brokers(t)).sort();
    const targets = connectorTargets(t);
    expect(targets[ids[0]]).toEqual([]);
    for (const spoke of ids.slice(1)) expect(targets[spoke]).toEqual([ids[0].toLowerCase()]);
  });

  test('rebootTimeout sets the wait per broker of the rolling reboot', () => {
    const { template } = meshStack({ rebootTimeout: Duration.minutes(30) });
    const reboots = Object.values(resourcesOfType(template(), 'Custom::ActiveMqBrokerReboot'));
    expect(reboots.map(r => r.Properties.TimeoutSeconds)).toEqual([1800, 1800, 1800]);
    expect(reboots.map(r => r.Properties.ServiceTimeout)).toEqual(['1860', '1860', '1860']);
    expect(() => meshStack({ rebootTimeout: Duration.minutes(90) })).toThrow(/^rebootTimeout must be between 5 and 55 minutes, got 1 hour 30 minutes/);
  });

  test('MAINTENANCE_WINDOW leaves out the rolling reboot (the users resource stays)', () => {
    const { template, mesh } = meshStack({ configurationApply: ConfigurationApply.MAINTENANCE_WINDOW });
    expect(mesh.node.tryFindChild('RollingReboot')).toBeUndefined();
    expect(Object.keys(resourcesOfType(template(), 'Custom::ActiveMqBrokerReboot'))).toHaveLength(0);
    const [users] = Object.values(resourcesOfType(template(), 'Custom::ActiveMqMeshUsers'));
    expect(users.Properties.ApplyMode).toBe('MAINTENANCE_WINDOW');
  });

  test('two synths give byte-identical templates', () => {
    const a = JSON.stringify(meshStack({ users: [{ username: 'app' }] }).template());
    const b = JSON.stringify(meshStack({ users: [{ username: 'app' }] }).template());
    expect(a).toEqual(b);
  });

  test('going from 3 to 4 nodes adds one node and leaves the existing brokers, configurations and reboots alone', () => {
    const before = meshStack({ brokerCount: 3 }, 4).template();
    const plan = new DeployPlan(before, meshStack({ brokerCount: 4 }, 4).template());
    // The only existing resources that change: the lifecycle function's policy, which gains the new broker's ARN, the
    // users resource, which gains the new broker (its handler creates the users there only), and the monitoring: CPU
    // thresholds follow the node count, and the dashboard shows the new node.
    expect(plan.resources.filter(r => r.outcome !== 'unchanged' && r.outcome !== 'added' && !r.type.startsWith('AWS::CloudWatch::'))
      .map(r => [r.type, r.outcome]).sort()).toEqual([['AWS::IAM::ManagedPolicy', 'updated'], ['Custom::ActiveMqMeshUsers', 'updated']]);
    for (const type of ['AWS::AmazonMQ::Broker', 'AWS::AmazonMQ::Configuration', 'AWS::AmazonMQ::ConfigurationAssociation', 'Custom::ActiveMqBrokerReboot']) {
      expect({ type, counts: plan.count(type) }).toEqual({ type, counts: { unchanged: 3, added: 1 } });
    }
    expect(plan.brokers.map(b => [b.outcome, b.reboots])).toEqual([['unchanged', false], ['unchanged', false], ['unchanged', false], ['added', false]]);
    // Two synths of the same props plan nothing at all.
    expect(new DeployPlan(before, meshStack({ brokerCount: 3 }, 4).template()).resources.every(r => r.outcome === 'unchanged')).toBe(true);
  });

  test('changing networkTtl updates configurations and reboots the nodes that declare connectors, one at a time; no broker changes', () => {
    const before = meshStack({ brokerCount: 3 }).template();
    const plan = new DeployPlan(before, meshStack({ brokerCount: 3, networkConnector: { networkTtl: 3 } }).template());
    // Node 0 declares no connectors, so its configuration does not change.
    expect(plan.count('AWS::AmazonMQ::Configuration')).toEqual({ unchanged: 1, updated: 2 });
    expect(plan.count('AWS::AmazonMQ::ConfigurationAssociation')).toEqual({ unchanged: 1, updated: 2 });
    expect(plan.count('Custom::ActiveMqBrokerReboot')).toEqual({ unchanged: 1, updated: 2 });
    expect(plan.brokers.map(b => [b.outcome, b.appliedAtReboot, b.reboots])).toEqual([
      ['unchanged', [], false], ['unchanged', ['configuration revision'], true], ['unchanged', ['configuration revision'], true],
    ]);
    expect(plan.resources.filter(r => !['AWS::AmazonMQ::Configuration', 'AWS::AmazonMQ::ConfigurationAssociation', 'Custom::ActiveMqBrokerReboot'].includes(r.type))
      .every(r => r.outcome === 'unchanged')).toBe(true);
  });
});

describe('MeshBroker metrics', () => {
  test('use the broker name and instance number as the Broker dimension', () => {
    const { stack, mesh } = meshStack({ brokerNamePrefix: 'orders' });
    const m = mesh.brokers[1].metricNetworkConnectorConnectionCount();
    expect(m.namespace).toBe('AWS/AmazonMQ');
    expect(m.metricName).toBe('NetworkConnectorConnectionCount');
    expect(m.statistic).toBe('Minimum');
    expect(stack.resolve(m.dimensions)).toEqual({ Broker: 'orders-1-1' });
    const metrics = [
      mesh.brokers[0].metricCpuUtilization(), mesh.brokers[0].metricHeapUsage(),
      mesh.brokers[0].metricStorePercentUsage(), mesh.brokers[0].metricCurrentConnectionsCount(),
    ];
    expect(metrics.map(x => `${x.metricName}/${x.statistic}`)).toEqual([
      'CpuUtilization/Average', 'HeapUsage/Average', 'StorePercentUsage/Maximum', 'CurrentConnectionsCount/Average',
    ]);
    expect(() => mesh.brokers[0].metric('HeapUsage', { instance: 2 })).toThrow(/instance must be 1 for .*Node0, got 2/);
  });

  test('active/standby nodes have a second instance', () => {
    const { stack, mesh } = meshStack({ brokerNamePrefix: 'orders', deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ });
    expect(stack.resolve(mesh.brokers[2].metricHeapUsage({ instance: 2 }).dimensions)).toEqual({ Broker: 'orders-2-2' });
    expect(() => mesh.brokers[2].metric('HeapUsage', { instance: 3 })).toThrow(/instance must be 1 or 2/);
  });
});

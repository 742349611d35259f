/**
 * `drill --from`: the plan of an app read as CloudFormation deploys it (no JVM needed). The hand-written L1 fixture
 * (test/drill/fixtures/l1-app) is also drilled on real brokers by from-e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UsageError } from '../../src/drill/args';
import { fromAppCases, readApp } from '../../src/drill/from-app';
import { directionLabel, DrillPlan } from '../../src/drill/plan';
import { deployedApp } from '../../src/gate';
import { brokerJson, configJson, configTo, NS, SECRET } from '../gate/helpers';
import { validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

const L1 = path.join(__dirname, 'fixtures', 'l1-app', 'orders-network.yaml');
const labels = (plan: DrillPlan, ds: readonly { from: number; to: number }[]) => ds.map((d) => directionLabel(plan, d));

/** A configuration whose one connector points at `peer`'s endpoints, with `attrs` and `inner` content. */
function connectorConfig(peer: string, attrs: string, inner = ''): object {
  const cfg: any = configJson(`<networkConnector ${attrs} uri="static:(\${Peer})">${inner}</networkConnector>`);
  cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [cfg.Properties.Data['Fn::Base64']['Fn::Sub'], { Peer: { 'Fn::Select': [0, { 'Fn::GetAtt': [peer, 'OpenWireEndpoints'] }] } }] } };
  return cfg;
}

function casesOf(resources: object, extra: object = {}) {
  const body = { Resources: resources, ...extra };
  return fromAppCases(deployedApp([{ id: 't', displayName: 'App', body }]), 62000);
}

describe('the hand-written L1 app', () => {
  const [only] = fromAppCases(readApp(L1), 62000);
  const plan = only.plan!;

  test('one case; every ActiveMQ broker a node on loopback; the RabbitMQ broker noted, nothing wrong', () => {
    expect(only.problems).toEqual([]);
    expect(only.choices).toEqual([]);
    expect(plan.nodes.map((n) => [n.name, n.dir, n.url])).toEqual([
      ['orders-network.yaml/Hub', 'node0', 'tcp://127.0.0.1:62000'],
      ['orders-network.yaml/SpokeA', 'node1', 'tcp://127.0.0.1:62010'],
      ['orders-network.yaml/SpokeB', 'node2', 'tcp://127.0.0.1:62020'],
    ]);
    expect(only.notes).toEqual([
      'orders-network.yaml/Events is a RabbitMQ broker: not drilled (the drill runs ActiveMQ brokers).',
      ...['Hub', 'SpokeA', 'SpokeB'].map((b) => `orders-network.yaml/${b} has an authorization map: the drill added read, write and admin for its own `
        + 'client group drill-clients (user drill-app) on queue drill.> and topic ActiveMQ.Advisory.>; nothing for any user of the app.'),
    ]);
  });

  test('every configuration as deployed is valid Amazon MQ 5.18 XML', async () => {
    const results = await validateManyAgainstAmazonMqXsd(plan.nodes.map((n) => n.amazonMqXml), '5.18.4');
    expect(results.map((r) => r.errors)).toEqual([[], [], []]);
  });

  test('authorization: groups from the template; the drill\'s client group gets only what it lacks; orders-app is probed where the map refuses it', () => {
    expect(plan.nodes[1].users.map((u) => [u.username, u.groups])).toEqual([['bridge', ['bridges']], ['orders-app', ['orders']], ['drill-app', ['drill-clients']]]);
    expect(plan.nodes[0].addedAuthorization).toEqual([
      { kind: 'queue', pattern: 'drill.>', read: ['drill-clients'], write: ['drill-clients'], admin: ['drill-clients'] },
      { kind: 'topic', pattern: 'ActiveMQ.Advisory.>', read: ['drill-clients'], write: ['drill-clients'], admin: ['drill-clients'] },
    ]);
    expect(plan.accessProbes!.map((p) => [p.node, p.user.username, p.queue, p.expect, p.why])).toEqual([
      [0, 'orders-app', 'payments.drill-probe', 'refused', "orders-app's groups (orders) have no write on queue payments.drill-probe in the map"],
      [0, 'orders-app', 'orders.drill-probe', 'allowed', "orders-app's groups (orders) have write and admin on queue orders.drill-probe in the map"],
    ]);
  });

  test('connectors: each endpoint moved to its node, the rest of the uri as written; the association wins over Broker.Configuration', () => {
    expect(plan.nodes.map((n) => n.connectorUris)).toEqual([
      [],
      ['static:(tcp://127.0.0.1:62000)'],
      ['static:(failover:(tcp://127.0.0.1:62000)?randomize=false&maxReconnectAttempts=0)'],
    ]);
    expect(plan.nodes[2].amazonMqXml).toContain('name="spoke_b_to_hub"');
    expect(plan.graph.links).toEqual([
      { from: 'orders-network.yaml/SpokeA', to: 'orders-network.yaml/Hub', duplex: true },
      { from: 'orders-network.yaml/SpokeB', to: 'orders-network.yaml/Hub', duplex: true },
    ]);
    expect(plan.networkTtl).toBe(2);
    expect(labels(plan, plan.expected)).toHaveLength(6);
  });

  test('users: one local password per secret, whether named, referenced or with a trailing ::; the drill\'s client user added', () => {
    const bridgeKeys = plan.nodes.map((n) => n.users.find((u) => u.username === 'bridge')!.passwordKey);
    expect(new Set(bridgeKeys).size).toBe(1);
    const orders = plan.nodes.flatMap((n) => n.users.filter((u) => u.username === 'orders-app').map((u) => u.passwordKey));
    expect(orders).toHaveLength(2);
    expect(orders[0]).toBe(orders[1]);
    expect(orders[0]).not.toBe(bridgeKeys[0]);
    expect(plan.nodes.every((n) => n.users[n.users.length - 1].username === 'drill-app')).toBe(true);
    expect(plan.clients).toEqual({ producer: [0, 1, 2], consumer: [2, 1, 0] });
  });
});

describe('what cannot be drilled as deployed is reported', () => {
  test('a standalone broker and a broker bridged only outside the app are not connected', () => {
    const [c] = casesOf({
      Lone: brokerJson('lone'),
      B: brokerJson('b', { Configuration: { Id: { Ref: 'BCfg' }, Revision: 1 } }),
      BCfg: configJson('<networkConnector name="out" userName="bridge" uri="static:(ssl://b-1.mq.us-east-1.amazonaws.com:61617)"/>'),
    });
    expect(c.problems).toEqual([
      'App/Lone is not connected: no connector of the app links it to another broker the drill runs (a standalone broker).',
      'App/B is not connected: no connector of the app links it to another broker the drill runs (its connectors point only outside the app).',
    ]);
    expect(c.notes).toEqual([expect.stringMatching(/^connector 'out' \(#1\) of App\/BCfg of App\/B is left out: it points at ssl:\/\/b-1\.mq\.us-east-1\.amazonaws\.com:61617, outside the brokers the drill runs\.$/)]);
    expect(c.plan!.nodes[1].connectorUris).toEqual([null]);
  });

  test('a connector user that is not a user of its broker, and a configuration with a deploy-time user name', () => {
    const [c] = casesOf({
      A: brokerJson('a'),
      B: brokerJson('b', { Configuration: { Id: { Ref: 'BCfg' }, Revision: 1 } }),
      BCfg: configTo(['A'], 'name="c" userName="someone" duplex="true"'),
      C: brokerJson('c', { Configuration: { Id: { Ref: 'CCfg' }, Revision: 1 } }),
      CCfg: connectorConfig('A', 'name="p" userName="${User}"'),
    }, { Parameters: { User: { Type: 'String' } } });
    expect(c.problems).toContain("connector 'c' (#1) of App/BCfg logs in as 'someone', which is not a user of App/B: its bridges cannot authenticate.");
    expect(c.problems).toContainEqual(expect.stringMatching(/^App\/C cannot be drilled as deployed: its configuration holds values known only at deploy time: \$\{parameter User\}\.$/));
    expect(c.plan!.nodes.map((n) => n.name)).toEqual(['App/A', 'App/B']);
  });

  test('a connector that forwards only some queues: the drill\'s queues go under the included wildcard', () => {
    const [c] = casesOf({
      A: brokerJson('a'),
      B: brokerJson('b', { Configuration: { Id: { Ref: 'BCfg' }, Revision: 1 } }),
      BCfg: connectorConfig('A', 'name="c" userName="bridge" duplex="true"',
        '<dynamicallyIncludedDestinations><queue physicalName="orders.>"/></dynamicallyIncludedDestinations>'),
    });
    expect(c.problems).toEqual([]);
    expect(c.plan!.queuePrefix).toBe('orders.drill');
  });

  test('an app without brokers, and one whose only broker has unknown users, has nothing to run', () => {
    const [none] = casesOf({ Q: { Type: 'AWS::SQS::Queue' } });
    expect([none.plan, none.problems]).toEqual([undefined, ['the app has no AWS::AmazonMQ::Broker to drill.']]);
    const [c] = casesOf({ A: brokerJson('a', { Users: { Ref: 'Users' } }) }, { Parameters: { Users: { Type: 'CommaDelimitedList' } } });
    expect(c.plan).toBeUndefined();
    expect(c.problems).toEqual(['App/A cannot be drilled as deployed: its Users are parameter Users known only at deploy time.', 'no ActiveMQ broker of the app can be drilled.']);
  });

  test('each case of the deploy-time conditions is its own plan', () => {
    const cases = casesOf({
      A: brokerJson('a'),
      B: brokerJson('b', { Configuration: { Id: { Ref: 'BCfg' }, Revision: 1 } }, { Condition: 'Bridged' }),
      BCfg: configTo(['A']),
    }, { Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } }, Conditions: { Bridged: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } });
    expect(cases.map((c) => c.index)).toEqual([1, 2]);
    expect(cases.map((c) => c.choices.join(' '))).toEqual([expect.stringContaining('Env'), expect.stringContaining('Env')]);
    expect(cases.map((c) => c.plan!.nodes.length).sort()).toEqual([1, 2]);
    expect(cases.find((c) => c.plan!.nodes.length === 1)!.problems).toEqual(['App/A is not connected: no connector of the app links it to another broker the drill runs (a standalone broker).']);
  });

  test('bad input names the option, the path and the fix', () => {
    expect(() => readApp('/nonexistent/cdk.out')).toThrow(UsageError);
    expect(() => readApp('/nonexistent/cdk.out')).toThrow('--from /nonexistent/cdk.out: no such file or directory; give a cloud assembly directory (cdk.out) or a template file');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'from-bad-'));
    fs.writeFileSync(path.join(dir, 't.yaml'), 'Resources: [');
    expect(() => readApp(path.join(dir, 't.yaml'))).toThrow(/^--from .*t\.yaml/);
    expect(() => readApp(dir)).toThrow(/^--from .*not a cloud assembly/);
    fs.rmSync(dir, { recursive: true });
  });
});

test('the users of a Custom::ActiveMqMeshUsers (CONTRACT-users) are users of every broker it lists by Ref, with one password per secret; forged entries count for nothing', () => {
  const users = (extra: object = {}) => ({
    Type: 'Custom::ActiveMqMeshUsers',
    Properties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:f',
      BrokerIds: [{ Ref: 'A' }, { Ref: 'B' }],
      Users: [
        { Username: 'mesh-bridge', SecretArn: { Ref: 'Bridge' }, ConsoleAccess: false, Groups: ['activemq-mesh-bridge'], Role: 'inter-broker', AlternateUsername: 'mesh-bridge_clone', Rotation: 'alternating-users' },
        { Username: 'orders', SecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-AbC123', ConsoleAccess: false, Role: 'application' },
        { Username: 'forged', SecretArn: { 'Fn::Sub': 'arn:aws:secretsmanager:${AWS::Region}:1:secret:x' }, Role: 'application' },
      ],
      ...extra,
    },
  });
  const admin = { Users: [{ Username: 'admin', Password: SECRET }] };
  const [c] = casesOf({
    Bridge: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
    A: brokerJson('a', admin),
    B: brokerJson('b', { ...admin, Configuration: { Id: { Ref: 'BCfg' }, Revision: 1 } }),
    BCfg: configTo(['A'], 'name="c" userName="mesh-bridge_clone" duplex="true"'),
    Other: brokerJson('other', admin),
    Users: users(),
    Forged: users({ BrokerIds: ['b-literal-id'] }),
  });
  const [a, b, other] = c.plan!.nodes;
  expect(a.users.map((u) => u.username)).toEqual(['admin', 'mesh-bridge', 'mesh-bridge_clone', 'orders', 'drill-app']);
  expect(b.users.map((u) => [u.username, u.passwordKey])).toEqual(a.users.map((u) => [u.username, u.passwordKey]));
  const key = (name: string) => a.users.find((u) => u.username === name)!.passwordKey;
  expect(new Set([key('admin'), key('mesh-bridge'), key('mesh-bridge_clone'), key('orders')]).size).toBe(4);
  expect(a.users.find((u) => u.username === 'mesh-bridge')!.groups).toEqual(['activemq-mesh-bridge']);
  expect(other.users.map((u) => u.username)).toEqual(['admin', 'drill-app']);
  expect(a.users.map((u) => u.username)).not.toContain('forged');
  // the forged resource lists no broker by Ref, so Other has only its own user; only its isolation is a problem
  expect(c.problems).toEqual(['App/Other is not connected: no connector of the app links it to another broker the drill runs (a standalone broker).']);
  expect(NS).toBe('http://activemq.apache.org/schema/core');
});

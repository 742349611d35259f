/**
 * The authorization map on REAL local ActiveMQ 5.17 brokers (Debian `activemq`): two brokers joined by the duplex
 * network connector and carrying the authorization map exactly as MeshPlan renders them for Amazon MQ, users
 * authenticated the way the drill does it locally (src/drill/local-config.ts, used read-only; Amazon MQ creates them
 * from the broker's Users instead). Proves that
 * - the bridges still carry messages in both directions with the map in place (the inter-broker group's grants);
 * - a user whose group may not write to a destination is refused, and one with read only can read but not write;
 * - the check can fail: with the inter-broker user outside its group, the same bridge carries nothing.
 *
 * Real brokers on fixed loopback ports (63616, 63626): run it alone, `flock /tmp/activemq-drill.lock npx jest
 * test/config/authorization.e2e`. Whether it runs is decided by test/helpers/activemq.ts (ACTIVEMQ_E2E, ACTIVEMQ_HOME).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ActiveMqDestination } from '../../src/config';
import { INTER_BROKER_GROUP } from '../../src/config/authorization';
import { activeMqBrokerCommand, BrokerProcess } from '../../src/drill/broker-process';
import { LocalBrokerConfig, LOG4J_PROPERTIES } from '../../src/drill/local-config';
import { activeMqInstallation } from '../../src/drill/prerequisites';
import { ProcessRegistry } from '../../src/drill/processes';
import { MeshPlan } from '../../src/topology';
import { activeMqForTests, describeWithActiveMq } from '../helpers/activemq';

const INSTALL = activeMqInstallation(activeMqForTests().home);

jest.setTimeout(240_000);

const PORTS = [63616, 63626];
const URL = PORTS.map(p => `tcp://127.0.0.1:${p}`);
const BRIDGE = 'mesh-bridge';
/** Local passwords only: they live in the brokers' temporary conf files. */
const SECRETS = { bridge: 'authzE2eBridgeX7q', app: 'authzE2eAppK2w', reader: 'authzE2eReaderP4z' };

/** Amazon MQ's XML for both nodes, with the map; local additions from the drill's LocalBrokerConfig. */
function localConfigs(dir: string, bridgeGroup: string): string[] {
  const plan = new MeshPlan({
    brokerCount: 2,
    interBrokerUsername: BRIDGE,
    authorization: [{ destination: ActiveMqDestination.queue('orders.>'), read: ['apps', 'order-readers'], write: ['apps'], admin: ['apps'] }],
  });
  return [0, 1].map(node => {
    const xml = plan.brokerXmlFor(node, { openWireEndpoints: (n) => [URL[n]] });
    const users = LocalBrokerConfig.fromAmazonMqXml(xml, {
      brokerName: `node${node}`,
      dataDirectory: path.join(dir, `node${node}`, 'data'),
      openWirePort: PORTS[node],
      // where the mesh puts them: the bridge user in the inter-broker group, the application user in a group of the
      // map, and a read-only user
      users: [
        { username: BRIDGE, password: SECRETS.bridge, groups: [bridgeGroup] },
        { username: 'orders-app', password: SECRETS.app, groups: ['apps'] },
        { username: 'reader', password: SECRETS.reader, groups: ['order-readers'] },
      ],
    });
    expect(users).toContain(`groups="${bridgeGroup}"`);
    expect(users).toContain('groups="apps"');
    expect(users).toContain('username="reader"');
    expect(users).toContain('<authorizationPlugin>');
    return users;
  });
}

async function startMesh(dir: string, registry: ProcessRegistry, bridgeGroup: string): Promise<BrokerProcess[]> {
  const brokers = localConfigs(dir, bridgeGroup).map((xml, node) => {
    const home = path.join(dir, `node${node}`);
    fs.mkdirSync(path.join(home, 'conf'), { recursive: true });
    fs.writeFileSync(path.join(home, 'conf', 'activemq.xml'), xml, { mode: 0o600 });
    fs.writeFileSync(path.join(home, 'conf', 'log4j.properties'), LOG4J_PROPERTIES);
    return new BrokerProcess({ name: `node${node}`, dir: home, command: activeMqBrokerCommand(INSTALL, home), registry });
  });
  for (const broker of brokers) await broker.start();
  return brokers;
}

/** One JVM, one line of result per operation (test/config/java/AuthorizationCheck.java). */
function jms(...operations: string[][]): string[] {
  const out = execFileSync('java', ['-cp', INSTALL.clientClasspath.join(':'), path.join(__dirname, 'java', 'AuthorizationCheck.java'), ...operations.map(o => o.join('|'))],
    { encoding: 'utf8', timeout: 200_000 });
  return out.trim().split('\n');
}

describeWithActiveMq('authorization map on real ActiveMQ brokers', () => {
  const registry = new ProcessRegistry();
  const dirs: string[] = [];
  afterAll(() => {
    registry.killAll();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('bridges carry messages both ways; users are held to their grants', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-e2e-'));
    dirs.push(dir);
    const brokers = await startMesh(dir, registry, INTER_BROKER_GROUP);
    try {
      const results = jms(
        ['BRIDGE', URL[0], URL[1], 'orders-app', SECRETS.app, 'orders.eu', '60000'],
        ['BRIDGE', URL[1], URL[0], 'orders-app', SECRETS.app, 'orders.us', '60000'],
        ['SEND', URL[0], 'orders-app', SECRETS.app, 'payroll', 'not for apps'],
        ['SEND', URL[0], 'reader', SECRETS.reader, 'orders.eu', 'readers cannot write'],
        ['SEND', URL[1], 'orders-app', SECRETS.app, 'orders.audit', 'for the reader'],
        ['RECEIVE', URL[1], 'reader', SECRETS.reader, 'orders.audit', '10000'],
      );
      expect(results[0]).toMatch(/^OK over-the-bridge-\d+$/); // node1 → node0
      expect(results[1]).toMatch(/^OK over-the-bridge-\d+$/); // node0 → node1, over the same duplex connector
      expect(results[2]).toBe('DENIED User orders-app is not authorized to write to: queue://payroll');
      expect(results[3]).toBe('DENIED User reader is not authorized to write to: queue://orders.eu');
      expect(results.slice(4)).toEqual(['OK', 'OK for the reader']);
    } finally {
      for (const b of brokers) await b.stop();
    }
  });

  test('the check can fail: without the inter-broker group the bridge carries nothing', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authz-e2e-'));
    dirs.push(dir);
    const brokers = await startMesh(dir, registry, 'not-a-mesh-group');
    try {
      // The same exchange the first test completes in a few seconds.
      expect(jms(['BRIDGE', URL[0], URL[1], 'orders-app', SECRETS.app, 'orders.eu', '15000'])).toEqual(['NONE']);
      expect(brokers.map(b => b.readLog()).join('\n')).toMatch(/User mesh-bridge is not authorized to (read|write|create)/);
    } finally {
      for (const b of brokers) await b.stop();
    }
  });
});

/**
 * `drill --from` end to end on REAL local ActiveMQ brokers (issue 10, What 4), run the way CI runs it:
 * - a hand-written CloudFormation template with bare L1 resources (test/drill/fixtures/l1-app, not this library): a hub
 *   and two spokes, one spoke configured through a ConfigurationAssociation over its own Configuration;
 * - the migration topology (test/drill/fixtures/migration-app.ts): a standalone broker in its own stack and a 2-node
 *   mesh that bridges it in with addExternalPeer, under the library's own authorization map: messages sent on the old
 *   broker reach consumers on the mesh, and back, and the app's user is refused what the map does not grant;
 * - a broker that is not connected fails the drill with a non-zero exit through the CLI.
 * Whether these run is decided by test/helpers/activemq.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { synthMigrationApp } from './fixtures/migration-app';
import { expectNoSecrets, javaProcessesOf, quiet, tempDirs } from './helpers';
import { main } from '../../src/cli/main';
import { runDrill } from '../../src/drill/drill';
import { FromAppReport } from '../../src/drill/from-drill';
import { activeMqForTests, describeWithActiveMq } from '../helpers/activemq';
import { runCaptured } from '../helpers/cli';

const L1 = path.join(__dirname, 'fixtures', 'l1-app', 'orders-network.yaml');
const SECRETS = {
  bridgePassword: 'fromBridgeSecretQ1',
  appPassword: 'fromAppSecretW2',
  wrongBridgePassword: 'fromWrongSecretE3',
  more: ['fromMoreSecretR4', 'fromMoreSecretT5', 'fromMoreSecretY6', 'fromMoreSecretU7', 'fromMoreSecretI8'],
};
const ALL_SECRETS = [SECRETS.bridgePassword, SECRETS.appPassword, SECRETS.wrongBridgePassword, ...SECRETS.more];

jest.setTimeout(180_000);

const workDir = tempDirs('drill-from');

describeWithActiveMq('drill --from on real ActiveMQ brokers', () => {
  const activemqHome = activeMqForTests().home;

  test('a hand-written L1 template: every direction carries messages (the association\'s connector runs), kill -9, none missing, no password leaks', async () => {
    const dir = workDir('l1');
    const json = path.join(dir, 'report.json');
    const result = await runDrill({
      activemqHome, from: L1, durationSeconds: 8, basePort: 63316, workDir: path.join(dir, 'run'), jsonFile: json, secrets: SECRETS, progress: quiet(),
    });
    const r = result.report;
    expect(r.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(r.settings.from).toBe(L1);
    expect(r.brokers.map((b) => b.name)).toEqual(['orders-network.yaml/Hub', 'orders-network.yaml/SpokeA', 'orders-network.yaml/SpokeB']);
    // spoke to spoke crosses the hub (networkTTL 2): only possible when SpokeB runs its association's connector
    expect(r.bridges!.carrying.sort()).toEqual([
      'orders-network.yaml/Hub→orders-network.yaml/SpokeA', 'orders-network.yaml/Hub→orders-network.yaml/SpokeB',
      'orders-network.yaml/SpokeA→orders-network.yaml/Hub', 'orders-network.yaml/SpokeA→orders-network.yaml/SpokeB',
      'orders-network.yaml/SpokeB→orders-network.yaml/Hub', 'orders-network.yaml/SpokeB→orders-network.yaml/SpokeA',
    ]);
    expect(r.notes).toContain('orders-network.yaml/Events is a RabbitMQ broker: not drilled (the drill runs ActiveMQ brokers).');
    const t = r.traffic!;
    expect(t.acknowledged).toBeGreaterThan(200);
    expect(t.missing).toBe(0);
    // the producer connects first to the first node (randomize=false), the consumer to the last: messages cross bridges
    expect(r.kill!).toMatchObject({ node: 'orders-network.yaml/Hub', reason: 'the broker the client was connected to' });
    // the consumer has its own connection, starting at the last node: messages crossed a bridge
    expect(r.settings.consumerFailoverUri).toMatch(/^failover:\(tcp:\/\/127\.0\.0\.1:63336,.*randomize=false/);
    expect(r.authorization!.map((a) => [a.user, a.action, a.outcome, a.ok])).toEqual([
      ['orders-app', 'send to queue://payments.drill-probe', 'refused', true], ['orders-app', 'send to queue://orders.drill-probe', 'allowed', true],
    ]);
    expect(r.authorization![0].message).toBe('JMSSecurityException: User orders-app is not authorized to write to: queue://payments.drill-probe');
    const report: FromAppReport = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(report).toMatchObject({ ok: true, exitCode: 0, from: L1, cases: [{ index: 1, choices: [] }] });
    expect(fs.readFileSync(path.join(dir, 'run', 'node2', 'amazon-mq.xml'), 'utf8')).toContain('name="spoke_b_to_hub"');
    expect(result.text).toContain(`cdk-activemq-mesh drill --from ${L1}: 3 brokers, networkTTL 2`);
    expectNoSecrets(ALL_SECRETS, dir, result.text);
    expect(javaProcessesOf(dir)).toEqual([]);
    process.stderr.write(`drill --from L1: ${r.bridges!.carrying.length} directions carrying, ${t.acknowledged} sent, ${t.unique} received, `
      + `${t.missing} missing, ${r.authorization!.length} authorization probes as the map says; ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  });

  test('the migration topology: the old broker and a 2-node mesh bridged to it as external peer; old → mesh and back', async () => {
    const dir = workDir('migration');
    const out = path.join(dir, 'cdk.out');
    synthMigrationApp(out);
    const result = await runDrill({
      activemqHome, from: out, durationSeconds: 8, basePort: 63416, workDir: path.join(dir, 'run'), secrets: SECRETS, progress: quiet(),
    });
    const r = result.report;
    expect(r.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    const [legacy, ...mesh] = r.brokers.map((b) => b.name);
    expect(legacy).toBe('Legacy/OrdersLegacy');
    expect(mesh).toHaveLength(2);
    for (const node of mesh) {
      expect(r.bridges!.carrying).toContain(`${legacy}→${node}`);
      expect(r.bridges!.carrying).toContain(`${node}→${legacy}`);
    }
    expect(r.bridges!.failed).toEqual([]);
    // the producer starts on the old broker, the consumer on the mesh: persistent messages crossed the bridge
    expect(r.settings.failoverUri).toMatch(/^failover:\(tcp:\/\/127\.0\.0\.1:63416,/);
    expect(r.traffic!.missing).toBe(0);
    expect(r.traffic!.acknowledged).toBeGreaterThan(200);
    // the mesh's nodes run the library's own authorization map (bridge group, advisories): the bridges carried the
    // matrix and the traffic under it, and the app's user is held to its grants
    const meshXml = fs.readFileSync(path.join(dir, 'run', 'node1', 'amazon-mq.xml'), 'utf8');
    expect(meshXml).toContain('<authorizationPlugin>');
    expect(meshXml).toMatch(/<authorizationEntry queue="&gt;" read="activemq-mesh-bridge[,"]/);
    expect(r.authorization!.map((a) => [a.user, a.action, a.outcome, a.ok])).toEqual([
      ['orders-app', 'send to queue://drill-probe', 'refused', true], ['orders-app', 'send to queue://orders.drill-probe', 'allowed', true],
    ]);
    expect(r.authorization![0].message).toBe('JMSSecurityException: User orders-app is not authorized to write to: queue://drill-probe');
    expectNoSecrets(ALL_SECRETS, dir, result.text);
    process.stderr.write(`drill --from migration: ${r.bridges!.carrying.length} directions carrying, ${r.traffic!.acknowledged} sent, `
      + `${r.traffic!.unique} received, ${r.traffic!.missing} missing, ${r.authorization!.length} authorization probes as the map says; `
      + `${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  });

  test('a broker that is not connected is reported, exit 1 (through the CLI)', async () => {
    const dir = workDir('lone');
    const template = path.join(dir, 'lone.json');
    fs.writeFileSync(template, JSON.stringify({
      Resources: {
        Lone: { Type: 'AWS::AmazonMQ::Broker', Properties: { EngineType: 'ACTIVEMQ', Users: [{ Username: 'app', Password: '{{resolve:secretsmanager:app}}' }] } },
      },
    }));
    const { result: code, out } = await runCaptured({ ACTIVEMQ_HOME: activemqHome }, () => main(['drill', '--from', template,
      '--duration', '5', '--no-kill', '--base-port', '63516', '--work-dir', path.join(dir, 'run')]));
    expect(code).toBe(1);
    expect(out).toContain('Problem: lone.json/Lone is not connected: no connector of the app links it to another broker the drill runs (a standalone broker).');
    expect(out).toContain('FAIL: lone.json/Lone is not connected');
  });
});

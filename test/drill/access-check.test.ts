/**
 * The authorization probes against a stand-in client (fixtures/fake-client.js, so no JVM is needed): a refusal counts
 * only with the broker's "not authorized", never a failed login; the report shows each probe.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quiet } from './helpers';
import { accessProblems, checkAccess } from '../../src/drill/access-check';
import { ClientProcess } from '../../src/drill/client-process';
import { DrillContext } from '../../src/drill/context';
import { AccessProbe, CLIENT_USER, DrillPlan } from '../../src/drill/plan';
import { ProcessRegistry } from '../../src/drill/processes';
import { DrillReport, renderReport } from '../../src/drill/report';
import { MeshGraph } from '../../src/topology';

const FAKE = path.join(__dirname, 'fixtures', 'fake-client.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-access-'));
const registry = new ProcessRegistry();
afterAll(() => {
  registry.killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

const orders = { username: 'orders-app', passwordKey: 'app:o', groups: ['orders'] };
const plan: DrillPlan = {
  nodes: [{ name: 'App/Hub', port: 1, url: 'tcp://127.0.0.1:1', amazonMqXml: '', users: [orders, CLIENT_USER] }],
  clientUser: CLIENT_USER,
  queuePrefix: 'drill',
  graph: new MeshGraph(['App/Hub'], []),
  networkTtl: 1,
  expected: [],
  unreachable: [],
};
const ctx: DrillContext = {
  plan,
  mesh: undefined as never,
  progress: quiet(),
  startClient: (mode, args, user = CLIENT_USER) => new ClientProcess({
    command: [process.execPath, FAKE, mode, ...args], env: { DRILL_USER: user.username, DRILL_PASSWORD: 'pw' }, registry, logPath: path.join(dir, 'client.log'),
  }),
};
const probe = (queue: string, expect: 'refused' | 'allowed', user = orders): AccessProbe => ({ node: 0, user, queue, expect, why: `because ${queue}` });

test('refused and allowed as the map says; a failed login or no answer is not the map\'s refusal', async () => {
  const results = await checkAccess(ctx, [
    probe('payments.drill-probe', 'refused'),
    probe('orders.drill-probe', 'allowed'),
    probe('payments.x', 'refused', { ...orders, username: 'stranger' }),
    probe('orders.x', 'refused'),
    probe('silent', 'allowed'),
  ], 2000);
  expect(results.map((r) => [r.user, r.action, r.expected, r.outcome, r.ok])).toEqual([
    ['orders-app', 'send to queue://payments.drill-probe', 'refused', 'refused', true],
    ['orders-app', 'send to queue://orders.drill-probe', 'allowed', 'allowed', true],
    ['stranger', 'send to queue://payments.x', 'refused', 'not connected', false],
    ['orders-app', 'send to queue://orders.x', 'refused', 'allowed', false],
    ['orders-app', 'send to queue://silent', 'allowed', 'no answer', false],
  ]);
  expect(results[0].message).toBe('JMSSecurityException: User orders-app is not authorized to write to: queue://payments.drill-probe');
  expect(accessProblems(results)).toEqual([
    'the authorization map should have refused stranger to send to queue://payments.x on App/Hub (because payments.x), but it was not connected: JMSSecurityException: User name [stranger] or password is invalid..',
    'the authorization map should have refused orders-app to send to queue://orders.x on App/Hub (because orders.x), but it was allowed.',
    'the authorization map should have allowed orders-app to send to queue://silent on App/Hub (because silent), but it was no answer.',
  ]);
  const report: DrillReport = {
    ok: false,
    exitCode: 1,
    verdict: 'v',
    startedAt: '',
    elapsedMs: 0,
    brokers: [],
    notes: [],
    problems: [],
    settings: { brokers: 1, topology: 'app', networkTtl: 1, failover: 'library', workDir: dir, from: 'cdk.out' },
    authorization: results.slice(0, 2),
  };
  const text = renderReport(report);
  expect(text).toContain('Authorization map: 2/2 probes as the map says');
  expect(text).toContain('ok   orders-app (groups orders) send to queue://payments.drill-probe on App/Hub: expected REFUSED, was REFUSED');
  expect(text).toContain('cdk-activemq-mesh drill --from cdk.out: 1 brokers, networkTTL 1');
}, 30_000);

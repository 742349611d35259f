/**
 * The rotation drill's orchestration against stand-in brokers and clients (fixtures/fake-broker.js, fake-client.js),
 * so it is proven where no JVM is installed: the library's steps in order, each reboot writing what the node applies
 * (users and the connectors' user), the model's expectation after each step, the samples and the report. The real
 * brokers are in rotation-e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { quiet } from './helpers';
import { DEFAULT_DRILL_OPTIONS } from '../../src/drill/args';
import { ClientProcess } from '../../src/drill/client-process';
import { DrillContext } from '../../src/drill/context';
import { LocalMesh } from '../../src/drill/local-mesh';
import { BRIDGE_USER, CLIENT_USER, DrillPlan, meshDrillPlan } from '../../src/drill/plan';
import { activeMqInstallation } from '../../src/drill/prerequisites';
import { ProcessRegistry } from '../../src/drill/processes';
import { nodeAsApplied, rotationOf, runRotation } from '../../src/drill/rotation';
import { judgeNaiveRotation, rotationProblems } from '../../src/drill/rotation-report';
import { DrillSecrets } from '../../src/drill/secrets';

const FAKE_BROKER = path.join(__dirname, 'fixtures', 'fake-broker.js');
const FAKE_CLIENT = path.join(__dirname, 'fixtures', 'fake-client.js');
const secrets = new DrillSecrets({ bridgePassword: 'fakeBridgePw1', appPassword: 'fakeAppPw2', more: ['fakeRotatedPw3'] });
const dirs: string[] = [];
const registry = new ProcessRegistry();
afterAll(() => {
  registry.killAll();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function rotate(kind: 'alternating-users' | 'naive') {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-rotation-'));
  dirs.push(workDir);
  const plan: DrillPlan = { ...meshDrillPlan({ ...DEFAULT_DRILL_OPTIONS, brokers: 3 }), clients: { producer: [0, 1, 2], consumer: [2, 1, 0] } };
  const mesh = new LocalMesh({
    plan,
    workDir,
    secrets,
    registry,
    install: activeMqInstallation('/nonexistent'),
    brokerCommand: (dir) => [process.execPath, FAKE_BROKER, path.basename(dir), 'ok'],
  });
  const ctx: DrillContext = {
    plan,
    mesh,
    progress: quiet(),
    startClient: (mode, args) => new ClientProcess({ command: [process.execPath, FAKE_CLIENT, mode, ...args], registry, logPath: path.join(workDir, `${mode}.log`) }),
  };
  await mesh.start(quiet());
  try {
    const outcome = await runRotation(ctx, {
      kind,
      bridgeUser: BRIDGE_USER,
      failoverUri: 'failover:(tcp://127.0.0.1:61616,tcp://127.0.0.1:61626)',
      queue: 'drill.traffic',
      rate: 50,
      drainTimeoutSeconds: 5,
      probeIntervalMs: 50,
      latencyMs: 200,
      graceMs: 1000,
    });
    return { outcome, workDir };
  } finally {
    await mesh.stop();
  }
}

test('the library\'s rotation: its steps in order, every reboot writing the new user and the switched connectors, nothing down', async () => {
  const { outcome, workDir } = await rotate('alternating-users');
  expect(outcome.steps.map((s) => s.step)).toEqual([
    'set-password node0 mesh-bridge_clone', 'set-password node1 mesh-bridge_clone', 'set-password node2 mesh-bridge_clone',
    'switch-connectors node1 → mesh-bridge_clone', 'switch-connectors node2 → mesh-bridge_clone',
    'reboot node0', 'reboot node1', 'reboot node2', 'promote',
  ]);
  expect(outcome.steps.every((s) => s.modelBroken.length === 0)).toBe(true);
  expect(outcome.steps.filter((s) => s.downSeconds !== undefined)).toHaveLength(3);
  expect(outcome.connectorUserAfter).toBe('mesh-bridge_clone');
  expect(outcome.samples.directions).toHaveLength(6);
  expect(outcome.samples.downWhenExpected).toBe(0);
  expect(outcome.samples.expectedUp).toBeGreaterThan(0);
  expect(outcome.traffic.stats.missing).toBe(0);
  expect(rotationProblems(outcome)).toEqual([]);
  // node2 runs both users (the new password for the clone) and its connectors log in as the clone
  const conf = fs.readFileSync(path.join(workDir, 'node2', 'conf', 'activemq.xml'), 'utf8');
  expect(conf).toMatch(/<networkConnector name="node2_to_node0"[^>]*userName="mesh-bridge_clone"[^>]*password="fakeRotatedPw3"/);
  expect(conf).toContain('<authenticationUser username="mesh-bridge" password="fakeBridgePw1"');
  expect(conf).toContain('<authenticationUser username="mesh-bridge_clone" password="fakeRotatedPw3"');
}, 60_000);

test('the naive rotation: the model predicts bridges down; seen up here (stand-in brokers), so it is not detected', async () => {
  const { outcome } = await rotate('naive');
  expect(outcome.steps.map((s) => s.step)).toEqual([
    'set-password node0 mesh-bridge', 'set-password node1 mesh-bridge', 'set-password node2 mesh-bridge',
    'reboot node0', 'reboot node1', 'reboot node2', 'promote',
  ]);
  expect(outcome.steps[3].modelBroken.sort()).toEqual(['node1→node0', 'node2→node0']);
  expect(outcome.connectorUserAfter).toBe('mesh-bridge');
  expect(judgeNaiveRotation(outcome).detected).toBe(false);
}, 60_000);

test('rotationOf and nodeAsApplied', () => {
  expect(rotationOf({ rotate: true })).toBe('alternating-users');
  expect(rotationOf({ negative: 'naive-rotation' })).toBe('naive');
  expect(rotationOf({ negative: 'bridge-password' })).toBeUndefined();
  const node = meshDrillPlan({ ...DEFAULT_DRILL_OPTIONS, brokers: 2 }).nodes[1];
  const applied = nodeAsApplied(node, { applied: { 'mesh-bridge': 'bridge', 'mesh-bridge_clone': 'rotated' }, pending: {}, connectorUser: 'mesh-bridge_clone' }, ['g']);
  expect(applied.users).toEqual([
    { username: 'mesh-bridge', passwordKey: 'bridge', groups: ['g'] }, { username: 'mesh-bridge_clone', passwordKey: 'rotated', groups: ['g'] }, CLIENT_USER,
  ]);
  expect(applied.amazonMqXml).toContain('userName="mesh-bridge_clone"');
  expect(applied.amazonMqXml).not.toContain('userName="mesh-bridge"');
});

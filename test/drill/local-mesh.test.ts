/**
 * LocalMesh: the node directories and local configurations it writes (real files, real MeshPlan XML), and its
 * broker lifecycle against stand-in broker processes (fixtures/fake-broker.js), so it is proven even where no
 * JVM is installed. The real brokers are exercised by e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_DRILL_OPTIONS } from '../../src/drill/args';
import { cleanLogLine, LocalMesh } from '../../src/drill/local-mesh';
import { meshDrillPlan } from '../../src/drill/plan';
import { activeMqInstallation } from '../../src/drill/prerequisites';
import { ProcessRegistry } from '../../src/drill/processes';
import { Progress } from '../../src/drill/progress';
import { DrillSecrets } from '../../src/drill/secrets';

const FAKE = path.join(__dirname, 'fixtures', 'fake-broker.js');
const secrets = new DrillSecrets({ bridgePassword: 'meshBridgePw1', appPassword: 'drillAppPw2', wrongBridgePassword: 'otherBridgePw3' });
const dirs: string[] = [];
const registries: ProcessRegistry[] = [];

function mesh(behaviour: (node: string) => string, negative?: 'bridge-password') {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-mesh-'));
  dirs.push(workDir);
  const registry = new ProcessRegistry();
  registries.push(registry);
  const plan = meshDrillPlan({ ...DEFAULT_DRILL_OPTIONS, brokers: 3, negative });
  const m = new LocalMesh({
    plan,
    workDir,
    secrets,
    registry,
    install: activeMqInstallation('/nonexistent'),
    brokerCommand: (dir) => [process.execPath, FAKE, path.basename(dir), behaviour(path.basename(dir)), ` (seen ${secrets.passwordFor('client')})`],
  });
  return { m, plan, workDir, registry };
}

const lines: string[] = [];
const progress = new Progress({ isTTY: false, write: (c: string) => (lines.push(c), true) });

afterAll(() => {
  registries.forEach((r) => r.killAll());
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe('LocalMesh', () => {
  test('one directory per node: the unmodified Amazon MQ XML, and a local configuration only its owner can read', () => {
    const { m, plan, workDir } = mesh(() => 'ok', 'bridge-password');
    expect(fs.readdirSync(workDir).sort()).toEqual(['node0', 'node1', 'node2']);
    for (const [i, node] of plan.nodes.entries()) {
      const dir = path.join(workDir, node.name);
      expect(fs.readFileSync(path.join(dir, 'amazon-mq.xml'), 'utf8')).toBe(node.amazonMqXml);
      const conf = path.join(dir, 'conf', 'activemq.xml');
      expect((fs.statSync(conf).mode % 0o1000).toString(8)).toBe('600');
      const xml = fs.readFileSync(conf, 'utf8');
      expect(xml).toContain(`brokerName="${node.name}"`);
      expect(xml).toContain(`uri="tcp://127.0.0.1:${node.port}"`);
      expect(xml).toContain('password="drillAppPw2"');
      // the negative drill's node gets the other bridge password
      expect(xml).toContain(i === 2 ? 'password="otherBridgePw3"' : 'password="meshBridgePw1"');
      expect(fs.readFileSync(path.join(dir, 'conf', 'log4j.properties'), 'utf8')).toContain('log4j.rootLogger=INFO, console');
      expect(m.brokers[i].dir).toBe(dir);
    }
  });

  test('start, stop, then the passwords are blanked and the message stores removed', async () => {
    const { m, workDir } = mesh(() => 'ok');
    await m.start(progress);
    expect(m.brokers.every((b) => b.running)).toBe(true);
    expect(m.summaries().map((s) => [s.name, s.port, typeof s.startMs, s.restartMs])).toEqual([
      ['node0', 61616, 'number', undefined], ['node1', 61626, 'number', undefined], ['node2', 61636, 'number', undefined],
    ]);
    expect(lines.join('')).toContain('Starting 3 ActiveMQ brokers: ok - 3 brokers up');
    await m.stop(5000);
    expect(m.brokers.some((b) => b.running)).toBe(false);
    m.redactConfigs();
    m.removeData();
    for (const node of ['node0', 'node1', 'node2']) {
      const xml = fs.readFileSync(path.join(workDir, node, 'conf', 'activemq.xml'), 'utf8');
      expect(xml).not.toMatch(/meshBridgePw1|drillAppPw2|otherBridgePw3/);
      expect(xml).toContain('password="(redacted after the drill)"');
      expect(fs.readdirSync(path.join(workDir, node)).sort()).toEqual(['amazon-mq.xml', 'conf', 'console.log', 'pid']);
    }
  });

  test('a broker that cannot start fails the start with its log; the others run until stop', async () => {
    const { m } = mesh((node) => node === 'node1' ? 'fail' : 'ok');
    await expect(m.start(progress)).rejects.toThrow(/^broker node1 failed to start; last log lines:\n.*Failed to start Apache ActiveMQ \(node1, null\)/s);
    expect(m.brokers.map((b) => b.running)).toEqual([true, false, true]);
    await m.stop();
    expect(m.brokers.some((b) => b.running)).toBe(false);
  });

  test('kill -9 and restart; a node that does not come back is reported', async () => {
    const { m, workDir } = mesh(() => 'file');
    for (const node of ['node0', 'node1', 'node2']) {
      fs.writeFileSync(path.join(workDir, node, 'behaviour'), 'ok');
    }
    await m.start(progress);
    await m.kill9([0, 2]);
    expect(m.brokers.map((b) => b.running)).toEqual([false, true, false]);
    fs.writeFileSync(path.join(workDir, 'node2', 'behaviour'), 'fail');
    expect(await m.restart([0, 2])).toEqual(['broker node2 failed to start; last log lines:']);
    expect(m.brokers.map((b) => b.running)).toEqual([true, true, false]);
    expect(m.summaries().map((s) => s.restartMs === undefined)).toEqual([false, true, true]);
    await m.stop();
  });

  test('log evidence: the lines that explain a failed bridge, cleaned, with the local passwords redacted', async () => {
    const { m } = mesh((node) => node === 'node2' ? 'evidence' : 'ok');
    await m.start(progress);
    await new Promise((r) => setTimeout(r, 200));
    expect(m.logEvidence()).toEqual([
      'node2: WARN TransportConnection - Failed to add Connection due to java.lang.SecurityException: User name [mesh-bridge] or password is invalid. (seen ***)',
    ]);
    await m.stop();
  });

  test('the node a client is connected to, from its URI', () => {
    const { m } = mesh(() => 'ok');
    expect(m.nodeOfUri('tcp://127.0.0.1:61626')).toBe(1);
    expect(m.nodeOfUri('tcp://127.0.0.1:61636/')).toBe(2);
    expect(m.nodeOfUri('tcp://127.0.0.1:9999')).toBeUndefined();
    expect(m.nodeOfUri(null)).toBeUndefined();
  });
});

test('cleanLogLine drops the timestamp, thread and connection ids', () => {
  expect(cleanLogLine('2026-12-03 06:00:00,123  WARN [ActiveMQ Transport: tcp:///127.0.0.1:1] TransportConnection - Failed to add Connection id=a, clientId=b, clientIP=c due to X'))
    .toBe('WARN TransportConnection - Failed to add Connection due to X');
});

/**
 * End-to-end drills on REAL local ActiveMQ 5.17 brokers (Debian `activemq`, Java 17): what the `drill`
 * command proves, run the way CI runs it. One file, so the drills run one after another, each on its own
 * ports.
 *
 * - 3-node full mesh, kill -9 of the client's broker, restart, drain: zero missing messages.
 * - hub-and-spoke (hub node0, networkTTL 2), through the CLI in-process: every direction carries messages, failover
 *   works, exit 0, the report on stdout and as JSON.
 * - concentrator: edges forward to both centres (non-duplex), the centres to each other; failover works.
 * - no replication: messages stored on the killed broker arrive only after its restart, and none is missing.
 * - a broker that cannot start fails the drill and leaves no process behind.
 * - negative drills: a mismatched bridge password and hub-and-spoke with networkTTL 1 are detected and explained.
 * - the CLI as a subprocess: Ctrl-C mid-run leaves no process of the run behind (exit 130).
 * Whether these run is decided by test/helpers/activemq.ts (ACTIVEMQ_E2E, ACTIVEMQ_HOME, CI). The CLI's
 * subprocess basics (bare command, --version, --help, bad options, missing ActiveMQ) run everywhere.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expectNoSecrets as expectNoSecretsIn, javaProcessesOf, quiet, tempDirs } from './helpers';
import { main } from '../../src/cli/main';
import { runDrill } from '../../src/drill/drill';
import { DrillReport } from '../../src/drill/report';
import { activeMqForTests, describeWithActiveMq } from '../helpers/activemq';
import { runCaptured } from '../helpers/cli';

const expectNoSecrets = (dir: string, ...texts: string[]) => expectNoSecretsIn(Object.values(SECRETS), dir, ...texts);

const ROOT = path.resolve(__dirname, '..', '..');
const SECRETS = { bridgePassword: 'e2eBridgeSecretX7q', appPassword: 'e2eAppSecretK2w', wrongBridgePassword: 'e2eWrongSecretP4z' };

jest.setTimeout(180_000);

const workDir = tempDirs('drill-e2e');

/** The CLI as a subprocess, through ts-node (the package's bin runs the same main.ts, compiled). */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'src', 'cli', 'main.ts'), ...args],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.dev.json'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => stdout += d);
  child.stderr!.on('data', (d) => stderr += d);
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}


describe('the CLI as a subprocess', () => {
  test('a bare command prints the help, --version the version, drill --help the options; a bad option exits 2', async () => {
    const [bare, version, help, bad] = await Promise.all([cli([]), cli(['--version']), cli(['drill', '--help']), cli(['drill', '--brokers', '1'])].map(finish));
    expect(bare).toMatchObject({ code: 0, stderr: '' });
    expect(bare.stdout).toContain('Usage: cdk-activemq-mesh <command> [options]');
    expect(version).toEqual({ code: 0, stdout: `${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`, stderr: '' });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cdk-activemq-mesh drill [options]');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--brokers must be a whole number from 2 to 10, got '1'.");
  });

  test('missing ActiveMQ stops at once with the install command (exit 3)', async () => {
    const r = await finish(cli(['drill', '--base-port', '47716'], { ACTIVEMQ_HOME: '/nonexistent/activemq' }));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('ActiveMQ not found at /nonexistent/activemq: install it with `apt-get install -y activemq`');
  });
});

describeWithActiveMq('drill on real ActiveMQ brokers', () => {
  const activemqHome = activeMqForTests().home;

  test('3-node full mesh: kill -9 of the client\'s broker, restart, zero missing messages', async () => {
    const dir = workDir('full');
    const json = path.join(dir, 'report.json');
    const result = await runDrill({
      activemqHome,
      brokers: 3,
      topology: 'full-mesh',
      durationSeconds: 12,
      rate: 50,
      basePort: 64616,
      workDir: path.join(dir, 'run'),
      jsonFile: json,
      secrets: SECRETS,
      progress: quiet(),
    });
    const r = result.report;
    expect(r.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(r.bridges!.carrying).toHaveLength(6);
    expect(r.kill!.reason).toBe('the broker the client was connected to');
    const t = r.traffic!;
    expect(t.acknowledged).toBeGreaterThan(300);
    expect(t.missing).toBe(0);
    expect(t.unique).toBeGreaterThanOrEqual(t.acknowledged);
    expect(t.recovery!.interruptedAfterMs).toBeDefined();
    expect(t.recovery!.firstReceiveAfterMs).toBeDefined();
    expect(t.recovery!.reconnectedTo).not.toContain(`:${r.brokers.find((b) => b.name === r.kill!.node)!.port}`);
    expect(r.brokers.find((b) => b.name === r.kill!.node)!.restartMs).toBeDefined();
    expect(result.text).toContain('PASS:');
    expect(result.text).toContain('does not replicate');
    expect(JSON.parse(fs.readFileSync(json, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r)));
    // what the run leaves: configurations and logs of the brokers and clients, no message stores
    expect(fs.readdirSync(path.join(dir, 'run')).sort()).toEqual(['check-client.log', 'matrix-client.log', 'node0', 'node1', 'node2', 'traffic-client.log']);
    expect(fs.readdirSync(path.join(dir, 'run', 'node0')).sort()).toEqual(['amazon-mq.xml', 'conf', 'console.log', 'pid']);
    expectNoSecrets(dir, result.text);
    expect(javaProcessesOf(dir)).toEqual([]);
  });

  test('hub-and-spoke through the CLI (hub node0, networkTTL 2): every direction carries messages, failover loses nothing, exit 0', async () => {
    const dir = workDir('hub');
    const json = path.join(dir, 'report.json');
    const { result: code, out, err } = await runCaptured({ ACTIVEMQ_HOME: activemqHome }, () => main(['drill', '--topology', 'hub-and-spoke',
      '--hub', '0', '--duration', '8', '--base-port', '64716', '--work-dir', path.join(dir, 'run'), '--json', json]));
    const report: DrillReport = JSON.parse(fs.readFileSync(json, 'utf8'));
    expect(report.problems).toEqual([]);
    expect(code).toBe(0);
    expect(report.settings.networkTtl).toBe(2);
    expect(report.bridges!.carrying.sort()).toEqual(['node0→node1', 'node0→node2', 'node1→node0', 'node1→node2', 'node2→node0', 'node2→node1']);
    expect(report.traffic!.missing).toBe(0);
    // the report on stdout, progress and the JSON path on stderr
    expect(out).toMatch(/^cdk-activemq-mesh drill: 3 brokers, hub-and-spoke \(hub node0\), networkTTL 2\n/);
    expect(out).toContain('PASS: every bridge carried messages');
    expect(err).toContain('Starting 3 ActiveMQ brokers: ok');
    expect(err).toContain(`JSON report written to ${json}`);
  });

  test('concentrator (2 centres, 2 edges): edges forward to both centres, nothing flows back, failover loses nothing', async () => {
    const dir = workDir('concentrator');
    const result = await runDrill({
      activemqHome,
      brokers: 4,
      topology: 'concentrator',
      durationSeconds: 8,
      basePort: 65316,
      workDir: path.join(dir, 'run'),
      secrets: SECRETS,
      progress: quiet(),
    });
    expect(result.report.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.report.bridges!.carrying.sort()).toEqual(['node0→node1', 'node1→node0', 'node2→node0', 'node2→node1', 'node3→node0', 'node3→node1']);
    expect(result.report.bridges!.notExpected.sort()).toEqual(['node0→node2', 'node0→node3', 'node1→node2', 'node1→node3', 'node2→node3', 'node3→node2']);
    expect(result.report.traffic!.missing).toBe(0);
  });

  test('messages waiting on the killed broker are not replicated: delivered only after it is back, none missing', async () => {
    // the consumer starts after the kill, so every message acknowledged before it waits on the dead broker;
    // no --work-dir: the run gets its own directory under the OS temp directory
    const result = await runDrill({
      activemqHome, brokers: 2, durationSeconds: 8, consumerDelaySeconds: 3, basePort: 65216, progress: quiet(),
    });
    workDir.keep(result.report.settings.workDir);
    expect(path.dirname(result.report.settings.workDir)).toBe(os.tmpdir());
    expect(path.basename(result.report.settings.workDir)).toMatch(/^cdk-activemq-mesh-drill-/);
    const t = result.report.traffic!;
    expect(result.report.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(t.acknowledgedBeforeKill).toBeGreaterThan(50);
    expect(t.strandedUntilRestart).toBe(t.acknowledgedBeforeKill);
    expect(t.missing).toBe(0);
    expect(result.text).toContain(`${t.strandedUntilRestart} message(s) stored on ${result.report.kill!.node} when it was killed waited there`);
  });

  test('negative: a mismatched inter-broker password on one node is detected and explained', async () => {
    const dir = workDir('pw');
    const result = await runDrill({
      activemqHome,
      brokers: 3,
      negative: 'bridge-password',
      basePort: 64816,
      workDir: path.join(dir, 'run'),
      secrets: SECRETS,
      progress: quiet(),
    });
    const n = result.report.negative!;
    expect(n.detected).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.report.bridges!.failed.sort()).toEqual(['node0→node2', 'node1→node2', 'node2→node0', 'node2→node1']);
    expect(result.report.bridges!.carrying.sort()).toEqual(['node0→node1', 'node1→node0']);
    expect(n.explanation.join(' ')).toContain('must be identical on every node');
    expect(n.explanation.join(' ')).toContain('node2');
    expect(n.evidence.join(' ')).toMatch(/password is invalid|SecurityException/);
    expect(result.report.traffic).toBeUndefined();
    expectNoSecrets(dir, result.text);
  });

  test('negative: hub-and-spoke with networkTTL 1 leaves spokes unreachable, explained from the mesh graph', async () => {
    const dir = workDir('ttl');
    const result = await runDrill({
      activemqHome,
      brokers: 3,
      topology: 'hub-and-spoke',
      negative: 'hub-ttl-1',
      basePort: 64916,
      workDir: path.join(dir, 'run'),
      progress: quiet(),
    });
    const n = result.report.negative!;
    expect(n.detected).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.report.bridges!.failed.sort()).toEqual(['node1→node2', 'node2→node1']);
    expect(n.explanation.join('\n')).toContain('node1 → node2 needs 2 hops');
    // the XML the brokers ran really had networkTTL 1 (rendered by BrokerXml from the plan's connectors)
    expect(fs.readFileSync(path.join(dir, 'run', 'node1', 'amazon-mq.xml'), 'utf8')).toContain('networkTTL="1"');
  });

  test('a broker that cannot start fails the drill (exit 1) with its log, and leaves no process behind', async () => {
    const dir = workDir('broken');
    // an ActiveMQ home whose launcher jar is corrupt: the JVM starts and exits at once
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    fs.writeFileSync(path.join(home, 'bin', 'activemq.jar'), 'not a jar');
    fs.symlinkSync(path.join(activemqHome, 'lib'), path.join(home, 'lib'));
    const result = await runDrill({
      brokers: 2, durationSeconds: 5, basePort: 65116, activemqHome: home, workDir: path.join(dir, 'run'), progress: quiet(),
    });
    expect(result.exitCode).toBe(1);
    expect(result.report.ok).toBe(false);
    expect(result.report.problems.join('\n')).toMatch(/broker node\d failed to start; last log lines:\n.*(corrupt|Invalid)/s);
    expect(result.text).toContain('FAIL: broker node');
    expect(javaProcessesOf(dir)).toEqual([]);
  });

  describe('the CLI as a subprocess', () => {
    test('Ctrl-C mid-run stops every process the drill started (exit 130)', async () => {
      const dir = workDir('sigint');
      const child = cli(['drill', '--duration', '60', '--base-port', '65016', '--work-dir', path.join(dir, 'run')], { ACTIVEMQ_HOME: activemqHome });
      const done = finish(child);
      let stderr = '';
      child.stderr!.on('data', (d) => stderr += d);
      const deadline = Date.now() + 90_000;
      while (!stderr.includes('Traffic:') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
      }
      await new Promise((r) => setTimeout(r, 2000));
      // 3 brokers (by work dir) and the traffic client (by its failover URI) are running
      expect(javaProcessesOf(dir)).toHaveLength(3);
      expect(javaProcessesOf('127.0.0.1:65016')).toHaveLength(1);
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      expect(r.stderr).toContain('SIGINT: stopping every process the command started');
      expect(r.stderr).toContain('the drill was interrupted; every process it started is stopped.');
      expect(r.stdout).toBe('');
      expect(javaProcessesOf(dir)).toEqual([]);
      expect(javaProcessesOf('127.0.0.1:65016')).toEqual([]);
    });
  });
});

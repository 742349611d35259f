/**
 * BrokerProcess against real processes: a stand-in broker (fixtures/fake-broker.js) that writes ActiveMQ's log
 * lines and reacts to signals as ActiveMQ does, so readiness, failure detection, SIGTERM/SIGKILL escalation and
 * kill -9 are proven here even where no JVM is installed. The real JVM is exercised by e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { activeMqBrokerCommand, BrokerProcess } from '../../src/drill/broker-process';
import { activeMqInstallation } from '../../src/drill/prerequisites';
import { DrillInterrupted, ProcessRegistry, sleep } from '../../src/drill/processes';

const FAKE = path.join(__dirname, 'fixtures', 'fake-broker.js');
const dirs: string[] = [];
const registry = new ProcessRegistry();

function broker(behaviour: string, name = 'node0'): BrokerProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-broker-'));
  dirs.push(dir);
  return new BrokerProcess({ name, dir, command: [process.execPath, FAKE, name, behaviour], registry });
}

function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  registry.killAll();
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

describe('BrokerProcess', () => {
  test('ready when the log says "Apache ActiveMQ … (<name>, ID:…) started"; stopped cleanly by SIGTERM', async () => {
    const b = broker('ok');
    const ms = await b.start(10_000);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(b.running).toBe(true);
    expect(fs.readFileSync(path.join(b.dir, 'pid'), 'utf8')).toBe(`${b.pid}\n`);
    expect(fs.existsSync(path.join(b.dir, 'data'))).toBe(true);
    const pid = b.pid;
    await b.stop(5000);
    expect(b.running).toBe(false);
    expect(alive(pid)).toBe(false);
    expect(b.readLog()).toContain('is shutting down');
    // stopping twice is harmless
    await b.stop();
  });

  test('a "Failed to start" line fails the start with the last log lines', async () => {
    const b = broker('fail');
    await expect(b.start(10_000)).rejects.toThrow(/broker node0 failed to start; last log lines:\n.*Failed to start Apache ActiveMQ \(node0, null\)/s);
    expect(b.running).toBe(false);
  });

  test('a process that exits without a word fails the start', async () => {
    const b = broker('exit');
    await expect(b.start(10_000)).rejects.toThrow(/broker node0 failed to start; last log lines:\n.*KahaDBPersistenceAdapter/s);
  });

  test('a command that cannot be run fails the start with the spawn error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-broker-'));
    dirs.push(dir);
    const b = new BrokerProcess({ name: 'node0', dir, command: [path.join(dir, 'no-such-java')], registry });
    await expect(b.start(10_000)).rejects.toThrow(/failed to start: spawn .*no-such-java ENOENT/);
  });

  test('another broker\'s "started" line does not count: the name must match', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-broker-'));
    dirs.push(dir);
    const b = new BrokerProcess({ name: 'node1', dir, command: [process.execPath, FAKE, 'node10', 'ok'], registry });
    await expect(b.start(1500)).rejects.toThrow('broker node1 did not report "started" within 1.5 s');
    expect(b.running).toBe(false);
  });

  test('SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const b = broker('stubborn');
    await b.start(10_000);
    const pid = b.pid;
    await b.stop(300);
    expect(alive(pid)).toBe(false);
    expect(b.readLog()).not.toContain('shutting down');
  });

  test('kill -9, and a restart', async () => {
    const b = broker('ok');
    await b.start(10_000);
    const first = b.pid;
    await b.kill9();
    expect(alive(first)).toBe(false);
    expect(b.running).toBe(false);
    await b.start(10_000);
    expect(b.pid).not.toBe(first);
    expect(b.readLog().match(/ started$/gm)).toHaveLength(2);
    await b.stop();
  });

  test('a restart waits for a new "started" line, not the one already in the log', async () => {
    const b = broker('ok');
    await b.start(10_000);
    await b.kill9();
    const again = new BrokerProcess({ name: 'node0', dir: b.dir, command: [process.execPath, FAKE, 'node0', 'never'], registry });
    await expect(again.start(1000)).rejects.toThrow('broker node0 did not report "started" within 1 s');
  });

  test('an interruption during start-up stops the broker and rejects with DrillInterrupted', async () => {
    const b = broker('never');
    const controller = new AbortController();
    const starting = b.start(30_000, controller.signal);
    await sleep(300);
    expect(b.running).toBe(true);
    controller.abort('SIGINT');
    await expect(starting).rejects.toThrow(new DrillInterrupted('SIGINT'));
    expect(b.running).toBe(false);
  });

  test('activeMqBrokerCommand: one foreground JVM with the broker\'s own directories, no launcher script', () => {
    const install = activeMqInstallation('/opt/activemq');
    const cmd = activeMqBrokerCommand(install, '/w/node0');
    expect(cmd[0]).toBe('java');
    expect(cmd).toEqual(expect.arrayContaining(['-Dactivemq.home=/opt/activemq', '-Dactivemq.base=/w/node0',
      '-Dactivemq.conf=/w/node0/conf', '-Dactivemq.data=/w/node0/data', '-Djava.io.tmpdir=/w/node0/tmp']));
    expect(cmd.slice(-4)).toEqual(['-jar', '/opt/activemq/bin/activemq.jar', 'start', 'xbean:file:/w/node0/conf/activemq.xml']);
  });
});

describe('ProcessRegistry', () => {
  test('killAll SIGKILLs every tracked process group; exited processes are forgotten', async () => {
    const own = new ProcessRegistry();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-broker-'));
    dirs.push(dir);
    const b = new BrokerProcess({ name: 'nodeB', dir, command: [process.execPath, FAKE, 'nodeB', 'stubborn'], registry: own });
    await b.start(10_000);
    expect(own.pids).toEqual([b.pid]);
    own.killAll();
    await sleep(300);
    expect(alive(b.pid)).toBe(false);
    expect(own.pids).toEqual([]);
    expect(b.running).toBe(false);
  });
});

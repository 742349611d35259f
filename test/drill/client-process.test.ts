/**
 * ClientProcess against real processes: a stand-in client (fixtures/fake-client.js) that prints events the way
 * DrillClient.java does, so event parsing, waits, protocol errors, interruption and clean-up are proven here even
 * where no JVM is installed. The real Java client is exercised by java-client.test.ts and e2e.test.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClientProtocolError } from '../../src/drill/client-events';
import { ClientProcess } from '../../src/drill/client-process';
import { DrillInterrupted, ProcessRegistry } from '../../src/drill/processes';

const FAKE = path.join(__dirname, 'fixtures', 'fake-client.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-client-'));
const registry = new ProcessRegistry();

function client(script: string, env?: { [k: string]: string }): ClientProcess {
  return new ClientProcess({ command: [process.execPath, FAKE, script], env, registry, logPath: path.join(dir, `${script}.log`) });
}

afterAll(() => {
  registry.killAll();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ClientProcess', () => {
  test('parses each stdout line into a typed event; waitFor finds past and later events', async () => {
    const c = client('events');
    const seen: number[] = [];
    const off = c.onEvent(() => seen.push(c.events.length));
    const recv = await c.waitFor('recv', 10_000);
    expect(recv).toEqual({ e: 'recv', t: expect.any(Number), seq: 1, redelivered: false });
    expect(await c.waitFor('connected', 10)).toEqual({ e: 'connected', t: expect.any(Number), uri: 'tcp://127.0.0.1:61616' });
    expect(c.events.map((e) => e.e)).toEqual(['connected', 'sent', 'recv']);
    expect(seen).toEqual([1, 2, 3]);
    off();
    c.send('stop-producer');
    expect(await c.waitFor('producer-done', 10_000)).toMatchObject({ lastSeq: 2 });
    expect(seen).toEqual([1, 2, 3]);
    await c.stop(5000);
    expect(await c.wait()).toBe(0);
    expect(c.protocolError).toBeUndefined();
  });

  test('waitFor resolves undefined after its timeout, and once the client has exited without the event', async () => {
    const c = client('events');
    expect(await c.waitFor('matrix-done', 200)).toBeUndefined();
    const exited = client('exit');
    expect(await exited.waitFor('matrix-done', 30_000)).toBeUndefined();
    expect(await exited.wait()).toBe(3);
    await c.stop();
  });

  test('a line that is not an event is a protocol error: every wait rejects with it', async () => {
    const c = client('garbage');
    await expect(c.waitFor('recv', 10_000)).rejects.toThrow(ClientProtocolError);
    expect(c.protocolError?.message).toMatch(/^not JSON \(.*\): "SLF4J: Failed to load class \\"org.slf4j.impl.StaticLoggerBinder\\"."$/);
    // an event that came before the bad line is still found
    await expect(c.waitFor('connected', 10)).resolves.toMatchObject({ uri: null });
    await expect(c.waitFor('closed', 10_000)).rejects.toBe(c.protocolError);
    await c.stop();
  });

  test('credentials go through the environment, never the command line', async () => {
    const c = client('credentials', { DRILL_USER: 'drill-app', DRILL_PASSWORD: 's3cret' });
    expect(await c.waitFor('failover-invalid', 10_000)).toEqual({ e: 'failover-invalid', msg: 'drill-app/s3cret/credentials' });
    await c.stop();
  });

  test('an interruption rejects the wait with DrillInterrupted', async () => {
    const c = client('events');
    const controller = new AbortController();
    const waiting = c.waitFor('matrix-done', 30_000, controller.signal);
    controller.abort('SIGTERM');
    await expect(waiting).rejects.toThrow(new DrillInterrupted('SIGTERM'));
    await expect(c.waitFor('matrix-done', 30_000, controller.signal)).rejects.toThrow(DrillInterrupted);
    await c.stop();
  });

  test('stop kills a client that ignores quit, the end of stdin and SIGTERM', async () => {
    const c = client('deaf');
    await c.waitFor('connected', 10_000);
    const pid = c.pid!;
    await c.stop(300);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await c.wait()).toBeNull();
  });
});

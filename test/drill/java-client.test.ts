/**
 * The drill's Java client (src/drill/java/DrillClient.java) before any broker runs: its events match the table
 * the drill validates them with (read from the source, so this part runs everywhere), it compiles cleanly
 * against the installed ActiveMQ client jars, the compiled client is cached by source and classpath, its
 * failover check is the ActiveMQ client's own, and its JSON survives any text.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLIENT_EVENT_FIELDS } from '../../src/drill/client-events';
import { CLIENT_SOURCE, clientCacheKey, defaultClientCacheRoot, DrillClient } from '../../src/drill/java-client';
import { activeMqHome, activeMqInstallation } from '../../src/drill/prerequisites';
import { ProcessRegistry } from '../../src/drill/processes';
import { FailoverUri } from '../../src/uri';
import { describeWithActiveMq } from '../helpers/activemq';

const JAVA_TYPES: { [method: string]: string[] } = { num: ['int'], str: ['string', 'string?'], bool: ['bool'] };

describe('DrillClient.java events', () => {
  const source = fs.readFileSync(CLIENT_SOURCE, 'utf8');
  // every `new Event("kind")…emit();` chain in the source, with its fields
  const emitted = [...source.matchAll(/new Event\("([\w-]+)"\)(.*?)\.emit\(\);/gs)].map((m) => ({
    kind: m[1],
    fields: [...m[2].matchAll(/\.(num|str|bool)\("(\w+)"/g)].map((f) => ({ method: f[1], name: f[2] })),
  }));

  test('the source is read from beside the module (src/drill/java, lib/drill/java in the package)', () => {
    expect(CLIENT_SOURCE).toBe(path.join(__dirname, '..', '..', 'src', 'drill', 'java', 'DrillClient.java'));
    expect(emitted.length).toBeGreaterThan(10);
  });

  test('every event the Java client emits is declared, with the same fields and types', () => {
    for (const { kind, fields } of emitted) {
      const declared: { [field: string]: string } | undefined = (CLIENT_EVENT_FIELDS as any)[kind];
      expect({ kind, declared: declared !== undefined }).toEqual({ kind, declared: true });
      expect({ kind, fields: fields.map((f) => f.name).sort() }).toEqual({ kind, fields: Object.keys(declared!).sort() });
      for (const f of fields) {
        const expected = { kind, field: f.name, type: expect.arrayContaining([declared![f.name]]) };
        expect({ kind, field: f.name, type: JAVA_TYPES[f.method] }).toEqual(expected);
      }
    }
  });

  test('every declared event is emitted somewhere', () => {
    expect([...new Set(emitted.map((e) => e.kind))].sort()).toEqual(Object.keys(CLIENT_EVENT_FIELDS).sort());
  });
});

describe('clientCacheKey', () => {
  let dir: string;
  beforeAll(() => dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-key-')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('changes with the source and with the jar a classpath entry resolves to, not with the symlink', () => {
    fs.writeFileSync(path.join(dir, 'client-5.17.2.jar'), '');
    fs.writeFileSync(path.join(dir, 'client-5.18.0.jar'), '');
    fs.symlinkSync(path.join(dir, 'client-5.17.2.jar'), path.join(dir, 'client.jar'));
    const before = clientCacheKey('class A {}', [path.join(dir, 'client.jar')]);
    expect(clientCacheKey('class A {}', [path.join(dir, 'client-5.17.2.jar')])).toBe(before);
    expect(clientCacheKey('class B {}', [path.join(dir, 'client.jar')])).not.toBe(before);
    fs.rmSync(path.join(dir, 'client.jar'));
    fs.symlinkSync(path.join(dir, 'client-5.18.0.jar'), path.join(dir, 'client.jar'));
    expect(clientCacheKey('class A {}', [path.join(dir, 'client.jar')])).not.toBe(before);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
  });

  test('the default cache is under XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultClientCacheRoot({ XDG_CACHE_HOME: '/c' })).toBe('/c/cdk-activemq-mesh');
    expect(defaultClientCacheRoot({})).toBe(path.join(os.homedir(), '.cache', 'cdk-activemq-mesh'));
  });
});

describeWithActiveMq('DrillClient.java against the installed ActiveMQ client', () => {
  const install = activeMqInstallation(activeMqHome());
  let dir: string;
  const registry = new ProcessRegistry();
  let client: DrillClient;
  const check = (uri: string) => client.checkFailoverUri(uri, { registry, logPath: path.join(dir, 'check.log') });
  const endpoints = ['tcp://127.0.0.1:61616', 'tcp://127.0.0.1:61626'];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-java-'));
    client = await DrillClient.prepare(install, { cacheRoot: path.join(dir, 'cache') });
  });
  afterAll(() => {
    registry.killAll();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('compiles with every javac lint warning as an error', () => {
    const out = path.join(dir, 'lint');
    fs.mkdirSync(out);
    execFileSync('java', ['-m', 'jdk.compiler/com.sun.tools.javac.Main', '--release', '11', '-Xlint:all', '-Werror',
      '-cp', install.clientClasspath.join(':'), '-d', out, CLIENT_SOURCE], { stdio: 'pipe' });
    expect(fs.readdirSync(out)).toEqual(expect.arrayContaining(['DrillClient.class', 'DrillClient$Event.class']));
  });

  test('compiled once into the cache, reused after', async () => {
    expect(client.compiled).toBe(true);
    expect(client.classDir).toBe(path.join(dir, 'cache', `drill-client-${clientCacheKey(fs.readFileSync(CLIENT_SOURCE, 'utf8'), install.clientClasspath)}`));
    const again = await DrillClient.prepare(install, { cacheRoot: path.join(dir, 'cache') });
    expect(again.compiled).toBe(false);
    expect(again.classDir).toBe(client.classDir);
    expect(fs.readdirSync(path.join(dir, 'cache'))).toEqual([path.basename(client.classDir)]);
  });

  test('the library\'s failover URIs are accepted by the client', async () => {
    expect(await check(FailoverUri.openWire(endpoints))).toBeUndefined();
    expect(await check(FailoverUri.openWire(endpoints, FailoverUri.ACTIVEMQ_DEFAULTS))).toBeUndefined();
    expect(await check(`${FailoverUri.openWire(endpoints)}&jms.prefetchPolicy.all=5&nested.wireFormat.maxInactivityDuration=1000`)).toBeUndefined();
  });

  test.each([
    ['foo=bar', 'IllegalArgumentException: Invalid connect parameters: {foo=bar}'],
    ['jms.bogus=1', 'IllegalArgumentException: Invalid connect parameters: {jms.bogus=1}'],
    ['timeout=soon', 'IllegalArgumentException: Invalid connect parameters: {timeout=soon}'],
    ['nested.bogus=1', 'IllegalArgumentException: Invalid connect parameters: {bogus=1}'],
  ])('the client refuses ?%s with its own message', async (query, message) => {
    expect(await check(`failover:(${endpoints.join(',')})?${query}`)).toBe(message);
  });

  test('its JSON survives quotes, backslashes, control characters and non-ASCII text', async () => {
    const nasty = 'failover:(tcp://a:1)?x="\\é\n\t\u0001😀</>';
    expect(await check(nasty)).toBe(`IllegalArgumentException: Invalid broker URI: ${nasty}`);
  });

  test('an unknown mode is a usage error of the client, not an event', async () => {
    const c = client.start(['bogus'], { registry, logPath: path.join(dir, 'bogus.log') });
    expect(await c.wait()).toBe(2);
    expect(c.events).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'bogus.log'), 'utf8')).toContain('usage: DrillClient check-failover <uri>');
  });
});

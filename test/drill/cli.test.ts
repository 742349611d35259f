/**
 * `cdk-activemq-mesh drill` through main(), in process: exit codes and messages, and that everything that can be
 * refused is refused before anything starts (no JVM needed for those; the failover check by the ActiveMQ client
 * itself needs ActiveMQ).
 */
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';
import { drillFailoverUri } from '../../src/drill/failover-spec';
import { describeWithActiveMq } from '../helpers/activemq';
import { captureOutput, withEnv } from '../helpers/cli';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('cdk-activemq-mesh drill', () => {
  const io = captureOutput();

  test('--help prints the options to stdout and returns 0', async () => {
    expect(await main(['drill', '--help'])).toBe(0);
    expect(io.out).toContain('Usage: cdk-activemq-mesh drill [options]');
    expect(io.out).toContain('under the OS temp directory');
    expect(io.err).toBe('');
  });

  test.each([
    [['--topology', 'ring'], "--topology must be full-mesh, hub-and-spoke or concentrator, got 'ring'."],
    [['now'], "unexpected argument 'now': drill takes only options. Run `cdk-activemq-mesh drill --help` for them."],
    [['drill'], "unexpected argument 'drill': drill takes only options. Run `cdk-activemq-mesh drill --help` for them."],
    [['--failover', 'randomize=maybe'], "--failover randomize must be true or false, got 'maybe'."],
  ])('%j returns 2 with the message on stderr', async (argv, message) => {
    expect(await main(['drill', ...argv])).toBe(2);
    expect(io.err).toBe(`cdk-activemq-mesh: ${message}\n`);
    expect(io.out).toBe('');
  });

  test('missing ActiveMQ returns 3 with the install command, and creates nothing', async () => {
    const work = path.join(tmp, 'missing');
    const code = await withEnv({ ACTIVEMQ_HOME: '/nonexistent/activemq' },
      () => main(['drill', '--base-port', '47616', '--work-dir', work]));
    expect(code).toBe(3);
    expect(io.err).toContain('ActiveMQ not found at /nonexistent/activemq: install it with `apt-get install -y activemq`');
    expect(fs.existsSync(work)).toBe(false);
  });

  test('a plan the mesh refuses returns 2 with the plan\'s message, before anything else is checked', async () => {
    const code = await withEnv({ ACTIVEMQ_HOME: '/nonexistent/activemq' },
      () => main(['drill', '--topology', 'hub-and-spoke', '--network-ttl', '1']));
    expect(code).toBe(2);
    expect(io.err).toMatch(/^cdk-activemq-mesh: .*networkTtl.*1/);
  });

  test('a port in use returns 2 naming the node and the fix', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      expect(await main(['drill', '--brokers', '2', '--base-port', String(port - 10)])).toBe(2);
    } finally {
      server.close();
    }
    expect(io.err).toBe(`cdk-activemq-mesh: port ${port} on 127.0.0.1 is in use (node1 needs it): stop what uses it or pass another --base-port.\n`);
  });

  test('a work directory that is not empty returns 2', async () => {
    const work = path.join(tmp, 'used');
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'old.log'), '');
    expect(await main(['drill', '--base-port', '47616', '--work-dir', work])).toBe(2);
    expect(io.err).toBe(`cdk-activemq-mesh: --work-dir ${work} is not an empty directory: pass a new one (each run needs fresh broker data).\n`);
  });

  describeWithActiveMq('with ActiveMQ', () => {
    test('a failover option the ActiveMQ client refuses returns 2 with the client\'s own message, before any broker starts', async () => {
      const work = path.join(tmp, 'refused');
      fs.mkdirSync(work);
      expect(await main(['drill', '--base-port', '47616', '--work-dir', work, '--failover', 'foo=bar'])).toBe(2);
      const uri = drillFailoverUri(['tcp://127.0.0.1:47616', 'tcp://127.0.0.1:47626', 'tcp://127.0.0.1:47636'], 'foo=bar');
      expect(uri).toMatch(/\?.*&foo=bar$/);
      expect(io.err).toBe(`cdk-activemq-mesh: --failover 'foo=bar' is refused by the ActiveMQ client: IllegalArgumentException: Invalid connect parameters: {foo=bar} (URI ${uri}).\n`);
      // no broker directory, no log: the same command works once the option is fixed
      expect(fs.readdirSync(work)).toEqual([]);
      expect(io.out).toBe('');
    });
  });
});

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

  describe('--from', () => {
    const template = (name: string, body: object) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, JSON.stringify(body));
      return file;
    };
    const lone = { Type: 'AWS::AmazonMQ::Broker', Properties: { EngineType: 'ACTIVEMQ', Users: { Ref: 'Users' } } };

    test('bad input returns 2 naming the option, the value and the fix', async () => {
      expect(await main(['drill', '--from', path.join(tmp, 'missing.out')])).toBe(2);
      expect(io.err).toBe(`cdk-activemq-mesh: --from ${path.join(tmp, 'missing.out')}: no such file or directory; give a cloud assembly directory (cdk.out) or a template file\n`);
      const one = template('one.json', { Resources: { Q: { Type: 'AWS::SQS::Queue' } } });
      io.err = '';
      expect(await main(['drill', '--from', one, '--case', '2'])).toBe(2);
      expect(io.err).toBe('cdk-activemq-mesh: --case 2: the app has 1 case(s) of its deploy-time conditions (1: the only case); pass --case 1.\n');
    });

    test('an app with nothing to run fails (exit 1) with the reasons, before anything starts; every case is reported, JSON too', async () => {
      const file = template('two-cases.json', {
        Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] }, Users: { Type: 'CommaDelimitedList' } },
        Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
        Resources: { Lone: { ...lone, Condition: 'Prod' } },
      });
      const json = path.join(tmp, 'two-cases.report.json');
      const code = await withEnv({ ACTIVEMQ_HOME: '/nonexistent/activemq' }, () => main(['drill', '--from', file, '--json', json]));
      expect(code).toBe(1);
      expect(io.out).toContain(`cdk-activemq-mesh drill --from ${file}: 2 cases of the app's deploy-time conditions, drilled one after another`);
      expect(io.out).toContain('Problem: two-cases.json/Lone cannot be drilled as deployed: its Users are parameter Users known only at deploy time.');
      expect(io.out).toContain('Problem: the app has no AWS::AmazonMQ::Broker to drill.');
      expect(io.out).toContain('FAIL: 0 of 2 cases passed.');
      const report = JSON.parse(fs.readFileSync(json, 'utf8'));
      expect(report).toMatchObject({ ok: false, exitCode: 1, from: file });
      expect(report.cases.map((c: any) => [c.index, c.choices.length, c.report.exitCode, c.report.settings.case])).toEqual([
        [1, 1, 1, expect.stringMatching(/^1: /)], [2, 1, 1, expect.stringMatching(/^2: /)],
      ]);
    });

    test('--kill and --base-port are checked against the app\'s brokers before anything starts', async () => {
      const file = path.join(__dirname, 'fixtures', 'l1-app', 'orders-network.yaml');
      expect(await main(['drill', '--from', file, '--kill', '5'])).toBe(2);
      expect(io.err).toBe('cdk-activemq-mesh: --kill 5: the app has 3 ActiveMQ brokers to drill (nodes 0 to 2); pass one of them.\n');
      io.err = '';
      expect(await main(['drill', '--from', file, '--base-port', '65520'])).toBe(2);
      expect(io.err).toBe('cdk-activemq-mesh: --base-port 65520: 3 brokers need ports up to 65540; pass a --base-port of at most 65515.\n');
    });
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

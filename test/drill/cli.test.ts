import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/cli/main';

describe('cli main()', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => (out += c, true));
    jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => (err += c, true));
  });
  afterEach(() => jest.restoreAllMocks());

  test('--help prints the usage to stdout and returns 0', async () => {
    expect(await main(['drill', '--help'])).toBe(0);
    expect(out).toContain('Usage: cdk-activemq-mesh drill [options]');
    expect(err).toBe('');
  });

  test('a bad option returns 2 with the message on stderr', async () => {
    expect(await main(['drill', '--topology', 'ring'])).toBe(2);
    expect(err).toBe("cdk-activemq-mesh: --topology must be full-mesh, hub-and-spoke or concentrator, got 'ring'.\n");
    expect(out).toBe('');
  });

  test('missing ActiveMQ returns 3 with the install command', async () => {
    const saved = process.env.ACTIVEMQ_HOME;
    process.env.ACTIVEMQ_HOME = '/nonexistent/activemq';
    try {
      expect(await main(['drill'])).toBe(3);
    } finally {
      if (saved === undefined) {
        delete process.env.ACTIVEMQ_HOME;
      } else {
        process.env.ACTIVEMQ_HOME = saved;
      }
    }
    expect(err).toContain('ActiveMQ not found at /nonexistent/activemq: install it with `apt-get install -y activemq`');
  });

  test('a plan the mesh refuses returns 2 with the plan\'s message, before anything starts', async () => {
    // a stand-in ActiveMQ home: the prerequisite check passes, MeshPlan refuses networkTTL 1 for hub-and-spoke
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'drill-cli-'));
    fs.mkdirSync(path.join(home, 'bin'));
    fs.writeFileSync(path.join(home, 'bin', 'activemq.jar'), '');
    const saved = process.env.ACTIVEMQ_HOME;
    process.env.ACTIVEMQ_HOME = home;
    try {
      expect(await main(['drill', '--topology', 'hub-and-spoke', '--network-ttl', '1', '--work-dir', path.join(home, 'w')])).toBe(2);
    } finally {
      process.env.ACTIVEMQ_HOME = saved;
      if (saved === undefined) {
        delete process.env.ACTIVEMQ_HOME;
      }
    }
    expect(err).toMatch(/^cdk-activemq-mesh: .*networkTtl.*1/);
    expect(fs.existsSync(path.join(home, 'w'))).toBe(false);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { main } from '../../src/cli/main';

describe('cdk-activemq-mesh main()', () => {
  let out: string;
  let err: string;
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => (out += c, true));
    jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => (err += c, true));
  });
  afterEach(() => jest.restoreAllMocks());

  test.each([[[]], [['--help']], [['help']]])('%j prints the commands and returns 0 without running anything', async (argv) => {
    expect(await main(argv)).toBe(0);
    expect(out).toContain('Usage: cdk-activemq-mesh <command> [options]');
    expect(out).toMatch(/^ {2}drill {2}/m);
    expect(err).toBe('');
  });

  test('--version prints the package version', async () => {
    expect(await main(['--version'])).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(out).toBe(`${pkg.version}\n`);
  });

  test('an unknown command returns 2 and names the commands', async () => {
    expect(await main(['dril'])).toBe(2);
    expect(err).toBe("cdk-activemq-mesh: unknown command 'dril': the commands are check, drill. Run with --help for usage.\n");
    expect(out).toBe('');
  });
});

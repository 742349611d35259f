/**
 * `cdk-activemq-mesh check` on templates written as a CloudFormation author writes them (test/fixtures/check: YAML
 * with short forms and anchors-free blocks, JSON, SAM, two stacks joined by an export) and on a real cloud assembly.
 * Exit codes: 0 no error, 1 errors, 2 bad input (what is wrong, where).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { main } from '../../src/cli/main';
import { broker } from '../nag/helpers';

const F = path.join(__dirname, '../fixtures/check');
const f = (name: string) => path.join(F, name);

async function check(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation((c: any) => (out += c, true));
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => (err += c, true));
  try {
    const code = await main(['check', ...argv]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('cdk-activemq-mesh check', () => {
  test('a hand-written YAML mesh passes: exit 0 and the summary line', async () => {
    const r = await check(f('mesh.yaml'));
    expect(r.code).toBe(0);
    expect(r.out).toBe('ActiveMqMesh: 3 brokers checked, 3 in a mesh, 0 standalone, 0 errors, 0 warnings, 0 acknowledged\n');
    expect(r.err).toBe('');
  });

  test('several templates at once: an import between them is followed; alone, the importer is standalone', async () => {
    const both = await check(f('mesh.yaml'), f('consumer.yaml'));
    expect(both.code).toBe(0);
    expect(both.out).toContain('4 brokers checked, 4 in a mesh');
    const alone = await check(f('consumer.yaml'));
    expect(alone.code).toBe(1);
    expect(alone.out).toContain('ERROR ActiveMqMesh-StandaloneBroker: the broker consumer.yaml/Edge is not part of a network of brokers');
    expect(alone.out).toContain(`in ${f('consumer.yaml')} (Edge)`);
  });

  test('a standalone broker in JSON: exit 1; acknowledged from a file with its reason: exit 0', async () => {
    const r = await check(f('standalone.json'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('ActiveMqMesh: 1 broker checked, 0 in a mesh, 1 standalone, 1 error, 0 warnings (1 info), 0 acknowledged');
    const acked = await check(f('standalone.json'), '--acknowledgements', f('acknowledgements.yaml'));
    expect(acked.code).toBe(0);
    expect(acked.out).toContain('ACKNOWLEDGED ActiveMqMesh-StandaloneBroker: the broker standalone.json/Orders');
    expect(acked.out).toContain('acknowledged: the legacy orders broker; replaced by the mesh in Q3, tracked in ORD-112');
    expect(acked.out).toContain('0 errors, 0 warnings (1 info), 1 acknowledged');
  });

  test('a SAM template is judged (the transform leaves Amazon MQ resources as written)', async () => {
    const r = await check(f('sam.yaml'));
    expect(r.code).toBe(1);
    expect(r.out).toContain("its connector 'self' (#1) of sam.yaml/AConfig does not count (tcp://localhost:61616: it is a loopback address: the broker itself)");
  });

  test('--fail-on-warnings makes warnings and infos fail; --external-peer declares a peer with its reason', async () => {
    expect((await check(f('mesh.yaml'), f('standalone.json'), '--acknowledgements', f('acknowledgements.yaml'))).code).toBe(0);
    expect((await check(f('standalone.json'), '--acknowledgements', f('acknowledgements.yaml'), '--fail-on-warnings')).code).toBe(1);
    const declared = await check(f('consumer.yaml'), '--external-peer', 'b-*-1.mq.us-east-1.amazonaws.com=not used', '--external-peer=ssl://x:61617=DR');
    expect(declared.code).toBe(1); // the import is not an endpoint pattern: declaring hosts does not make an unknown import a peer
  });

  test('--ownership-tag requires the tag on every broker', async () => {
    const r = await check(f('mesh.yaml'), '--ownership-tag', 'cost-center');
    expect(r.code).toBe(0);
    expect(r.out).toContain("WARNING ActiveMqMesh-MissingOwnershipTags: the broker mesh.yaml/Node0 is missing its ownership tags (it lacks the tag 'cost-center')");
  });

  test('a cloud assembly directory (cdk.out), nested stage assemblies included', async () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-assembly-'));
    const app = new App({ outdir });
    broker(new Stack(app, 'Top'), 'Alone');
    broker(new Stack(new Stage(app, 'Prod'), 'Inner'), 'AlsoAlone');
    app.synth();
    const r = await check(outdir, '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.findings.filter((x: any) => x.ruleId === 'ActiveMqMesh-StandaloneBroker').map((x: any) => x.path).sort()).toEqual(['Prod/Inner/AlsoAlone', 'Top/Alone']);
    expect(r.err).toBe('ActiveMqMesh: 2 brokers checked, 0 in a mesh, 2 standalone, 2 errors, 0 warnings, 0 acknowledged\n');
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test.each([
    [['nope.json'], 'nope.json: no such file or directory'],
    [[f('broken.yaml')], 'broken.yaml: not valid YAML'],
    [[f('not-a-template.json')], 'not a CloudFormation template (it has no Resources section)'],
    [[os.tmpdir()], 'not a cloud assembly'],
    [[], 'give at least one cloud assembly directory or template file'],
    [[f('mesh.yaml'), '--format', 'xml'], "--format must be text, json, sarif or junit, got 'xml'"],
    [[f('mesh.yaml'), '--external-peer', 'ssl://dr:61617'], "--external-peer 'ssl://dr:61617' has no reason"],
    [[f('mesh.yaml'), '--external-peer', 'not a host=x'], "'not a host' is not an endpoint or host"],
    [[f('mesh.yaml'), '--external-peer', '*=everything'], "'*' is not an endpoint or host (a '*' may not stand in the last two labels of the host)"],
    [[f('mesh.yaml'), '--external-peer', '*.*.*.*=every IPv4 address'], "'*.*.*.*' is not an endpoint or host"],
    [[f('mesh.yaml'), '--bogus'], "unknown option '--bogus'"],
    [[f('mesh.yaml'), '--output'], '--output needs a value'],
    [[f('mesh.yaml'), '--output', '/nonexistent/dir/report.txt'], '--output /nonexistent/dir/report.txt: cannot write (ENOENT)'],
  ])('bad input %j: exit 2 naming what and where', async (argv, message) => {
    const r = await check(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test.each([
    ['no reason', '[{"id": "ActiveMqMesh-StandaloneBroker", "resource": "a/B"}]', 'has no reason'],
    ['no resource (one entry never covers every broker)', '[{"id": "ActiveMqMesh-StandaloneBroker", "reason": "x"}]', 'names no resource'],
    ['an unknown rule', '[{"id": "ActiveMqMesh-Standalone", "resource": "a/B", "reason": "x"}]', "'ActiveMqMesh-Standalone' is not a rule of the pack"],
    ['not a list', '{"x": 1}', 'expected a list of { id, resource, reason }'],
  ])('an acknowledgements file with %s: exit 2', async (_name, text, message) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'acks-')), 'acks.json');
    fs.writeFileSync(file, text);
    const r = await check(f('standalone.json'), '--acknowledgements', file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  test('the broker-specific id form acknowledges one broker', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'acks-')), 'acks.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker[standalone.json/Orders]', reason: 'legacy' }]));
    expect((await check(f('standalone.json'), '--acknowledgements', file)).code).toBe(0);
  });

  test('an acknowledgement whose name fits brokers of two inputs (same file name, same construct path) acknowledges none: exit 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acks-same-name-'));
    for (const d of ['prod', 'sandbox']) {
      fs.mkdirSync(path.join(dir, d));
      fs.copyFileSync(f('standalone.json'), path.join(dir, d, 'standalone.json'));
    }
    const file = path.join(dir, 'acks.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 'ActiveMqMesh-StandaloneBroker', resource: 'standalone.json/Orders', reason: 'the sandbox broker' }]));
    const both = await check(path.join(dir, 'prod/standalone.json'), path.join(dir, 'sandbox/standalone.json'), '--acknowledgements', file);
    expect(both.code).toBe(2);
    expect(both.err).toContain("names 'standalone.json/Orders', which fits 2 resources");
    // named by its file path, it acknowledges the one broker
    fs.writeFileSync(file, JSON.stringify([{ id: 'ActiveMqMesh-StandaloneBroker', resource: `${path.join(dir, 'sandbox/standalone.json')}/Orders`, reason: 'the sandbox broker' }]));
    const one = await check(path.join(dir, 'prod/standalone.json'), path.join(dir, 'sandbox/standalone.json'), '--acknowledgements', file, '--format', 'json');
    expect(one.code).toBe(1);
    expect(JSON.parse(one.out).findings.filter((x: any) => x.ruleId === 'ActiveMqMesh-StandaloneBroker' && x.acknowledged === undefined)).toHaveLength(1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('--help prints the usage; the top-level help lists check', async () => {
    const r = await check('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: cdk-activemq-mesh check [options] <cdk.out | template.json | template.yaml ...>');
  });

  test('as a process: the exit codes reach the shell', () => {
    const run = (...argv: string[]) => spawnSync('npx', ['ts-node', '--transpile-only', '-P', 'tsconfig.dev.json', 'src/cli/main.ts', 'check', ...argv], {
      cwd: path.join(__dirname, '../..'), encoding: 'utf8', timeout: 120_000,
    });
    expect(run(f('mesh.yaml')).status).toBe(0);
    const failing = run(f('standalone.json'));
    expect(failing.status).toBe(1);
    expect(failing.stdout).toContain('ActiveMqMesh: 1 broker checked');
    expect(run('nope.json').status).toBe(2);
  }, 150_000);
});

describe('the check fixtures are valid CloudFormation', () => {
  test('cfn-lint (AWS, on every machine of this kind) reports no error on them', () => {
    const files = ['mesh.yaml', 'consumer.yaml', 'standalone.json', 'sam.yaml'].map(f);
    const lint = spawnSync('cfn-lint', ['--format', 'parseable', ...files], { encoding: 'utf8', timeout: 120_000 });
    expect(lint.error).toBeUndefined();
    expect(lint.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l))).toEqual([]);
  }, 150_000);
});

/**
 * The machine formats of `check`: SARIF validated against the OASIS SARIF 2.1.0 JSON schema (test/fixtures/sarif),
 * JUnit validated against the Ant JUnit XSD (test/fixtures/junit) with libxml2 and read back by a JUnit parser
 * (junit2json), JSON read back. Sentinel passwords in the fixtures never reach a report.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse as parseJunit } from 'junit2json';
import { validateXML } from 'xmllint-wasm';
import { main } from '../../src/cli/main';

const F = path.join(__dirname, '../fixtures/check');
const SENTINEL = 'S3ntinel-Pa55word-77aa';

function withSecrets(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-formats-'));
  const file = path.join(dir, 'leaky.json');
  const broker = (name: string, extra: object) => ({
    Type: 'AWS::AmazonMQ::Broker',
    Properties: {
      BrokerName: name,
      EngineType: 'ACTIVEMQ',
      DeploymentMode: 'SINGLE_INSTANCE',
      HostInstanceType: 'mq.m5.large',
      PubliclyAccessible: false,
      Users: [{ Username: 'admin', Password: SENTINEL }],
      ...extra,
    },
  });
  fs.writeFileSync(file, JSON.stringify({
    Resources: {
      A: broker('a', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
      Cfg: {
        Type: 'AWS::AmazonMQ::Configuration',
        Properties: {
          Name: 'c',
          EngineType: 'ACTIVEMQ',
          Data: { 'Fn::Base64': `<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors><networkConnector name="x" userName="admin" password="${SENTINEL}" uri="static:(ssl://admin:${SENTINEL}@peer.example.com:61617)"/></networkConnectors></broker>` },
        },
      },
    },
  }, undefined, 2));
  return file;
}

async function report(format: string, ...inputs: string[]): Promise<{ code: number; text: string; err: string }> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'check-out-')), `report.${format}`);
  let err = '';
  const o = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const e = jest.spyOn(process.stderr, 'write').mockImplementation((c: any) => (err += c, true));
  try {
    const code = await main(['check', '--format', format, '--output', out, ...inputs]);
    return { code, text: fs.readFileSync(out, 'utf8'), err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('check --format', () => {
  test('sarif: valid SARIF 2.1.0, one result per finding with rule, level, file, line and logical location', async () => {
    const r = await report('sarif', path.join(F, 'standalone.json'), path.join(F, 'sam.yaml'), withSecrets());
    expect(r.code).toBe(1);
    const log = JSON.parse(r.text);
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const valid = ajv.validate(schema, log);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(ajv.validate(schema, { ...log, runs: [{ ...log.runs[0], results: [{ level: 'fatal' }] }] })).toBe(false); // the validator is real
    const results = log.runs[0].results;
    const standalone = results.find((x: any) => x.ruleId === 'ActiveMqMesh-StandaloneBroker' && x.message.text.includes('standalone.json/Orders'));
    expect(standalone.level).toBe('error');
    expect(standalone.locations[0].physicalLocation.artifactLocation.uri).toBe('test/fixtures/check/standalone.json');
    expect(standalone.locations[0].physicalLocation.region.startLine).toBe(8);
    expect(standalone.locations[0].logicalLocations[0]).toEqual({ name: 'Orders', fullyQualifiedName: 'standalone.json/Orders', kind: 'resource' });
    expect(log.runs[0].tool.driver.rules[standalone.ruleIndex].id).toBe('ActiveMqMesh-StandaloneBroker');
    expect(results.some((x: any) => x.level === 'note')).toBe(true);
    expect(r.text).not.toContain(SENTINEL);
    expect(r.err).toMatch(/^ActiveMqMesh: \d+ brokers checked/);
  });

  test('sarif: an acknowledged finding is a result with an accepted suppression and its justification', async () => {
    const r = await report('sarif', path.join(F, 'standalone.json'), '--acknowledgements', path.join(F, 'acknowledgements.yaml'));
    expect(r.code).toBe(0);
    const result = JSON.parse(r.text).runs[0].results.find((x: any) => x.ruleId === 'ActiveMqMesh-StandaloneBroker');
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: 'the legacy orders broker; replaced by the mesh in Q3, tracked in ORD-112' }]);
  });

  test('junit: valid against the Ant JUnit schema, read by a JUnit parser: one suite per template, failures for errors', async () => {
    const r = await report('junit', path.join(F, 'mesh.yaml'), path.join(F, 'standalone.json'), withSecrets());
    expect(r.code).toBe(1);
    const xsd = fs.readFileSync(path.join(__dirname, '../fixtures/junit/JUnit.xsd'), 'utf8');
    const validation = await validateXML({ xml: [{ fileName: 'report.xml', contents: r.text }], schema: [{ fileName: 'JUnit.xsd', contents: xsd }] });
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    const broken = await validateXML({ xml: [{ fileName: 'b.xml', contents: r.text.replace(/ tests="\d+"/, '') }], schema: [{ fileName: 'JUnit.xsd', contents: xsd }] });
    expect(broken.valid).toBe(false); // the schema is strict: a suite without its test count is refused
    const parsed: any = await parseJunit(r.text);
    const suites = parsed.testsuite.map((s: any) => [s.name, s.tests, s.failures]);
    expect(suites).toEqual([['mesh.yaml', 0, 0], ['standalone.json', 1, 1], ['leaky.json', 1, 1]]);
    const orders = parsed.testsuite[1].testcase[0];
    expect(orders.name).toBe('standalone.json/Orders');
    expect(orders.failure[0].message).toBe('1 finding: ActiveMqMesh-StandaloneBroker');
    expect(r.text).not.toContain(SENTINEL);
  });

  test('json and text: findings, summary, and no password', async () => {
    const j = await report('json', withSecrets());
    const json = JSON.parse(j.text);
    expect(json.summary).toMatchObject({ brokers: 1, errors: 3, failed: true });
    expect(json.findings.map((x: any) => x.ruleId).sort()).toEqual([
      'ActiveMqMesh-AuditLogsDisabled', 'ActiveMqMesh-AutoMinorVersionUpgradeDisabled', 'ActiveMqMesh-ConnectorPassword', 'ActiveMqMesh-EngineEndOfSupport',
      'ActiveMqMesh-GeneralLogsDisabled', 'ActiveMqMesh-MissingOwnershipTags', 'ActiveMqMesh-NoCustomerManagedKey', 'ActiveMqMesh-PlaintextUserPassword',
      'ActiveMqMesh-StandaloneBroker', 'ActiveMqMesh-UnverifiedExternalConnector',
    ].filter((id) => id !== 'ActiveMqMesh-EngineEndOfSupport'));
    expect(j.text).not.toContain(SENTINEL);
    const t = await report('text', withSecrets());
    expect(t.text).toContain('ssl://****@peer.example.com:61617');
    expect(t.text).not.toContain(SENTINEL);
  });
});

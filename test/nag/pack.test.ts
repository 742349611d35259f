import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { allFindings, broker, connect, descriptionsFor, newStack, pathsFor, validate } from './helpers';
import { RULES } from '../../src/gate';
import { ActiveMqMeshChecks } from '../../src/nag';

function synthWithPack(app: App, pack = new ActiveMqMeshChecks()): { report: any; stderr: string } {
  Validations.of(app).addPlugins(pack);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  let stderr = '';
  try {
    app.synth();
    stderr = err.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    err.mockRestore();
    log.mockRestore();
    process.exitCode = 0;
  }
  return { report: JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8')), stderr };
}

describe('ActiveMqMeshChecks: the pack', () => {
  test('locks the rule IDs and levels; each rule lives in a file named after it', () => {
    expect(Object.fromEntries(RULES.map((r) => [`ActiveMqMesh-${r.id}`, r.level]))).toEqual({
      'ActiveMqMesh-StandaloneBroker': 'Error',
      'ActiveMqMesh-Unverifiable': 'Error',
      'ActiveMqMesh-ConnectorPassword': 'Error',
      'ActiveMqMesh-InterBrokerUserMismatch': 'Error',
      'ActiveMqMesh-PlaintextUserPassword': 'Error',
      'ActiveMqMesh-SingleAzMesh': 'Error',
      'ActiveMqMesh-PublicBroker': 'Error',
      'ActiveMqMesh-AuditLogsDisabled': 'Warning',
      'ActiveMqMesh-GeneralLogsDisabled': 'Warning',
      'ActiveMqMesh-AutoMinorVersionUpgradeDisabled': 'Warning',
      'ActiveMqMesh-EngineEndOfSupport': 'Warning',
      'ActiveMqMesh-NoCustomerManagedKey': 'Info',
      'ActiveMqMesh-MissingOwnershipTags': 'Warning',
      'ActiveMqMesh-SameMaintenanceWindow': 'Warning',
      'ActiveMqMesh-MicroInstanceInMesh': 'Warning',
      'ActiveMqMesh-UnverifiedExternalConnector': 'Info',
      'ActiveMqMesh-LogsResourcePolicyMissing': 'Info',
    });
    const dir = path.join(__dirname, '../../src/gate/rules');
    const files = fs.readdirSync(dir).filter((f) => /^[A-Z].*\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(files);
    expect(new ActiveMqMeshChecks().name).toBe('ActiveMqMesh');
    expect((ActiveMqMeshChecks as any).ruleLevels).toBeUndefined();
  });

  test('a broker breaking every rule gets one finding per rule, each naming the broker, the rule and the fix; no password printed', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', {
      publiclyAccessible: true,
      logs: undefined,
      autoMinorVersionUpgrade: false,
      engineVersion: '5.17.6',
      encryptionOptions: undefined,
      tags: undefined,
      hostInstanceType: 'mq.t3.micro',
      users: [{ username: 'admin', password: 'literal-password-123' }],
      maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '01:00', timeZone: 'UTC' },
    });
    const source = broker(stack, 'Source', { maintenanceWindowStartTime: { dayOfWeek: 'SUNDAY', timeOfDay: '01:00', timeZone: 'UTC' } });
    connect(source, [sink], 'userName="bridge" password="x-literal-x" duplex="true"');
    const report = validate(stack);
    const sinkRules = report.violations.filter((v) => v.violatingResources[0]?.constructPath === sink.node.path).map((v) => v.ruleName).sort();
    expect(sinkRules).toEqual([
      'ActiveMqMesh-AuditLogsDisabled[Stack/Sink]', 'ActiveMqMesh-AutoMinorVersionUpgradeDisabled[Stack/Sink]',
      'ActiveMqMesh-EngineEndOfSupport[Stack/Sink]', 'ActiveMqMesh-GeneralLogsDisabled[Stack/Sink]', 'ActiveMqMesh-MicroInstanceInMesh[Stack/Sink]',
      'ActiveMqMesh-MissingOwnershipTags[Stack/Sink]', 'ActiveMqMesh-NoCustomerManagedKey[Stack/Sink]', 'ActiveMqMesh-PlaintextUserPassword[Stack/Sink]',
      'ActiveMqMesh-PublicBroker[Stack/Sink]', 'ActiveMqMesh-SameMaintenanceWindow[Stack/Sink]',
    ]);
    for (const v of report.violations.filter((x) => x.severity !== 'fatal')) {
      expect(v.description.startsWith(`${v.ruleName.replace(/\[.*$/, '')}: the broker ${v.violatingResources[0].constructPath} `)).toBe(true);
      expect(v.fix).toBeDefined();
    }
    expect(JSON.stringify(report)).not.toMatch(/literal-password-123|x-literal-x/);
    expect(pathsFor(report, 'SameMaintenanceWindow').sort()).toEqual([sink.node.path, source.node.path]);
    // the summary: a fatal violation without constructs, which no stack selection filters out and no acknowledgement silences
    const gate = report.violations.filter((v) => v.severity === 'fatal');
    expect(gate).toHaveLength(1);
    expect(gate[0].violatingResources).toEqual([]);
    expect(gate[0].description).toMatch(/^ActiveMqMesh: 2 brokers checked, 2 in a mesh, 0 standalone, 4 errors, 8 warnings \(1 info\), 0 acknowledged/);
  });

  test('findings of one rule on two brokers are two violations with their own names and descriptions', () => {
    const stack = newStack();
    broker(stack, 'One');
    broker(stack, 'Two');
    const report = validate(stack);
    expect(report.violations.filter((v) => v.ruleName.startsWith('ActiveMqMesh-StandaloneBroker')).map((v) => v.ruleName))
      .toEqual(['ActiveMqMesh-StandaloneBroker[Stack/One]', 'ActiveMqMesh-StandaloneBroker[Stack/Two]']);
    const texts = descriptionsFor(report, 'StandaloneBroker');
    expect(texts[0]).toContain('Stack/One');
    expect(texts[1]).toContain('Stack/Two');
  });

  test('verbose adds the explanation', () => {
    const stack = newStack();
    broker(stack, 'One');
    expect(descriptionsFor(validate(stack, { verbose: true }), 'StandaloneBroker')[0]).toContain('Trend Micro MQ-007');
  });

  test('only errors fail the report unless failOnWarnings', () => {
    const stack = newStack();
    connect(broker(stack, 'Source'), [broker(stack, 'Sink', { logs: undefined })]);
    expect(validate(stack).success).toBe(true);
    expect(validate(stack).violations.some((v) => v.severity === 'fatal')).toBe(false);
    expect(validate(stack, { failOnWarnings: true }).success).toBe(false);
    broker(stack, 'Alone');
    expect(validate(stack).success).toBe(false);
  });

  test.each([
    ['the plain rule ID on an ancestor', 'ActiveMqMesh-StandaloneBroker', (s: Stack) => s],
    ['the broker-specific ID on the broker', 'ActiveMqMesh-StandaloneBroker[Stack/Alone]', (s: Stack) => s.node.findChild('Alone')],
    ['the namespaced broker-specific ID the CLI suggests', 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker[Stack/Alone]', (s: Stack) => s.node.findChild('Alone')],
  ])('acknowledged with %s: suppressed and counted', (_name, id, where) => {
    const stack = newStack();
    broker(stack, 'Alone');
    Validations.of(where(stack)).acknowledge({ id, reason: 'sandbox broker' });
    const report = validate(stack);
    expect(allFindings(report)).toEqual([]);
    expect(report.success).toBe(true);
    expect(report.metadata?.summary).toMatch(/0 errors, .*1 acknowledged$/);
  });

  test('an acknowledgement of one broker never silences another (the namespaced form included)', () => {
    const stack = newStack();
    const a = broker(stack, 'A');
    broker(stack, 'B');
    Validations.of(a).acknowledge({ id: 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker[Stack/A]', reason: 'sandbox' });
    Validations.of(a).acknowledge({ id: 'ActiveMqMesh::ActiveMqMesh-StandaloneBroker', reason: 'sandbox' });
    expect(pathsFor(validate(stack), 'StandaloneBroker')).toEqual(['Stack/B']);
  });

  test('throws on invalid props, naming the prop, the value and the fix', () => {
    expect(() => new ActiveMqMeshChecks({ scopeTagValue: 'production' })).toThrow(
      "scopeTagValue is 'production' but scopeTagKey is not set: scopeTagValue selects a value of scopeTagKey; set scopeTagKey too");
    expect(() => new ActiveMqMeshChecks({ scopeTagKey: ' ' })).toThrow('scopeTagKey must be a tag key, got an empty string');
    expect(() => new ActiveMqMeshChecks({ ownershipTagKeys: ['owner', ''] })).toThrow('ownershipTagKeys[1] must be a tag key, got ""');
    expect(() => new ActiveMqMeshChecks({ externalPeers: [{ endpoint: 'not an endpoint', reason: 'x' }] }))
      .toThrow("externalPeers[0].endpoint must be an endpoint such as 'ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617' or a host, got \"not an endpoint\"");
    expect(() => new ActiveMqMeshChecks({ externalPeers: [{ endpoint: 'ssl://dr:61617', reason: ' ' }] }))
      .toThrow('externalPeers[0].reason must say why ssl://dr:61617 is a broker of your network');
    // a wildcard that declares every host of some shape declares nothing: '*' only within a domain's hosts
    for (const endpoint of ['*', 'ssl://*:61617', '*.*.*.*', '10.0.*.*', '*.com', 'b-1.*.amazonaws.com.*']) {
      expect(() => new ActiveMqMeshChecks({ externalPeers: [{ endpoint, reason: 'x' }] }))
        .toThrow(`externalPeers[0].endpoint must be an endpoint such as 'ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617' or a host, got ${JSON.stringify(endpoint)}`);
    }
    expect(() => new ActiveMqMeshChecks({ externalPeers: [{ endpoint: '*.mq.eu-west-1.amazonaws.com', reason: 'x' }] })).not.toThrow();
  });

  test('scopeTagKey without a value checks every broker carrying the key', () => {
    const stack = newStack();
    broker(stack, 'Tagged', { tags: [{ key: 'environment', value: 'anything' }] });
    broker(stack, 'Untagged');
    expect(pathsFor(validate(stack, { scopeTagKey: 'environment' }), 'StandaloneBroker')).toEqual(['Stack/Tagged']);
  });

  test('registered as a policy validation plugin: findings and the summary in validation-report.json, the summary line on stderr', () => {
    const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'Stack');
    broker(stack, 'Alone');
    const { report, stderr } = synthWithPack(app);
    const plugin = report.pluginReports.find((p: any) => p.pluginName === 'ActiveMqMesh');
    expect(plugin.conclusion).toBe('failure');
    expect(plugin.violations.map((v: any) => [v.ruleName, v.severity, v.violatingConstructs.map((c: any) => c.constructPath)]))
      .toContainEqual(['ActiveMqMesh-StandaloneBroker[Stack/Alone]', 'error', ['Stack/Alone']]);
    expect(plugin.violations.find((v: any) => v.severity === 'fatal').violatingConstructs).toEqual([]);
    expect(stderr).toContain('ActiveMqMesh: 1 broker checked, 0 in a mesh, 1 standalone, 1 error, 0 warnings, 0 acknowledged\n');
  });

  test('validate() never throws: a failure anywhere becomes an error finding naming its cause', () => {
    const pack = new ActiveMqMeshChecks();
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const report = pack.validate({ templatePaths: ['/nonexistent/dir/Stack.template.json'], appConstruct: new App() } as any);
    spy.mockRestore();
    expect(report.success).toBe(false);
    expect(report.violations[0].ruleName).toBe('ActiveMqMesh-Unverifiable[app]');
    expect(report.violations[0].description).toContain('the templates could not be read');
    expect(report.violations[0].description).toContain('ENOENT');
  });

  test('a generic CfnResource broker is judged like a CfnBroker, with a scope tag set (no crash outside the rules)', () => {
    const stack = newStack();
    new CfnResource(stack, 'Generic', {
      type: 'AWS::AmazonMQ::Broker',
      properties: { EngineType: 'ACTIVEMQ', Tags: [{ Key: 'env', Value: 'prod' }], PubliclyAccessible: true },
    });
    new CfnResource(stack, 'Rabbit', { type: 'AWS::AmazonMQ::Broker', properties: { EngineType: 'RabbitMQ', PubliclyAccessible: true } });
    const report = validate(stack, { scopeTagKey: 'env' });
    expect(pathsFor(report, 'StandaloneBroker')).toEqual(['Stack/Generic']);
    expect(pathsFor(report, 'PublicBroker')).toEqual(['Stack/Generic']);
    expect(allFindings(report).filter((f) => f.includes('Rabbit'))).toEqual([]);
  });
});

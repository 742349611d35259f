import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { allFindings, broker, connect, descriptionsFor, newStack, pathsFor, validate } from './helpers';
import { ActiveMqMeshChecks } from '../../src/nag';
import { ReferenceTable } from '../../src/nag/private/references';
import * as rules from '../../src/nag/rules';

describe('ActiveMqMeshChecks: the pack', () => {
  test('locks the rule IDs and levels', () => {
    expect(ActiveMqMeshChecks.ruleLevels()).toEqual({
      'ActiveMqMesh-StandaloneBroker': 'Error',
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
    });
    expect(new ActiveMqMeshChecks().name).toBe('ActiveMqMesh');
  });

  test('each rule function is named after its file, and every rule file is in the pack', () => {
    const dir = path.join(__dirname, '../../src/nag/rules');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.replace(/\.ts$/, '')).sort();
    expect(Object.entries(rules).map(([k, fn]) => { expect(fn.name).toBe(k); return k; }).sort()).toEqual(files);
    expect(Object.keys(ActiveMqMeshChecks.ruleLevels()).map((id) => id.replace('ActiveMqMesh-', '')).sort()).toEqual(files);
  });

  test('a broker breaking every rule gets one finding per rule, each naming the broker, the rule and the fix', () => {
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
    const sinkRules = report.violations.filter((v) => v.violatingResources[0].constructPath === sink.node.path).map((v) => v.ruleName).sort();
    expect(sinkRules).toEqual([
      'ActiveMqMesh-AuditLogsDisabled', 'ActiveMqMesh-AutoMinorVersionUpgradeDisabled', 'ActiveMqMesh-EngineEndOfSupport',
      'ActiveMqMesh-GeneralLogsDisabled', 'ActiveMqMesh-MicroInstanceInMesh', 'ActiveMqMesh-MissingOwnershipTags',
      'ActiveMqMesh-NoCustomerManagedKey', 'ActiveMqMesh-PlaintextUserPassword', 'ActiveMqMesh-PublicBroker',
      'ActiveMqMesh-SameMaintenanceWindow',
    ]);
    for (const v of report.violations) {
      expect(v.violatingResources).toHaveLength(1);
      expect(v.description.startsWith(`${v.ruleName}: the broker ${v.violatingResources[0].constructPath} `)).toBe(true);
      expect(v.fix).toBeDefined();
      expect(v.description).not.toMatch(/literal-password-123|x-literal-x/);
    }
    expect(pathsFor(report, 'SameMaintenanceWindow').sort()).toEqual([sink.node.path, source.node.path]);
  });

  test('findings of one rule on two brokers are two violations with their own descriptions', () => {
    const stack = newStack();
    broker(stack, 'One');
    broker(stack, 'Two');
    const texts = descriptionsFor(validate(stack), 'StandaloneBroker');
    expect(texts).toHaveLength(2);
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
    expect(validate(stack, { failOnWarnings: true }).success).toBe(false);
    broker(stack, 'Alone');
    expect(validate(stack).success).toBe(false);
  });

  test('acknowledging on an ancestor suppresses the finding for the brokers below it', () => {
    const stack = newStack();
    broker(stack, 'Alone');
    Validations.of(stack).acknowledge({ id: 'ActiveMqMesh-StandaloneBroker', reason: 'sandbox stack' });
    const report = validate(stack);
    expect(allFindings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('throws on invalid props, naming the prop, the value and the fix', () => {
    expect(() => new ActiveMqMeshChecks({ scopeTagValue: 'production' })).toThrow(
      "scopeTagValue is 'production' but scopeTagKey is not set: scopeTagValue selects a value of scopeTagKey; set scopeTagKey too");
    expect(() => new ActiveMqMeshChecks({ scopeTagKey: ' ' })).toThrow('scopeTagKey must be a tag key, got an empty string');
    expect(() => new ActiveMqMeshChecks({ ownershipTagKeys: ['owner', ''] })).toThrow('ownershipTagKeys[1] must be a tag key, got ""');
  });

  test('scopeTagKey without a value checks every broker carrying the key', () => {
    const stack = newStack();
    broker(stack, 'Tagged', { tags: [{ key: 'environment', value: 'anything' }] });
    broker(stack, 'Untagged');
    expect(pathsFor(validate(stack, { scopeTagKey: 'environment' }), 'StandaloneBroker')).toEqual(['Stack/Tagged']);
  });

  test('registered as a policy validation plugin, synthesis writes its findings to validation-report.json', () => {
    const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'Stack');
    broker(stack, 'Alone');
    Validations.of(app).addPlugins(new ActiveMqMeshChecks());
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const assembly = app.synth();
    spy.mockRestore();
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    const text = JSON.stringify(report);
    expect(text).toContain('ActiveMqMesh-StandaloneBroker');
    expect(text).toContain('Stack/Alone');
  });

  test('validate() reports success for warnings only, and failure for an error', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    connect(broker(stack, 'Source'), [broker(stack, 'Sink', { logs: undefined })]);
    const pack = new ActiveMqMeshChecks();
    const warnings = pack.validate({ templatePaths: [], appConstruct: app } as any);
    expect(warnings.success).toBe(true);
    expect(warnings.violations.length).toBe(2);
    broker(stack, 'Alone');
    expect(pack.validate({ templatePaths: [], appConstruct: app } as any).success).toBe(false);
    expect(new ActiveMqMeshChecks({ failOnWarnings: true }).validate({ templatePaths: [], appConstruct: app } as any).success).toBe(false);
  });

  test('indexes the app once: resolutions grow linearly with the number of brokers', () => {
    const count = (pairs: number): number => {
      const stack = newStack();
      for (let i = 0; i < pairs; i++) {
        connect(broker(stack, `Source${i}`), [broker(stack, `Sink${i}`)]);
        broker(stack, `Alone${i}`);
      }
      const spy = jest.spyOn(ReferenceTable.prototype, 'resolve');
      validate(stack);
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    const small = count(10);
    const large = count(40);
    expect(large).toBe(4 * small);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { allFindings, pathsFor, validate } from './helpers';
import {
  ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, ActiveMqEngineVersion, BrokerInstanceType, BrokerStorageType, ConfigurationApply, DayOfWeek,
  MeshDeploymentMode, MeshTopology,
} from '../../src';
import { ActiveMqMeshChecks } from '../../src/nag';

const ENV = { account: '111111111111', region: 'us-east-1' };

/** An app with one mesh (which brings the CloudWatch Logs resource policy Amazon MQ needs itself). */
function meshApp(props: (stack: Stack) => Partial<ActiveMqBrokerMeshProps> = () => ({}), env: typeof ENV | undefined = ENV) {
  const app = new App();
  const stack = new Stack(app, 'Messaging', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props(stack) });
  return { app, mesh };
}

/** Acknowledgements of this pack's rules (the mesh acknowledges some findings of cdk-nag's own packs, not of ours). */
function acknowledgements(root: IConstruct): number {
  return root.node.findAll().flatMap((c) => c.node.metadata)
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && Object.keys(m.data).some((id) => id.startsWith('ActiveMqMesh'))).length;
}

describe('ActiveMqBrokerMesh passes the whole pack', () => {
  test('with defaults: zero findings and no acknowledgements', () => {
    const { app, mesh } = meshApp();
    const report = validate(app, { failOnWarnings: true });
    expect(allFindings(report)).toEqual([]);
    expect(report.success).toBe(true);
    expect(report.metadata?.summary).toBe('ActiveMqMesh: 3 brokers checked, 3 in a mesh, 0 standalone, 0 errors, 0 warnings, 0 acknowledged');
    expect(acknowledgements(app)).toBe(0);
    expect(mesh.brokers.length).toBe(3);
  });

  test('without a logs resource policy of its own (logsResourcePolicy: false) the mesh gets the Info finding', () => {
    const { app } = meshApp(() => ({ logsResourcePolicy: false }));
    expect(allFindings(validate(app, { failOnWarnings: true })).filter((f) => f.includes('LogsResourcePolicyMissing'))).toHaveLength(3);
  });

  test.each([
    ['hub-and-spoke', { topology: MeshTopology.hubAndSpoke(), brokerCount: 3 }],
    ['concentrator', { topology: MeshTopology.concentrator(), brokerCount: 3 }],
    ['active/standby nodes', { deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ, brokerCount: 2 }],
  ])('%s: zero findings', (_name, props) => {
    const { app } = meshApp(() => props as Partial<ActiveMqBrokerMeshProps>);
    expect(allFindings(validate(app, { failOnWarnings: true }))).toEqual([]);
  });

  test('in an environment-agnostic stack with two brokers: zero findings', () => {
    const { app } = meshApp(() => ({ brokerCount: 2 }), undefined);
    expect(allFindings(validate(app, { failOnWarnings: true }))).toEqual([]);
  });

  test('with every option, the inter-broker username from a CfnParameter and a supplied secret: zero findings', () => {
    const { app } = meshApp((stack) => ({
      brokerCount: 4,
      maxBrokersPerAvailabilityZone: 2,
      topology: MeshTopology.hubAndSpoke(),
      networkConnector: { conduitSubscriptions: false, consumerTtl: 2, messageTtl: 3 },
      engineVersion: ActiveMqEngineVersion.V5_18,
      instanceType: BrokerInstanceType.M5_XLARGE,
      storageType: BrokerStorageType.EBS,
      autoMinorVersionUpgrade: true,
      generalLogs: true,
      auditLogs: true,
      encryptionKey: new kms.Key(stack, 'Key'),
      maintenanceWindowStart: { dayOfWeek: DayOfWeek.TUESDAY, timeOfDay: '04:30', timeZone: 'Europe/Paris' },
      brokerNamePrefix: 'orders',
      interBrokerUser: {
        username: new CfnParameter(stack, 'BridgeUser', { type: 'String', default: 'bridge-user' }).valueAsString,
        secret: new secretsmanager.Secret(stack, 'Bridge', {
          generateSecretString: { secretStringTemplate: '{"username":"bridge-user"}', generateStringKey: 'password', excludeCharacters: ',:=' },
        }),
      },
      users: [{ username: 'app', groups: ['apps'] }],
      owner: 'orders-team',
      costCenter: 'cc-42',
      ssmParameterPrefix: '/orders/mq',
      configurationApply: ConfigurationApply.ROLLING_REBOOT,
      rebootTimeout: Duration.minutes(30),
    }));
    const report = validate(app, { failOnWarnings: true, ownershipTagKeys: ['Owner', 'CostCenter'] });
    expect(allFindings(report)).toEqual([]);
    expect(report.metadata?.summary).toMatch(/^ActiveMqMesh: 4 brokers checked, 4 in a mesh, 0 standalone, 0 errors, 0 warnings/);
  });

  test('the pack really reads the mesh: without the association of the connecting nodes every node is standalone', () => {
    const { app, mesh } = meshApp();
    for (const b of mesh.brokers) {
      for (const child of b.node.children.filter((c) => c.node.id === 'ConfigurationAssociation' || c.node.id === 'Configuration')) {
        b.node.tryRemoveChild(child.node.id);
      }
      b.resource.configuration = undefined;
    }
    expect(pathsFor(validate(app), 'StandaloneBroker').sort()).toEqual(mesh.brokers.map((b) => b.resource.node.path).sort());
  });

  test('registered with Validations, synthesis reports success with no violations and prints the summary line', () => {
    const { app } = meshApp();
    const pack = new ActiveMqMeshChecks({ failOnWarnings: true });
    const run = jest.spyOn(pack, 'validate');
    Validations.of(app).addPlugins(pack);
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const assembly = app.synth();
    const stderr = err.mock.calls.map((c) => String(c[0])).join('');
    spy.mockRestore();
    err.mockRestore();
    const text = fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8');
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.results[0].value).toMatchObject({ success: true, violations: [] });
    expect(JSON.parse(text).pluginReports).toEqual([]); // only failing or non-empty plugin reports are written
    expect(stderr).toContain('ActiveMqMesh: 3 brokers checked, 3 in a mesh, 0 standalone, 0 errors, 0 warnings, 0 acknowledged');
  });
});

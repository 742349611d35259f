import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { allFindings, pathsFor, validate } from './helpers';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, MeshDeploymentMode } from '../../src/mesh';
import { ActiveMqMeshChecks } from '../../src/nag';
import { MeshTopology } from '../../src/topology';

const ENV = { account: '111111111111', region: 'us-east-1' };

function meshApp(props: Partial<ActiveMqBrokerMeshProps> = {}, env: typeof ENV | undefined = ENV): { app: App; mesh: ActiveMqBrokerMesh } {
  const app = new App();
  const stack = new Stack(app, 'Messaging', { env });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props });
  app.synth(); // applies aspects (tags) as cdk synth does before validation
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
    expect(acknowledgements(app)).toBe(0);
    expect(mesh.brokers.length).toBeGreaterThanOrEqual(2);
  });

  test.each([
    ['hub-and-spoke', { topology: MeshTopology.hubAndSpoke(), brokerCount: 3 }],
    ['concentrator', { topology: MeshTopology.concentrator(), brokerCount: 3 }],
    ['active/standby nodes', { deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ, brokerCount: 2 }],
  ])('%s: zero findings', (_name, props) => {
    const { app } = meshApp(props as Partial<ActiveMqBrokerMeshProps>);
    expect(allFindings(validate(app, { failOnWarnings: true }))).toEqual([]);
  });

  test('in an environment-agnostic stack with two brokers: zero findings', () => {
    const { app } = meshApp({ brokerCount: 2 }, undefined);
    expect(allFindings(validate(app, { failOnWarnings: true }))).toEqual([]);
  });

  test('the pack really reads the mesh: without the association of the connecting nodes every node is standalone', () => {
    const app = new App();
    const stack = new Stack(app, 'Messaging', { env: ENV });
    const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }) });
    for (const b of mesh.brokers) {
      for (const child of b.node.children.filter((c) => c.node.id === 'ConfigurationAssociation' || c.node.id === 'Configuration')) {
        b.node.tryRemoveChild(child.node.id);
      }
      b.resource.configuration = undefined;
    }
    expect(pathsFor(validate(app), 'StandaloneBroker').sort()).toEqual(mesh.brokers.map((b) => b.resource.node.path).sort());
  });

  test('registered with Validations, synthesis reports success with no violations', () => {
    const app = new App({ context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'Messaging', { env: ENV });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }) });
    const pack = new ActiveMqMeshChecks({ failOnWarnings: true });
    const run = jest.spyOn(pack, 'validate');
    Validations.of(app).addPlugins(pack);
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const assembly = app.synth();
    spy.mockRestore();
    const text = fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8');
    expect(run).toHaveBeenCalledTimes(1);
    expect(run.mock.results[0].value).toEqual({ success: true, violations: [] });
    expect(JSON.parse(text).pluginReports).toEqual([]); // only failing or non-empty plugin reports are written
  });
});

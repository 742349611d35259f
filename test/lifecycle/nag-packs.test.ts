/**
 * cdk-nag's own packs (AwsSolutions, NIST 800-53 R5, HIPAA Security, PCI DSS 3.2.1) on the mesh, through the real CDK
 * CLI (`cdk synth` on examples/cdk-nag-packs) and in memory: no unacknowledged finding on the mesh's resources, with
 * and without rotation; with `acknowledgeNagFindings: false` every acknowledged finding shows again.
 */
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps } from '../../src';
import { cdkSynth as synthApp } from '../helpers/cdk-synth';

const EXAMPLE = path.join(__dirname, '../../examples/cdk-nag-packs');

function cdkSynth(...context: string[]): { status: number | null; output: string } {
  return synthApp(EXAMPLE, ...context.flatMap((c) => ['-c', c]));
}

/** The findings of the four packs on the mesh's resources and the stack's lifecycle resources: "rule path". */
function meshFindings(props: Partial<ActiveMqBrokerMeshProps>): string[] {
  const app = new App();
  const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props });
  mesh.addUser('Orders', { username: 'orders', rotationSchedule: props.interBrokerUser?.rotationSchedule });
  app.synth();
  const rows: string[] = [];
  for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
    for (const v of pack.validateScope(app).violations) {
      for (const r of v.violatingResources) {
        if (r.constructPath?.startsWith('S/Mesh/') || r.constructPath?.startsWith('S/ActiveMqMeshLifecycle/')) rows.push(`${v.ruleName} ${r.constructPath}`);
      }
    }
  }
  return rows.sort();
}

describe('cdk-nag packs on the mesh', () => {
  test('in memory: no finding left on the mesh, default and with rotation', () => {
    expect(meshFindings({})).toEqual([]);
    expect(meshFindings({ interBrokerUser: { rotationSchedule: Duration.days(30) }, adminUser: { username: 'admin', consoleAccess: true, rotationSchedule: Duration.days(30) } })).toEqual([]);
  });

  test('in memory, acknowledgeNagFindings false: exactly the findings the README lists as acknowledged', () => {
    const findings = meshFindings({ acknowledgeNagFindings: false });
    // Each monitoring alarm without an action (no monitoringOptions.alarmTopic): NIST and HIPAA CloudWatchAlarmAction.
    const alarms = findings.filter((f) => f.includes('CloudWatchAlarmAction'));
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.every((f) => /^(NIST\.800\.53\.R5|HIPAA\.Security)-CloudWatchAlarmAction S\/Mesh\/Monitoring\//.test(f))).toBe(true);
    expect(findings.filter((f) => !f.includes('CloudWatchAlarmAction'))).toEqual([
      'AwsSolutions-IAM5[Resource::*] S/ActiveMqMeshLifecycle/StateMachineRolePolicy',
      'AwsSolutions-SMG4 S/Mesh/AdminUser/Secret/Resource',
      'AwsSolutions-SMG4 S/Mesh/InterBrokerUser/Secret/Resource',
      'AwsSolutions-SMG4 S/Mesh/Orders/Secret/Resource',
      'HIPAA.Security-CloudWatchLogGroupEncrypted S/ActiveMqMeshLifecycle/Logs',
      'HIPAA.Security-LambdaConcurrency S/ActiveMqMeshLifecycle/Function',
      'HIPAA.Security-LambdaInsideVPC S/ActiveMqMeshLifecycle/Function',
      'HIPAA.Security-SecretsManagerRotationEnabled S/Mesh/AdminUser/Secret/Resource',
      'HIPAA.Security-SecretsManagerRotationEnabled S/Mesh/InterBrokerUser/Secret/Resource',
      'HIPAA.Security-SecretsManagerRotationEnabled S/Mesh/Orders/Secret/Resource',
      'NIST.800.53.R5-CloudWatchLogGroupEncrypted S/ActiveMqMeshLifecycle/Logs',
      'NIST.800.53.R5-LambdaConcurrency S/ActiveMqMeshLifecycle/Function',
      'NIST.800.53.R5-LambdaInsideVPC S/ActiveMqMeshLifecycle/Function',
      'NIST.800.53.R5-SecretsManagerRotationEnabled S/Mesh/AdminUser/Secret/Resource',
      'NIST.800.53.R5-SecretsManagerRotationEnabled S/Mesh/InterBrokerUser/Secret/Resource',
      'NIST.800.53.R5-SecretsManagerRotationEnabled S/Mesh/Orders/Secret/Resource',
      'PCI.DSS.321-CloudWatchLogGroupEncrypted S/ActiveMqMeshLifecycle/Logs',
      'PCI.DSS.321-LambdaInsideVPC S/ActiveMqMeshLifecycle/Function',
    ]);
  });

  test('alarms with an action (monitoringOptions.alarmTopic) need no acknowledgement, and get none', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, monitoringOptions: { alarmTopic: new sns.Topic(stack, 'Alarms', { enforceSSL: true }) } });
    app.synth();
    const acknowledgedAlarms = stack.node.findAll().filter((c) => c.node.path.includes('/Monitoring/')
      && c.node.metadata.some((m) => m.type === 'aws:cdk:acknowledged-rules'));
    expect(acknowledgedAlarms).toEqual([]);
  });

  test('real cdk synth with the four packs: exit 0 by default and with rotation on', () => {
    const plain = cdkSynth();
    expect(plain.output).not.toMatch(/^\s*ERROR/m);
    expect(plain.status).toBe(0);
    const rotating = cdkSynth('rotation=true');
    expect(rotating.output).not.toMatch(/^\s*ERROR/m);
    expect(rotating.status).toBe(0);
  }, 360_000);

  test('real cdk synth with acknowledgeNagFindings false: fails and names the findings', () => {
    const { status, output } = cdkSynth('acknowledge=false');
    expect(status).not.toBe(0);
    for (const id of ['AwsSolutions-SMG4', 'AwsSolutions-IAM5[Resource::*]', 'NIST.800.53.R5-LambdaInsideVPC', 'PCI.DSS.321-CloudWatchLogGroupEncrypted']) {
      expect(output).toContain(`Acknowledge with '${id.split('-')[0]}::${id}'`);
    }
  }, 180_000);
});

/**
 * Template diffs of lifecycle-relevant changes: what CloudFormation will update, and so which brokers the rolling
 * reboot looks at. No broker is ever replaced; a reboot resource changes only when something that can need a reboot
 * changed (its handler then reboots only if DescribeBroker shows a pending change).
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, ActiveMqEngineVersion, BrokerInstanceType, MeshTopology } from '../../src';
import { changedResources } from '../helpers/template';

function synth(props: Partial<ActiveMqBrokerMeshProps> = {}, addUser = false): any {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'], natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, brokerNamePrefix: 'orders', ...props });
  if (addUser) mesh.addUser('Billing', { username: 'billing' });
  return Template.fromStack(stack).toJSON();
}

function changedTypes(before: any, after: any): string[] {
  return [...new Set(changedResources(before, after).map((id) => before.Resources[id].Type))].sort();
}

function reboots(t: any): any[] {
  return Object.keys(t.Resources).filter((id) => t.Resources[id].Type === 'Custom::ActiveMqBrokerReboot').sort().map((id) => t.Resources[id]);
}

describe('safe changes', () => {
  const base = synth();

  test('adding a user: the users resource, the function policy (its secret) and every reboot resource\'s UsersHash change; no broker', () => {
    const after = synth({}, true);
    expect(changedTypes(base, after)).toEqual(['AWS::IAM::ManagedPolicy', 'Custom::ActiveMqBrokerReboot', 'Custom::ActiveMqMeshUsers']);
    reboots(after).forEach((r, i) => {
      expect(Object.keys(r.Properties).filter((k) => JSON.stringify(r.Properties[k]) !== JSON.stringify(reboots(base)[i].Properties[k]))).toEqual(['UsersHash']);
    });
  });

  test('an engine-version change: the brokers update in place, the configurations are replaced (EngineVersion is create-only there), every reboot resource sees the new version', () => {
    const from = synth({ engineVersion: ActiveMqEngineVersion.V5_18 });
    const to = synth({ engineVersion: ActiveMqEngineVersion.V5_19 });
    expect(changedTypes(from, to)).toEqual(['AWS::AmazonMQ::Broker', 'AWS::AmazonMQ::Configuration', 'Custom::ActiveMqBrokerReboot']);
    for (const r of reboots(to)) {
      expect(r.Properties.EngineVersion).toBe('5.19');
      // The replaced configuration gets a new id: the property is its Ref, so CloudFormation sees the change even when
      // the new configuration's first revision number equals the old one's.
      expect(r.Properties.ConfigurationId).toEqual({ Ref: expect.stringMatching(/Configuration/) });
    }
  });

  test('an instance-type change: brokers in place, every reboot resource sees it', () => {
    const to = synth({ instanceType: BrokerInstanceType.M5_XLARGE });
    expect(changedTypes(base, to)).toEqual(['AWS::AmazonMQ::Broker', 'Custom::ActiveMqBrokerReboot']);
    expect(reboots(to).map((r) => r.Properties.HostInstanceType)).toEqual(['mq.m5.xlarge', 'mq.m5.xlarge', 'mq.m5.xlarge']);
  });

  test('turning inter-broker rotation on changes no broker and no configuration', () => {
    const to = synth({ interBrokerUser: { rotationSchedule: Duration.days(30) } });
    const types = changedTypes(base, to);
    expect(types).not.toContain('AWS::AmazonMQ::Broker');
    expect(types).not.toContain('AWS::AmazonMQ::Configuration');
    expect(types).not.toContain('AWS::AmazonMQ::ConfigurationAssociation');
  });

  test('a hub that is not node 0 reboots first, and growing the mesh keeps the existing chain', () => {
    const three = synth({ brokerCount: 3, topology: MeshTopology.hubAndSpoke({ hubIndex: 2 }) });
    const four = synth({ brokerCount: 4, topology: MeshTopology.hubAndSpoke({ hubIndex: 2 }) });
    const ids = (t: any) => Object.keys(t.Resources).filter((id) => t.Resources[id].Type === 'Custom::ActiveMqBrokerReboot').sort();
    const [n0, n1, n2] = ids(three);
    expect(three.Resources[n2].DependsOn.some((d: string) => d.includes('RollingReboot'))).toBe(false);
    expect(three.Resources[n0].DependsOn).toContain(n2);
    expect(three.Resources[n1].DependsOn).toContain(n0);
    for (const id of ids(three)) expect(four.Resources[id]).toEqual(three.Resources[id]);
    expect(four.Resources[ids(four)[3]].DependsOn).toContain(n1);
  });
});

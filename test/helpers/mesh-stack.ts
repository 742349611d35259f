/**
 * The mesh tests' stack: a VPC over `azCount` Availability Zones and an ActiveMqBrokerMesh. Every template read
 * through `template()` is checked against CloudFormation's quotas first (test/helpers/cfn-quotas.ts), so no mesh
 * test passes on a template CloudFormation would refuse.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { expectWithinQuotas } from './cfn-quotas';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps } from '../../src';

export const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e', 'us-east-1f'];

/** The synthesized template of a stack, after the quota check. */
export function checkedTemplate(stack: Stack): any {
  const template = Template.fromStack(stack).toJSON();
  expectWithinQuotas(template, stack.node.path);
  return template;
}

/** A stack with a VPC spanning `azCount` AZs and a mesh built from `props`. */
export function meshStack(props: Partial<ActiveMqBrokerMeshProps> = {}, azCount = 3) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, azCount), natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props });
  return { app, stack, vpc, mesh, template: () => checkedTemplate(stack) };
}

/**
 * The template variants the template tests synthesize, by name: cfn-lint (test/deploy/cfn-lint.test.ts) lints all of
 * them in one run. Each goes through meshStack / checkedTemplate, so each is checked against CloudFormation's quotas.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AZS, checkedTemplate, meshStack } from './mesh-stack';
import {
  ActiveMqBrokerMesh, ActiveMqDestination, BrokerStorageType, ConfigurationApply, MeshDeploymentMode, MeshTopology,
} from '../../src';

function twoMeshes(): any {
  const stack = new Stack(new App(), 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3), natGateways: 1 });
  new ActiveMqBrokerMesh(stack, 'Orders', { vpc, brokerNamePrefix: 'orders' });
  new ActiveMqBrokerMesh(stack, 'Billing', { vpc, brokerNamePrefix: 'billing', deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ });
  return checkedTemplate(stack);
}

export const VARIANTS: Record<string, () => any> = {
  'default': () => meshStack().template(),
  'active-standby': () => meshStack({ deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ }).template(),
  'full-mesh-5': () => meshStack({ brokerCount: 5, topology: MeshTopology.fullMesh() }, 5).template(),
  'hub-and-spoke-5': () => meshStack({ brokerCount: 5, topology: MeshTopology.hubAndSpoke({ hubIndex: 2 }) }, 5).template(),
  'concentrator-5': () => meshStack({ brokerCount: 5, topology: MeshTopology.concentrator({ concentratorCount: 2 }) }, 5).template(),
  'hub-and-spoke-21': () => meshStack({ brokerCount: 21, maxBrokersPerAvailabilityZone: 4, topology: MeshTopology.hubAndSpoke() }, 6).template(),
  'users': () => meshStack({ users: [{ username: 'orders-service', groups: ['apps'] }, { username: 'billing-service', groups: ['apps', 'billing'] }] }).template(),
  'authorization': () => meshStack({
    users: [{ username: 'orders-service', groups: ['apps'] }],
    authorization: [
      { destination: ActiveMqDestination.queue('orders.>'), read: ['apps'], write: ['apps'], admin: ['apps'] },
      { destination: ActiveMqDestination.topic('prices.>'), read: ['apps'] },
    ],
    topicPendingMessageLimit: 10000,
  }).template(),
  'ssm-no-outputs': () => meshStack({ emitOutputs: false, ssmParameterPrefix: '/orders/mq' }).template(),
  'maintenance-window': () => meshStack({ configurationApply: ConfigurationApply.MAINTENANCE_WINDOW }).template(),
  'aws-owned-key-ebs': () => meshStack({ useAwsOwnedKey: true, storageType: BrokerStorageType.EBS }).template(),
  'no-logs-policy': () => meshStack({ logsResourcePolicy: false }).template(),
  'two-meshes': twoMeshes,
};


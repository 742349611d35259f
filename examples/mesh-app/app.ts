/**
 * The example mesh app: a three-node network of brokers in three Availability Zones, an application user,
 * a client security group, and the cdk-nag v3 rule pack gating `cdk synth`.
 *
 * Run from the repository root: `npx projen synth:example` (writes examples/mesh-app/cdk.out).
 */
import { App, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ActiveMqBrokerMesh, ActiveMqMeshChecks, MeshTopology } from '../../src';

class OrdersMessagingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      natGateways: 1,
    });
    const mesh = new ActiveMqBrokerMesh(this, 'Mesh', {
      vpc,
      topology: MeshTopology.fullMesh(),
      owner: 'orders-platform',
      costCenter: 'cc-4711',
      ssmParameterPrefix: '/orders/mq',
    });
    mesh.addUser('OrdersService', { username: 'orders-service' });
    const clients = new ec2.SecurityGroup(this, 'Clients', { vpc, description: 'Order services' });
    mesh.connections.allowDefaultPortFrom(clients, 'Order services reach the brokers over OpenWire');
  }
}

const app = new App();
new OrdersMessagingStack(app, 'OrdersMessaging');
Validations.of(app).addPlugins(new ActiveMqMeshChecks());
app.synth();

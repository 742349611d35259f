// A standalone broker in a stack inside a plain Stage: `cdk synth` (which selects no stack of a nested stage) must fail.
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { ActiveMqMeshChecks } from '../../src';

const app = new App();
const stage = new Stage(app, 'Prod');
const stack = new Stack(stage, 'Messaging');
new CfnBroker(stack, 'Orders', {
  brokerName: 'orders',
  engineType: 'ACTIVEMQ',
  engineVersion: '5.19',
  deploymentMode: 'SINGLE_INSTANCE',
  hostInstanceType: 'mq.m5.large',
  publiclyAccessible: false,
  autoMinorVersionUpgrade: true,
  users: [{ username: 'app', password: '{{resolve:secretsmanager:orders/app:SecretString:password}}' }],
});
Validations.of(app).addPlugins(new ActiveMqMeshChecks());
app.synth();

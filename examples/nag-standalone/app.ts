// An app with one standalone ActiveMQ broker: `cdk synth` must fail with ActiveMqMesh-StandaloneBroker.
import { App, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { ActiveMqMeshChecks } from '../../src/nag';

const app = new App();
const stack = new Stack(app, 'Standalone');
new CfnBroker(stack, 'Orders', {
  brokerName: 'orders',
  engineType: 'ActiveMQ',
  engineVersion: '5.19',
  deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', // still one logical endpoint: standalone
  hostInstanceType: 'mq.m5.large',
  publiclyAccessible: false,
  autoMinorVersionUpgrade: true,
  logs: { audit: true, general: true },
  encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/example' },
  users: [{ username: 'app', password: SecretValue.secretsManager('orders/app', { jsonField: 'password' }).unsafeUnwrap() }],
  tags: [{ key: 'owner', value: 'orders-team' }],
});
Validations.of(app).addPlugins(new ActiveMqMeshChecks());
app.synth();

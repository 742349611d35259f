// Two connected brokers whose only finding is a warning (general logs off): `cdk synth` must succeed.
import { App, Fn, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { CfnBroker, CfnBrokerProps, CfnConfiguration } from 'aws-cdk-lib/aws-amazonmq';
import { ActiveMqMeshChecks } from '../../src/nag';

const app = new App();
const stack = new Stack(app, 'WarningOnly');
const bridgePassword = SecretValue.secretsManager('mesh/bridge', { jsonField: 'password' }).unsafeUnwrap();
const common: CfnBrokerProps = {
  brokerName: 'unused',
  engineType: 'ACTIVEMQ',
  engineVersion: '5.19',
  deploymentMode: 'SINGLE_INSTANCE',
  hostInstanceType: 'mq.m5.large',
  publiclyAccessible: false,
  autoMinorVersionUpgrade: true,
  logs: { audit: true, general: true },
  encryptionOptions: { useAwsOwnedKey: false, kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/example' },
  users: [{ username: 'bridge', password: bridgePassword }],
  tags: [{ key: 'owner', value: 'messaging-team' }],
};
const sink = new CfnBroker(stack, 'Sink', { ...common, brokerName: 'sink', logs: { audit: true, general: false } });
const xml = '<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors>'
  + `<networkConnector name="source_to_sink" userName="bridge" duplex="true" uri="static:(failover:(${Fn.join(',', sink.attrOpenWireEndpoints)})?randomize=false&amp;maxReconnectAttempts=0)"/>`
  + '</networkConnectors></broker>';
const config = new CfnConfiguration(stack, 'SourceConfiguration', { name: 'source', engineType: 'ACTIVEMQ', engineVersion: '5.19', data: Fn.base64(xml) });
new CfnBroker(stack, 'Source', { ...common, brokerName: 'source', configuration: { id: config.ref, revision: 1 } });
// `cdk synth -c failOnWarnings=true` makes the warning block synthesis too
Validations.of(app).addPlugins(new ActiveMqMeshChecks({ failOnWarnings: String(app.node.tryGetContext('failOnWarnings')) === 'true' }));
app.synth();

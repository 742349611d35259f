// A broker declared as a generic CfnResource, with the pack's scopeTagKey set: the old pack threw outside its rules
// and the CDK CLI took the plugin that threw for a success. `cdk synth` must fail with the broker's findings.
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { ActiveMqMeshChecks } from '../../src';

const app = new App();
const stack = new Stack(app, 'Generic');
new CfnResource(stack, 'Orders', {
  type: 'AWS::AmazonMQ::Broker',
  properties: {
    BrokerName: 'orders',
    EngineType: 'ACTIVEMQ',
    EngineVersion: '5.19',
    DeploymentMode: 'SINGLE_INSTANCE',
    HostInstanceType: 'mq.m5.large',
    PubliclyAccessible: false,
    AutoMinorVersionUpgrade: true,
    Users: [{ Username: 'app', Password: '{{resolve:secretsmanager:orders/app:SecretString:password}}' }],
    Tags: [{ Key: 'environment', Value: 'production' }],
  },
});
Validations.of(app).addPlugins(new ActiveMqMeshChecks({ scopeTagKey: 'environment' }));
app.synth();

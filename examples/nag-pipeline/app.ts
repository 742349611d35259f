// A standalone broker deployed by a CDK Pipelines stage: `cdk synth` must fail.
import { App, Stack, Stage, StageProps, Validations } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import { ActiveMqMeshChecks } from '../../src';

const ENV = { account: '111111111111', region: 'us-east-1' };

class Messaging extends Stage {
  constructor(scope: Construct, id: string, props: StageProps) {
    super(scope, id, props);
    const stack = new Stack(this, 'Messaging');
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
  }
}

const app = new App();
const pipelineStack = new Stack(app, 'Pipeline', { env: ENV });
const pipeline = new pipelines.CodePipeline(pipelineStack, 'Pipeline', {
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.connection('example/app', 'main', { connectionArn: 'arn:aws:codeconnections:us-east-1:111111111111:connection/example' }),
    commands: ['npm ci', 'npx cdk synth'],
  }),
});
pipeline.addStage(new Messaging(app, 'Prod', { env: ENV }));
Validations.of(app).addPlugins(new ActiveMqMeshChecks());
app.synth();

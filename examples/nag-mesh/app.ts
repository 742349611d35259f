// An ActiveMqBrokerMesh with defaults, checked by the pack with failOnWarnings: `cdk synth` must succeed.
import { App, ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ActiveMqBrokerMesh, ActiveMqMeshChecks } from '../../src';

const app = new App();
const stack = new Stack(app, 'Mesh', { env: { account: '111111111111', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
new ActiveMqBrokerMesh(stack, 'Orders', { vpc });
// Amazon MQ publishes broker logs only with this policy (ActiveMqMeshChecks' LogsResourcePolicyMissing). Until the
// mesh adds its own (issue 9.1), the app does, as a team would.
new logs.ResourcePolicy(stack, 'MqLogs', {
  policyStatements: [new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal('mq.amazonaws.com')],
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '/aws/amazonmq/*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  })],
});
Validations.of(app).addPlugins(new ActiveMqMeshChecks({ failOnWarnings: true }));
app.synth();

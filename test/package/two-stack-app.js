// The npm package as published, used the way the README says services in other stacks use a mesh: a mesh stack and
// a service stack whose Lambda function reads the failover URI, is let in on OpenWire and reads its user's secret.
// Run it as a CDK app with the rule pack:  npx cdk synth --app 'node two-stack-app.js' --quiet
// (or `node two-stack-app.js`). It synthesizes, then checks the assembly and exits 1 when something is wrong:
// a dependency cycle fails synthesis itself; the checks below catch rules or grants in the wrong stack.
const { App, Stack, Validations } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const lambda = require('aws-cdk-lib/aws-lambda');
const { ActiveMqBrokerMesh, ActiveMqMeshChecks } = require('cdk-activemq-mesh');
const { rulePackProblems } = require('./rule-pack-report');

const app = new App();
Validations.of(app).addPlugins(new ActiveMqMeshChecks());

const messaging = new Stack(app, 'Messaging');
const vpc = new ec2.Vpc(messaging, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 1 });
const mesh = new ActiveMqBrokerMesh(messaging, 'Mesh', { vpc, ssmParameterPrefix: '/orders/mq' });
const orders = mesh.addUser('Orders', { username: 'orders-service' });
mesh.addUser('Billing', { username: 'billing-service' });

const service = new Stack(app, 'OrdersService');
const fn = new lambda.Function(service, 'Handler', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ ok: true });'),
  vpc,
  environment: { BROKER_URI: mesh.openWireFailoverUri, BROKER_SECRET_ARN: orders.secret.secretArn },
});
mesh.connections.allowDefaultPortFrom(fn, 'orders service');
orders.grantRead(fn);

const assembly = app.synth();
const problems = [];
const stackDeps = (name) => assembly.getStackByName(name).dependencies.map((d) => d.id).filter((id) => !id.endsWith('.assets'));
if (JSON.stringify(stackDeps('OrdersService')) !== '["Messaging"]') problems.push(`OrdersService depends on ${stackDeps('OrdersService')}`);
if (stackDeps('Messaging').length !== 0) problems.push(`Messaging depends on ${stackDeps('Messaging')}`);

const meshT = assembly.getStackByName('Messaging').template;
const svcT = assembly.getStackByName('OrdersService').template;
const ofType = (t, type) => Object.values(t.Resources).filter((r) => r.Type === type);
const ingress = ofType(svcT, 'AWS::EC2::SecurityGroupIngress').filter((r) => r.Properties.FromPort === 61617);
if (ingress.length !== 1) problems.push(`expected the OpenWire ingress rule in the service stack, found ${ingress.length}`);
const statements = ofType(svcT, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
const read = statements.filter((s) => JSON.stringify(s.Action).includes('secretsmanager:GetSecretValue'));
const decrypt = statements.filter((s) => JSON.stringify(s.Action).includes('kms:Decrypt'));
if (read.length !== 1 || JSON.stringify(read[0].Resource).includes('Billing')) problems.push(`secret read not limited to the orders user: ${JSON.stringify(read)}`);
if (decrypt.length !== 1 || !decrypt[0].Condition.StringEquals['kms:ViaService']) problems.push(`decrypt not limited to Secrets Manager: ${JSON.stringify(decrypt)}`);
if (JSON.stringify(ofType(meshT, 'AWS::KMS::Key')).includes('OrdersService')) problems.push('the mesh key policy names the service');
for (const id of ['MeshOpenWireFailoverUri', 'MeshAmqpFailoverUri', 'MeshSecurityGroupId']) {
  if (!(id in meshT.Outputs)) problems.push(`output ${id} missing`);
}
if (ofType(meshT, 'AWS::CloudWatch::Alarm').length === 0 || ofType(meshT, 'AWS::CloudWatch::Dashboard').length !== 1) problems.push('monitoring missing');
problems.push(...rulePackProblems(assembly.directory));

if (problems.length > 0) {
  console.error(`two-stack app: ${problems.join('; ')}`);
  process.exit(1);
}
console.error('two-stack app: mesh stack and service stack synthesized without a cycle; rules and grants live in the service stack; rule pack passed');


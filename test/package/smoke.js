// The npm package as published: installed from the tarball with its peers into an empty project (see .ci/run),
// it must synthesize a mesh that passes its own rule pack, with the bundled XML parser and the reboot asset.
const { App, Stack, Validations } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const { ActiveMqBrokerMesh, ActiveMqMeshChecks } = require('cdk-activemq-mesh');
const app = new App({ outdir: 'cdk.out' });
const stack = new Stack(app, 'Smoke');
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
new ActiveMqBrokerMesh(stack, 'Mesh', { vpc });
Validations.of(app).addPlugins(new ActiveMqMeshChecks({ failOnWarnings: true }));
const assembly = app.synth();
const t = assembly.getStackByName('Smoke').template;
const brokers = Object.values(t.Resources).filter(r => r.Type === 'AWS::AmazonMQ::Broker').length;
if (brokers !== 3 || process.exitCode) { console.error('smoke failed', brokers, process.exitCode); process.exit(1); }
console.log(`installed package synthesized ${brokers} brokers; rule pack passed`);

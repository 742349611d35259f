// An ActiveMqBrokerMesh with defaults, checked by the pack with failOnWarnings: `cdk synth` must succeed.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh, ActiveMqMeshChecks } from '../../src';

const app = new App();
const stack = new Stack(app, 'Mesh', { env: { account: '111111111111', region: 'us-east-1' } });
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
new ActiveMqBrokerMesh(stack, 'Orders', { vpc });
Validations.of(app).addPlugins(new ActiveMqMeshChecks({ failOnWarnings: true }));
app.synth();

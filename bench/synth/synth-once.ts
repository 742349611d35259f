/**
 * One measurement, in a fresh process: build and synthesize an app with either an N-node ActiveMqBrokerMesh or
 * N bare CfnBrokers in the same VPC, then print {kind, nodes, ms, maxRssMb, heapMb} as JSON.
 * Usage: ts-node --transpile-only synth-once.ts <mesh|bare> <N>
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh } from '../../src';

const [kind, nText] = process.argv.slice(2);
const nodes = Number(nText);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));

const start = performance.now();
const app = new App({ outdir });
const stack = new Stack(app, 'Bench');
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 1 });
if (kind === 'mesh') {
  new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, brokerCount: nodes, maxBrokersPerAvailabilityZone: Math.ceil(nodes / 3) });
} else {
  const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  for (let i = 0; i < nodes; i++) {
    new amazonmq.CfnBroker(stack, `Broker${i}`, {
      brokerName: `bare-${i}`,
      engineType: 'ACTIVEMQ',
      engineVersion: '5.19',
      deploymentMode: 'SINGLE_INSTANCE',
      hostInstanceType: 'mq.m5.large',
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      subnetIds: [vpc.privateSubnets[i % 3].subnetId],
      securityGroups: [sg.securityGroupId],
      users: [{ username: 'admin', password: '{{resolve:secretsmanager:bench:SecretString:password}}' }],
    });
  }
}
app.synth();
const ms = performance.now() - start;
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({
  kind,
  nodes,
  ms: Math.round(ms),
  maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
}));

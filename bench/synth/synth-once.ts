/**
 * One measurement, in a fresh process: build and synthesize an app with an N-node ActiveMqBrokerMesh, N bare
 * CfnBrokers, or a hand-written L1 mesh of N nodes (brokers, one Configuration per node whose XML names its peers'
 * endpoints, associations, a secret, a security group: what a user writes without this library), all in the same
 * VPC; then print {kind, nodes, ms, maxRssMb, heapMb} as JSON.
 * Usage: node <compiled>/bench/synth/synth-once.js <mesh|bare|l1mesh> <N> (see run.sh)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { App, Fn, Stack } from 'aws-cdk-lib';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ActiveMqBrokerMesh } from '../../src';

const [kind, nText] = process.argv.slice(2);
const nodes = Number(nText);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'mesh-bench-'));

function broker(stack: Stack, vpc: ec2.Vpc, sg: ec2.SecurityGroup, i: number, password: string): amazonmq.CfnBroker {
  return new amazonmq.CfnBroker(stack, `Broker${i}`, {
    brokerName: `bare-${i}`,
    engineType: 'ACTIVEMQ',
    engineVersion: '5.19',
    deploymentMode: 'SINGLE_INSTANCE',
    hostInstanceType: 'mq.m5.large',
    publiclyAccessible: false,
    autoMinorVersionUpgrade: true,
    subnetIds: [vpc.privateSubnets[i % 3].subnetId],
    securityGroups: [sg.securityGroupId],
    users: [{ username: 'admin', password }],
  });
}

const start = performance.now();
const app = new App({ outdir });
const stack = new Stack(app, 'Bench');
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 1 });
if (kind === 'mesh') {
  new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, brokerCount: nodes, maxBrokersPerAvailabilityZone: Math.ceil(nodes / 3) });
} else {
  const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  if (kind === 'bare') {
    for (let i = 0; i < nodes; i++) broker(stack, vpc, sg, i, '{{resolve:secretsmanager:bench:SecretString:password}}');
  } else {
    const secret = new secretsmanager.Secret(stack, 'Bridge', { generateSecretString: { secretStringTemplate: '{"username":"bridge"}', generateStringKey: 'password', excludeCharacters: ',:=' } });
    const brokers: amazonmq.CfnBroker[] = [];
    for (let i = 0; i < nodes; i++) {
      const b = broker(stack, vpc, sg, i, secret.secretValueFromJson('password').unsafeUnwrap());
      brokers.push(b);
      const connectors = brokers.slice(0, i).map((peer, j) => Fn.join('', [
        `<networkConnector name="c_${i}_${j}" duplex="true" userName="bridge" uri="static:(`, Fn.select(0, peer.attrOpenWireEndpoints), ')"/>',
      ]));
      const cfg = new amazonmq.CfnConfiguration(stack, `Configuration${i}`, {
        name: `bare-${i}-configuration`,
        engineType: 'ACTIVEMQ',
        engineVersion: '5.19',
        authenticationStrategy: 'SIMPLE',
        data: Fn.base64(Fn.join('', ['<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors>', ...connectors, '</networkConnectors></broker>'])),
      });
      new amazonmq.CfnConfigurationAssociation(stack, `Association${i}`, { broker: b.ref, configuration: { id: cfg.ref, revision: cfg.attrRevision } });
    }
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

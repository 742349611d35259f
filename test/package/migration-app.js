// The npm package as published, used for docs/migration.md's step 2: a mesh bridged to the standalone broker it
// replaces (outside this app, known by its OpenWire endpoints), with a service that already uses the failover URI.
// Run it as a CDK app with the rule pack:  npx cdk synth --app 'node migration-app.js' --quiet
// (or `node migration-app.js`). LEGACY_ENDPOINTS (comma-separated) overrides the old broker's endpoints.
// It synthesizes, then checks the assembly and exits 1 when something is wrong.
const { App, Stack, Validations } = require('aws-cdk-lib');
const ec2 = require('aws-cdk-lib/aws-ec2');
const { ActiveMqBrokerMesh, ActiveMqMeshChecks } = require('cdk-activemq-mesh');
const { findingsAboveInfo, rulePackProblems } = require('./rule-pack-report');

const legacy = (process.env.LEGACY_ENDPOINTS
  || 'ssl://b-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-1.mq.us-east-1.amazonaws.com:61617,ssl://b-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-2.mq.us-east-1.amazonaws.com:61617')
  .split(',');
const app = new App();
Validations.of(app).addPlugins(new ActiveMqMeshChecks());

const stack = new Stack(app, 'Migration');
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'], natGateways: 1 });
const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, networkConnector: { conduitSubscriptions: false } });
mesh.addUser('Orders', { username: 'orders-service' });
mesh.addExternalPeer('legacy', { openWireEndpoints: legacy, reason: 'standalone broker orders-legacy, retired after the migration' });

const assembly = app.synth();
const t = assembly.getStackByName('Migration').template;
const problems = [];
const configs = Object.values(t.Resources).filter((r) => r.Type === 'AWS::AmazonMQ::Configuration');
const xmlOf = (cfg) => JSON.stringify(cfg.Properties.Data); // Fn::Base64 of a Fn::Join: the literal XML parts are visible
for (const [i, cfg] of configs.entries()) {
  const xml = xmlOf(cfg);
  const connector = new RegExp(`<networkConnector [^>]*name=\\\\"node${i}_to_legacy\\\\"[^>]*>`).exec(xml);
  if (!connector) { problems.push(`node ${i}: no connector to the legacy broker`); continue; }
  for (const attr of ['duplex=\\"true\\"', 'networkTTL=\\"1\\"', 'userName=\\"mesh-bridge\\"', 'conduitSubscriptions=\\"false\\"', 'masterslave:(']) {
    if (!connector[0].includes(attr)) problems.push(`node ${i}: connector lacks ${attr}`);
  }
  if (/password/i.test(xml)) problems.push(`node ${i}: the XML mentions a password`);
  const marker = (cfg.Metadata || {})['cdk-activemq-mesh:external-peers'];
  if (JSON.stringify(marker) !== JSON.stringify([{ endpoints: legacy, reason: 'standalone broker orders-legacy, retired after the migration' }])) {
    problems.push(`node ${i}: external-peers marker is ${JSON.stringify(marker)}`);
  }
}
if (configs.length !== 3) problems.push(`expected 3 configurations, found ${configs.length}`);
const setup = t.Outputs.MeshlegacyPeerSetup;
if (!setup) problems.push('output MeshlegacyPeerSetup missing');
if (/resolve:secretsmanager|SecretString/.test(JSON.stringify(t.Outputs))) problems.push('an output holds a secret value');
problems.push(...rulePackProblems(assembly.directory));
// A declared peer is not a warning or an error: the pack reads the cdk-activemq-mesh:external-peers marker.
const undeclared = findingsAboveInfo(assembly.directory, legacy[0]);
if (undeclared.length > 0) problems.push(`the rule pack does not treat the legacy broker as a declared peer: ${[...new Set(undeclared)].join(', ')}`);

if (problems.length > 0) {
  console.error(`migration app: ${problems.join('; ')}`);
  process.exit(1);
}
console.error('migration app: every node bridges to the legacy broker with the mesh settings and no password; peer declared; rule pack passed');


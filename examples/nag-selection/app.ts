// Three stacks: Brokers holds two brokers, Config holds an association that makes broker B standalone (it replaces
// B's Configuration with an empty one), Clean holds nothing of Amazon MQ. Every selection must fail:
// `cdk synth Config`, `cdk synth Brokers`, `cdk deploy Config --exclusively` (before any AWS call), and, because the
// gate judges the whole app, `cdk synth Clean` too.
import { App, Fn, Stack, Validations } from 'aws-cdk-lib';
import { CfnBroker, CfnBrokerProps, CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ActiveMqMeshChecks } from '../../src';

const app = new App();
const brokers = new Stack(app, 'Brokers');
const config = new Stack(app, 'Config');
const clean = new Stack(app, 'Clean');
new sns.Topic(clean, 'Topic');

const common: CfnBrokerProps = {
  brokerName: 'unused',
  engineType: 'ACTIVEMQ',
  engineVersion: '5.19',
  deploymentMode: 'SINGLE_INSTANCE',
  hostInstanceType: 'mq.m5.large',
  publiclyAccessible: false,
  autoMinorVersionUpgrade: true,
  users: [{ username: 'bridge', password: '{{resolve:secretsmanager:mesh/bridge:SecretString:password}}' }],
};
const xml = (connectors: string) => `<broker xmlns="http://activemq.apache.org/schema/core">${connectors}</broker>`;
const peer = new CfnBroker(brokers, 'Peer', { ...common, brokerName: 'peer' });
const meshXml = xml(`<networkConnectors><networkConnector name="to_peer" userName="bridge" duplex="true" uri="static:(failover:(${Fn.join(',', peer.attrOpenWireEndpoints)}))"/></networkConnectors>`);
const meshConfig = new CfnConfiguration(brokers, 'MeshConfig', { name: 'mesh', engineType: 'ACTIVEMQ', engineVersion: '5.19', data: Fn.base64(meshXml) });
const b = new CfnBroker(brokers, 'B', { ...common, brokerName: 'b', configuration: { id: meshConfig.ref, revision: 1 } });
const empty = new CfnConfiguration(config, 'Empty', { name: 'empty', engineType: 'ACTIVEMQ', engineVersion: '5.19', data: Fn.base64(xml('')) });
new CfnConfigurationAssociation(config, 'Assoc', { broker: b.ref, configuration: { id: empty.ref, revision: 1 } });
Validations.of(app).addPlugins(new ActiveMqMeshChecks());
app.synth();

import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { ActiveMqBrokerMesh, ActiveMqEngineVersion, MeshDeploymentMode, MeshTopology } from '../../src';
import { BrokerXml } from '../../src/config/broker-xml';
import { configurationXml, resourcesOfType } from '../helpers/template';
import { AmazonMqXsdVersion, validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

const topologies: Array<[string, () => MeshTopology]> = [
  ['full mesh', () => MeshTopology.fullMesh()],
  ['hub and spoke', () => MeshTopology.hubAndSpoke({ hubIndex: 1 })],
  ['concentrator', () => MeshTopology.concentrator({ concentratorCount: 2 })],
];
const modes = [MeshDeploymentMode.SINGLE_INSTANCE, MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ];
const versions: Array<[ActiveMqEngineVersion, AmazonMqXsdVersion]> = [
  [ActiveMqEngineVersion.V5_18, '5.18.4'],
  [ActiveMqEngineVersion.V5_19, '5.19.1'],
];

const matrix = topologies.flatMap(([name, topology]) => modes.flatMap(mode => versions.map(([engine, xsd]) =>
  [name, mode, engine.version, topology, engine, xsd] as const)));

describe('every configuration the mesh synthesizes validates against the Amazon MQ XSD of its engine version', () => {
  test.each(matrix)('%s, %s, engine %s', async (_name, mode, _v, topology, engineVersion, xsd) => {
    const stack = new Stack(new App(), 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1e'] });
    new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, brokerCount: 5, topology: topology(), deploymentMode: mode, engineVersion });
    const t = Template.fromStack(stack).toJSON();
    const configs = Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'));
    expect(configs).toHaveLength(5);
    for (const c of configs) expect(c.Properties.EngineVersion).toBe(engineVersion.version);
    const xmls = configs.map(configurationXml);
    expect(xmls.reduce((n, x) => n + BrokerXml.parse(x).networkConnectors.length, 0)).toBeGreaterThan(0);
    const results = await validateManyAgainstAmazonMqXsd(xmls, xsd);
    results.forEach((r, i) => expect({ config: i, errors: r.errors }).toEqual({ config: i, errors: [] }));
    results.forEach(r => expect(r.valid).toBe(true));
  });
});

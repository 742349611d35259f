import { BrokerXml, NetworkConnectorSpec, ActiveMqDestination } from '../../src/config';
import { MAX_NETWORK_CONNECTORS } from '../../src/private/amazon-mq';
import { AMAZON_MQ_XSD_VERSIONS, validateAgainstAmazonMqXsd, validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

const SINGLE = 'static:(ssl://b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9-1.mq.us-east-1.amazonaws.com:61617)';
const ACTIVE_STANDBY = 'masterslave:(ssl://b-9f8e7d6c-5b4a-3210-fedc-ba9876543210-1.mq.us-east-1.amazonaws.com:61617,'
  + 'ssl://b-9f8e7d6c-5b4a-3210-fedc-ba9876543210-2.mq.us-east-1.amazonaws.com:61617)';

const EVERY_OPTION: NetworkConnectorSpec = {
  name: 'connector_2_to_0',
  uri: ACTIVE_STANDBY,
  userName: 'mesh-bridge',
  duplex: true,
  networkTtl: 3,
  conduitSubscriptions: false,
  consumerTtl: 1,
  messageTtl: -1,
  decreaseNetworkConsumerPriority: true,
  dynamicOnly: true,
  suppressDuplicateQueueSubscriptions: true,
  suppressDuplicateTopicSubscriptions: false,
  prefetchSize: 500,
  excludedDestinations: [ActiveMqDestination.queue('internal.>'), ActiveMqDestination.topic('ActiveMQ.Advisory.Local.>')],
  dynamicallyIncludedDestinations: [ActiveMqDestination.queue('orders.*'), ActiveMqDestination.topic('prices.>')],
  staticallyIncludedDestinations: [ActiveMqDestination.queue('audit'), ActiveMqDestination.topic('a&b<c>"d\'e')],
};

/** Representative configurations the construct and the plan produce. */
const REPRESENTATIVE: Record<string, string> = {
  'no connectors': BrokerXml.render({}),
  'one single-instance connector': BrokerXml.render({
    networkConnectors: [{ name: 'connector_1_to_0', uri: SINGLE, userName: 'mesh-bridge', duplex: true }],
  }),
  'one active/standby connector': BrokerXml.render({
    networkConnectors: [{ name: 'connector_1_to_0', uri: ACTIVE_STANDBY, userName: 'mesh-bridge', duplex: true, networkTtl: 2 }],
  }),
  'every option and all three destination lists': BrokerXml.render({
    networkConnectors: [EVERY_OPTION],
    updateClusterClients: false,
    rebalanceClusterClients: false,
    updateClusterClientsOnRemove: false,
  }),
  '20 connectors': BrokerXml.render({
    networkConnectors: Array.from({ length: MAX_NETWORK_CONNECTORS }, (_, i) => ({
      name: `connector_20_to_${i}`,
      uri: i % 2 === 0 ? SINGLE : ACTIVE_STANDBY,
      userName: 'mesh-bridge',
      duplex: i % 3 === 0,
      networkTtl: 1 + (i % 4),
      conduitSubscriptions: i % 2 === 1,
    })),
  }),
};

describe('rendered broker XML against the Amazon MQ schemas', () => {
  test.each(AMAZON_MQ_XSD_VERSIONS)('every representative configuration is valid against %s', async (version) => {
    const names = Object.keys(REPRESENTATIVE);
    const results = await validateManyAgainstAmazonMqXsd(names.map((n) => REPRESENTATIVE[n]), version);
    const byName = Object.fromEntries(names.map((n, i) => [n, results[i]]));
    for (const name of names) {
      expect({ name, ...byName[name] }).toEqual({ name, valid: true, errors: [] });
    }
  });

  test('a connector uri holding an unresolved CDK token is still schema-valid (uri is xs:string)', async () => {
    const xml = BrokerXml.render({
      networkConnectors: [{ name: 'connector_1_to_0', uri: 'masterslave:(${Token[TOKEN.123]})', userName: 'mesh-bridge', duplex: true }],
    });
    expect(await validateAgainstAmazonMqXsd(xml, '5.19.1')).toEqual({ valid: true, errors: [] });
  });

  test('the 20-connector configuration really has 20 connectors', () => {
    expect(BrokerXml.parse(REPRESENTATIVE['20 connectors']).networkConnectors).toHaveLength(20);
  });
});

describe('the schema validator can fail', () => {
  const base = REPRESENTATIVE['one single-instance connector'];

  test.each(AMAZON_MQ_XSD_VERSIONS)('rejects a password attribute (%s)', async (version) => {
    const xml = base.replace('userName="mesh-bridge"', 'userName="mesh-bridge" password="hunter2"');
    expect(xml).toContain('password="hunter2"');
    const result = await validateAgainstAmazonMqXsd(xml, version);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/attribute 'password': The attribute 'password' is not allowed/);
  });

  test.each(AMAZON_MQ_XSD_VERSIONS)('rejects what a local broker would need: brokerName and a transport uri (%s)', async (version) => {
    const xml = base
      .replace(`<broker xmlns="${BrokerXml.NAMESPACE}">`, `<broker xmlns="${BrokerXml.NAMESPACE}" brokerName="local">`)
      .replace('<transportConnector name="openwire"', '<transportConnector name="openwire" uri="tcp://0.0.0.0:61616"');
    const result = await validateAgainstAmazonMqXsd(xml, version);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/attribute 'brokerName': The attribute 'brokerName' is not allowed/);
    expect(result.errors.join('\n')).toMatch(/attribute 'uri': The attribute 'uri' is not allowed/);
  });

  test('rejects a malformed document and one in the wrong namespace', async () => {
    const [malformed, noNamespace] = await validateManyAgainstAmazonMqXsd(
      [base.replace('</broker>', ''), base.replace(` xmlns="${BrokerXml.NAMESPACE}"`, '')], '5.19.1');
    expect(malformed.valid).toBe(false);
    expect(malformed.errors.join('\n')).toMatch(/parser error/);
    expect(noNamespace.valid).toBe(false);
    expect(noNamespace.errors.join('\n')).toMatch(/No matching global declaration available for the validation root/);
  });

  test.each(AMAZON_MQ_XSD_VERSIONS)('rejects duplex="yes" (%s)', async (version) => {
    const xml = base.replace('duplex="true"', 'duplex="yes"');
    const result = await validateAgainstAmazonMqXsd(xml, version);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/'yes' is not a valid value of the atomic type 'xs:boolean'/);
  });
});

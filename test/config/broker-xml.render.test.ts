import { CfnParameter, Fn, Stack, Token } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { BrokerXml, BrokerXmlProps, NetworkConnectorSpec, ActiveMqDestination } from '../../src/config';
import { validateAgainstAmazonMqXsd } from '../helpers/xsd';

const SINGLE = 'static:(ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617)';
const BASE: NetworkConnectorSpec = { name: 'connector_1_to_0', uri: SINGLE, userName: 'mesh-bridge' };
/** Amazon MQ's default destination policy, which every configuration keeps. */
const DEFAULT_DESTINATION_POLICY = [
  '  <destinationPolicy>',
  '    <policyMap>',
  '      <policyEntries>',
  '        <policyEntry topic="&gt;">',
  '          <pendingMessageLimitStrategy>',
  '            <constantPendingMessageLimitStrategy limit="3000"/>',
  '          </pendingMessageLimitStrategy>',
  '        </policyEntry>',
  '      </policyEntries>',
  '    </policyMap>',
  '  </destinationPolicy>',
];

describe('BrokerXml.render', () => {
  test('created with default properties: Amazon MQ\'s default destination policy and the OpenWire transport', () => {
    expect(BrokerXml.render({})).toBe([
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<broker xmlns="http://activemq.apache.org/schema/core">',
      ...DEFAULT_DESTINATION_POLICY,
      '  <transportConnectors>',
      '    <transportConnector name="openwire" updateClusterClients="true" rebalanceClusterClients="true" updateClusterClientsOnRemove="true"/>',
      '  </transportConnectors>',
      '</broker>',
      '',
    ].join('\n'));
    expect(BrokerXml.render()).toBe(BrokerXml.render({}));
    expect(BrokerXml.render({ networkConnectors: [] })).toBe(BrokerXml.render({}));
  });

  test('renders the canonical AWS connector', () => {
    const xml = BrokerXml.render({ networkConnectors: [{ ...BASE, duplex: true }] });
    expect(xml).toBe([
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<broker xmlns="http://activemq.apache.org/schema/core">',
      ...DEFAULT_DESTINATION_POLICY,
      '  <networkConnectors>',
      `    <networkConnector name="connector_1_to_0" uri="${SINGLE}" userName="mesh-bridge" duplex="true"/>`,
      '  </networkConnectors>',
      '  <transportConnectors>',
      '    <transportConnector name="openwire" updateClusterClients="true" rebalanceClusterClients="true" updateClusterClientsOnRemove="true"/>',
      '  </transportConnectors>',
      '</broker>',
      '',
    ].join('\n'));
  });

  test('writes every option with ActiveMQ attribute names in a fixed order', () => {
    const xml = BrokerXml.render({
      networkConnectors: [{
        // deliberately not in attribute order
        prefetchSize: 250,
        suppressDuplicateTopicSubscriptions: true,
        suppressDuplicateQueueSubscriptions: false,
        dynamicOnly: false,
        decreaseNetworkConsumerPriority: true,
        conduitSubscriptions: false,
        consumerTtl: 1,
        messageTtl: -1,
        networkTtl: 2,
        duplex: false,
        ...BASE,
      }],
    });
    expect(xml).toContain(`<networkConnector name="connector_1_to_0" uri="${SINGLE}" userName="mesh-bridge" duplex="false"`
      + ' networkTTL="2" messageTTL="-1" consumerTTL="1" conduitSubscriptions="false" decreaseNetworkConsumerPriority="true"'
      + ' dynamicOnly="false" suppressDuplicateQueueSubscriptions="false" suppressDuplicateTopicSubscriptions="true" prefetchSize="250"/>');
  });

  test('leaves out options that are not set', () => {
    const xml = BrokerXml.render({ networkConnectors: [BASE] });
    expect(xml).toContain(`<networkConnector name="connector_1_to_0" uri="${SINGLE}" userName="mesh-bridge"/>`);
  });

  test('renders destination lists in list order, with wrappers only when non-empty', () => {
    const xml = BrokerXml.render({
      networkConnectors: [{
        ...BASE,
        excludedDestinations: [ActiveMqDestination.topic('ActiveMQ.Advisory.>'), ActiveMqDestination.queue('internal.>')],
        dynamicallyIncludedDestinations: [],
        staticallyIncludedDestinations: [ActiveMqDestination.queue('audit')],
      }],
    });
    expect(xml).toContain([
      `    <networkConnector name="connector_1_to_0" uri="${SINGLE}" userName="mesh-bridge">`,
      '      <excludedDestinations>',
      '        <topic physicalName="ActiveMQ.Advisory.&gt;"/>',
      '        <queue physicalName="internal.&gt;"/>',
      '      </excludedDestinations>',
      '      <staticallyIncludedDestinations>',
      '        <queue physicalName="audit"/>',
      '      </staticallyIncludedDestinations>',
      '    </networkConnector>',
    ].join('\n'));
    expect(xml).not.toContain('dynamicallyIncludedDestinations');
  });

  test('sets the transport connector flags', () => {
    const xml = BrokerXml.render({ updateClusterClients: false, rebalanceClusterClients: true, updateClusterClientsOnRemove: false });
    expect(xml).toContain('<transportConnector name="openwire" updateClusterClients="false" rebalanceClusterClients="true" updateClusterClientsOnRemove="false"/>');
  });

  test('is deterministic: equal props give the same bytes', () => {
    const props = (): BrokerXmlProps => ({
      networkConnectors: [
        { ...BASE, duplex: true, excludedDestinations: [ActiveMqDestination.queue('a')] },
        { name: 'connector_1_to_2', uri: 'static:(ssl://h2:61617)', userName: 'mesh-bridge', networkTtl: 2 },
      ],
    });
    expect(BrokerXml.render(props())).toBe(BrokerXml.render(props()));
  });

  test('never writes a password', () => {
    const xml = BrokerXml.render({
      networkConnectors: Array.from({ length: 20 }, (_, i) => ({ ...BASE, name: `c${i}`, duplex: true, networkTtl: 2 })),
    });
    expect(xml).not.toMatch(/password/i);
  });
});

describe('BrokerXml.escapeAttribute', () => {
  test.each([
    ['a&b', 'a&amp;b'],
    ['<tag>', '&lt;tag&gt;'],
    ['say "hi"', 'say &quot;hi&quot;'],
    ['it\'s', 'it&apos;s'],
    ['line1\nline2\r\tend', 'line1&#10;line2&#13;&#9;end'],
    ['&amp;', '&amp;amp;'],
    ['plain-value_1.2~', 'plain-value_1.2~'],
    ['', ''],
    ['${Token[TOKEN.123]}', '${Token[TOKEN.123]}'],
    ['#{Token[Mesh.Broker-1:Arn.77]}', '#{Token[Mesh.Broker-1:Arn.77]}'],
  ])('%j → %j', (input, expected) => {
    expect(BrokerXml.escapeAttribute(input)).toBe(expected);
  });

  test('escaped values parse back to the original', () => {
    const nasty = 'a&b<c>"d\'e\n\tf\r&amp;';
    const xml = BrokerXml.render({
      networkConnectors: [{ ...BASE, uri: 'static:(failover:(ssl://a:61617,ssl://b:61617)?randomize=false&maxReconnectAttempts=0)' }],
    }).replace('userName="mesh-bridge"', `userName="${BrokerXml.escapeAttribute(nasty)}"`);
    const [connector] = BrokerXml.parse(xml).networkConnectors;
    expect(connector.userName).toBe(nasty);
    expect(connector.uri).toBe('static:(failover:(ssl://a:61617,ssl://b:61617)?randomize=false&maxReconnectAttempts=0)');
  });

  test('the AWS active/standby URI with & in its query is escaped and schema-valid', async () => {
    const uri = 'static:(failover:(ssl://b-1-1.mq.us-east-1.amazonaws.com:61617,ssl://b-1-2.mq.us-east-1.amazonaws.com:61617)?randomize=false&maxReconnectAttempts=0)';
    const xml = BrokerXml.render({ networkConnectors: [{ ...BASE, uri }] });
    expect(xml).toContain('?randomize=false&amp;maxReconnectAttempts=0)"');
    expect(await validateAgainstAmazonMqXsd(xml, '5.19.1')).toEqual({ valid: true, errors: [] });
  });
});

describe('CDK tokens', () => {
  function brokerStack() {
    const stack = new Stack();
    const peer = new CfnBroker(stack, 'Peer', {
      brokerName: 'peer',
      deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
      engineType: 'ACTIVEMQ',
      hostInstanceType: 'mq.m5.large',
      publiclyAccessible: false,
      users: [],
    });
    return { stack, peer };
  }

  test('a token in the uri passes through and resolves to Fn::Base64 of Fn::Join with the GetAtt intact', () => {
    const { stack, peer } = brokerStack();
    const uri = `masterslave:(${Fn.join(',', peer.attrOpenWireEndpoints)})`;
    const xml = BrokerXml.render({ networkConnectors: [{ ...BASE, uri, duplex: true }] });

    expect(Token.isUnresolved(xml)).toBe(true);
    expect(xml).toMatch(/uri="masterslave:\(\$\{Token\[[A-Za-z0-9:._-]+\]\}\)"/);

    const resolved = stack.resolve(Fn.base64(xml));
    expect(Object.keys(resolved)).toEqual(['Fn::Base64']);
    const join = resolved['Fn::Base64']['Fn::Join'];
    expect(join[0]).toBe('');
    const parts: unknown[] = join[1];
    expect(parts).toContainEqual({ 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] });
    const literal = parts.filter((p): p is string => typeof p === 'string').join('');
    expect(literal).toContain('uri="masterslave:(');
    expect(literal).toContain(')" userName="mesh-bridge" duplex="true"/>');
  });

  test('string and number tokens skip validation and resolve to Refs', () => {
    const { stack } = brokerStack();
    const user = new CfnParameter(stack, 'BridgeUser', { type: 'String' });
    const ttl = new CfnParameter(stack, 'Ttl', { type: 'Number' });
    const name = new CfnParameter(stack, 'ConnectorName', { type: 'String' });
    const xml = BrokerXml.render({
      networkConnectors: [{
        name: name.valueAsString,
        uri: `static:(${Fn.select(0, Fn.split(',', 'x'))})`,
        userName: user.valueAsString,
        networkTtl: ttl.valueAsNumber,
        messageTtl: ttl.valueAsNumber,
        prefetchSize: ttl.valueAsNumber,
        excludedDestinations: [ActiveMqDestination.queue(user.valueAsString)],
      }],
    });
    const parts: unknown[] = stack.resolve(Fn.base64(xml))['Fn::Base64']['Fn::Join'][1];
    expect(parts).toContainEqual({ Ref: 'BridgeUser' });
    expect(parts).toContainEqual({ Ref: 'Ttl' });
    expect(parts).toContainEqual({ Ref: 'ConnectorName' });
    expect(parts.filter((p) => JSON.stringify(p) === '{"Ref":"Ttl"}')).toHaveLength(3);
  });

  test('duplicate-name checks ignore token names', () => {
    const stack = new Stack();
    const name = new CfnParameter(stack, 'N', { type: 'String' }).valueAsString;
    expect(() => BrokerXml.render({ networkConnectors: [{ ...BASE, name }, { ...BASE, name }] })).not.toThrow();
  });
});

describe('BrokerXml.render validation', () => {
  const connectors = (n: number) => Array.from({ length: n }, (_, i) => ({ ...BASE, name: `connector_${i}` }));

  test('accepts exactly 20 connectors', () => {
    expect(() => BrokerXml.render({ networkConnectors: connectors(20) })).not.toThrow();
  });

  test('fails if there are more than 20 connectors', () => {
    expect(() => BrokerXml.render({ networkConnectors: connectors(21) })).toThrow(
      'networkConnectors must have at most 20 entries, got 21: Amazon MQ allows 20 network connectors per broker; '
      + 'use a hub-and-spoke or concentrator topology, or fewer brokers, so each broker needs fewer connectors.');
  });

  test('fails if two connectors share a name', () => {
    expect(() => BrokerXml.render({
      networkConnectors: [{ ...BASE, name: 'a' }, { ...BASE, name: 'b' }, { ...BASE, name: 'a' }],
    })).toThrow('networkConnectors[2].name must be unique on the broker, got "a", already used by networkConnectors[0]: '
      + 'ActiveMQ identifies bridges by connector name; give each connector its own name.');
  });

  const bad = (patch: Record<string, unknown>) => ({ networkConnectors: [BASE, { ...BASE, name: 'second', ...patch } as NetworkConnectorSpec] });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['the name is empty', { name: '' }, /^networkConnectors\[1\]\.name must be a non-empty string, got "": every network connector needs a name unique on its broker; set networkConnectors\[1\]\.name\.$/],
    ['the name is missing', { name: undefined }, /^networkConnectors\[1\]\.name must be a non-empty string, got undefined/],
    ['the name has a space', { name: 'a b' }, /^networkConnectors\[1\]\.name must contain only letters, digits and _ \. ~ -, got "a b": .*use a name like 'connector_1_to_0'\.$/],
    ['the name has a slash', { name: 'a/b' }, /networkConnectors\[1\]\.name must contain only letters/],
    ['the name has an ampersand', { name: 'a&b' }, /networkConnectors\[1\]\.name must contain only letters/],
    ['the uri is empty', { uri: '' }, /^networkConnectors\[1\]\.uri must be a non-empty string, got "": every network connector needs a uri to connect to; set networkConnectors\[1\]\.uri\.$/],
    ['the uri has no scheme', { uri: 'b-1.mq.amazonaws.com:61617' }, /^networkConnectors\[1\]\.uri must be a static network connector URI without whitespace, got "b-1\.mq\.amazonaws\.com:61617": Amazon MQ supports no discovery \(multicast\).*use static:\(ssl:\/\/host:61617\)/],
    ['the uri uses multicast discovery', { uri: 'multicast://default' }, /networkConnectors\[1\]\.uri must be a static network connector URI without whitespace, got "multicast:\/\/default"/],
    ['the uri is only a scheme', { uri: 'static:' }, /networkConnectors\[1\]\.uri must be a static network connector URI/],
    ['the uri has whitespace', { uri: 'static:(ssl://a:61617, ssl://b:61617)' }, /networkConnectors\[1\]\.uri must be a static network connector URI without whitespace/],
    ['the uri has a line break', { uri: 'static:(ssl://a:61617)\n' }, /networkConnectors\[1\]\.uri must be a static network connector URI/],
    ['the userName is empty', { userName: '' }, /^networkConnectors\[1\]\.userName must be a non-empty string, got "": every network connector needs the userName of a broker user that exists on both brokers; set networkConnectors\[1\]\.userName\.$/],
    ['the userName is too short', { userName: 'a' }, /^networkConnectors\[1\]\.userName must be 2-100 letters, digits and _ \. ~ -, got "a": Amazon MQ broker user names/],
    ['the userName has a colon', { userName: 'bridge:user' }, /networkConnectors\[1\]\.userName must be 2-100 letters/],
    ['the userName is longer than 100', { userName: 'u'.repeat(101) }, /networkConnectors\[1\]\.userName must be 2-100 letters/],
    ['a password is given', { password: 'hunter2' }, /^networkConnectors\[1\]\.password must not be set \(got a value, not shown\): Amazon MQ adds the password .* remove password\.$/],
    ['networkTtl is 0', { networkTtl: 0 }, /^networkConnectors\[1\]\.networkTtl must be an integer of at least 1, got 0: .*; set networkConnectors\[1\]\.networkTtl to an integer of at least 1\.$/],
    ['networkTtl is -1', { networkTtl: -1 }, /networkConnectors\[1\]\.networkTtl must be an integer of at least 1, got -1/],
    ['networkTtl is not an integer', { networkTtl: 1.5 }, /networkConnectors\[1\]\.networkTtl must be an integer of at least 1, got 1\.5/],
    ['networkTtl is NaN', { networkTtl: NaN }, /networkConnectors\[1\]\.networkTtl must be an integer of at least 1, got NaN/],
    ['networkTtl is a string', { networkTtl: '2' }, /networkConnectors\[1\]\.networkTtl must be an integer of at least 1, got "2"/],
    ['messageTtl is 0', { messageTtl: 0 }, /^networkConnectors\[1\]\.messageTtl must be -1 or an integer of at least 1, got 0: .*-1 means no limit.*; set networkConnectors\[1\]\.messageTtl to -1 or an integer of at least 1\.$/],
    ['messageTtl is -2', { messageTtl: -2 }, /networkConnectors\[1\]\.messageTtl must be -1 or an integer of at least 1, got -2/],
    ['messageTtl is not an integer', { messageTtl: 2.5 }, /networkConnectors\[1\]\.messageTtl must be -1 or an integer of at least 1, got 2\.5/],
    ['consumerTtl is 0', { consumerTtl: 0 }, /networkConnectors\[1\]\.consumerTtl must be -1 or an integer of at least 1, got 0/],
    ['consumerTtl is -5', { consumerTtl: -5 }, /networkConnectors\[1\]\.consumerTtl must be -1 or an integer of at least 1, got -5/],
    ['consumerTtl is Infinity', { consumerTtl: Infinity }, /networkConnectors\[1\]\.consumerTtl must be -1 or an integer of at least 1, got Infinity/],
    ['prefetchSize is 0', { prefetchSize: 0 }, /^networkConnectors\[1\]\.prefetchSize must be an integer of at least 1, got 0: the bridge must be able to prefetch at least one message/],
    ['prefetchSize is not an integer', { prefetchSize: 10.5 }, /networkConnectors\[1\]\.prefetchSize must be an integer of at least 1, got 10\.5/],
    ['duplex is not a boolean', { duplex: 'yes' }, /^networkConnectors\[1\]\.duplex must be true or false, got "yes": the Amazon MQ schema accepts only booleans here; set networkConnectors\[1\]\.duplex to true or false, or leave it out\.$/],
    ['conduitSubscriptions is not a boolean', { conduitSubscriptions: 1 }, /networkConnectors\[1\]\.conduitSubscriptions must be true or false, got 1/],
    ['decreaseNetworkConsumerPriority is not a boolean', { decreaseNetworkConsumerPriority: 'true' }, /networkConnectors\[1\]\.decreaseNetworkConsumerPriority must be true or false/],
    ['dynamicOnly is not a boolean', { dynamicOnly: null }, /networkConnectors\[1\]\.dynamicOnly must be true or false, got null/],
    ['suppressDuplicateQueueSubscriptions is not a boolean', { suppressDuplicateQueueSubscriptions: 0 }, /networkConnectors\[1\]\.suppressDuplicateQueueSubscriptions must be true or false/],
    ['suppressDuplicateTopicSubscriptions is not a boolean', { suppressDuplicateTopicSubscriptions: 'no' }, /networkConnectors\[1\]\.suppressDuplicateTopicSubscriptions must be true or false/],
    ['a destination list is not a list', { excludedDestinations: ActiveMqDestination.queue('a') }, /^networkConnectors\[1\]\.excludedDestinations must be a list of destinations, got \{"_kind":"QUEUE","physicalName":"a"\}: use \[ActiveMqDestination\.queue/],
    ['a destination is not a ActiveMqDestination', { dynamicallyIncludedDestinations: [ActiveMqDestination.queue('ok'), 'orders'] }, /^networkConnectors\[1\]\.dynamicallyIncludedDestinations\[1\] must be a queue or topic destination, got "orders": create it with ActiveMqDestination\.queue\(name\) or ActiveMqDestination\.topic\(name\)\.$/],
    ['a destination kind is unknown', { staticallyIncludedDestinations: [{ _kind: 'TEMP_QUEUE', physicalName: 'x' }] }, /networkConnectors\[1\]\.staticallyIncludedDestinations\[0\] must be a queue or topic destination/],
    ['a destination is undefined', { excludedDestinations: [undefined] }, /networkConnectors\[1\]\.excludedDestinations\[0\] must be a queue or topic destination, got undefined/],
    ['a destination name is empty', { excludedDestinations: [{ _kind: 'QUEUE', physicalName: '' }] }, /^networkConnectors\[1\]\.excludedDestinations\[0\]\.physicalName must be a non-empty destination name, got "": /],
  ])('fails if %s', (_, patch, message) => {
    expect(() => BrokerXml.render(bad(patch))).toThrow(message);
  });

  test.each([
    ['messageTtl', -1],
    ['consumerTtl', -1],
    ['messageTtl', 1],
    ['networkTtl', 1],
    ['uri', 'masterslave:(ssl://a-1:61617,ssl://a-2:61617)'],
    ['uri', 'static:(failover:(ssl://a-1:61617,ssl://a-2:61617)?randomize=false&maxReconnectAttempts=0)'],
    ['uri', 'static:(tcp://127.0.0.1:61616)'],
    ['networkTtl', 10],
    ['prefetchSize', 1],
  ])('accepts %s = %s', (key, value) => {
    expect(() => BrokerXml.render(bad({ [key]: value }))).not.toThrow();
  });

  test.each(['updateClusterClients', 'rebalanceClusterClients', 'updateClusterClientsOnRemove'])('fails if %s is not a boolean', (key) => {
    expect(() => BrokerXml.render({ [key]: 'true' } as BrokerXmlProps))
      .toThrow(`${key} must be true or false, got "true": the Amazon MQ schema accepts only booleans here; set ${key} to true or false, or leave it out.`);
  });

  test('fails if networkConnectors is not a list', () => {
    expect(() => BrokerXml.render({ networkConnectors: BASE } as unknown as BrokerXmlProps))
      .toThrow(/^networkConnectors must be a list, got \{"name":"connector_1_to_0",/);
  });

  test('fails if a connector is not an object', () => {
    expect(() => BrokerXml.render({ networkConnectors: [BASE, null] } as unknown as BrokerXmlProps))
      .toThrow('networkConnectors[1] must be a network connector spec, got null: pass { name, uri, userName, … }.');
  });

  test('fails if props are not an object', () => {
    expect(() => BrokerXml.render(null as unknown as BrokerXmlProps))
      .toThrow('BrokerXml.render needs props, got null: pass { networkConnectors: [...] } or {}.');
  });
});

import { BrokerXml, DestinationKind, NetworkConnectorSpec, ActiveMqDestination } from '../../src/config';

const NS = 'http://activemq.apache.org/schema/core';

function broker(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<broker xmlns="${NS}">\n${body}\n</broker>\n`;
}

describe('BrokerXml.parse round trip', () => {
  const spec: NetworkConnectorSpec = {
    name: 'connector_2_to_0',
    uri: 'masterslave:(ssl://b-1-1.mq.us-east-1.amazonaws.com:61617,ssl://b-1-2.mq.us-east-1.amazonaws.com:61617)',
    userName: 'mesh.bridge~1',
    duplex: true,
    networkTtl: 3,
    conduitSubscriptions: false,
    consumerTtl: 1,
    messageTtl: -1,
    decreaseNetworkConsumerPriority: true,
    dynamicOnly: false,
    suppressDuplicateQueueSubscriptions: true,
    suppressDuplicateTopicSubscriptions: false,
    prefetchSize: 500,
    excludedDestinations: [ActiveMqDestination.queue('internal.>'), ActiveMqDestination.topic('x&y<z>"\'')],
    dynamicallyIncludedDestinations: [ActiveMqDestination.topic('prices.*.eur'), ActiveMqDestination.queue('orders')],
    staticallyIncludedDestinations: [ActiveMqDestination.queue('audit')],
  };

  test('parse(render(x)) gives back every connector field', () => {
    const xml = BrokerXml.render({
      networkConnectors: [spec, { name: 'connector_2_to_1', uri: 'static:(ssl://h:61617)', userName: 'mesh-bridge' }],
      rebalanceClusterClients: false,
    });
    const parsed = BrokerXml.parse(xml);

    expect(parsed.networkConnectors).toEqual([
      {
        name: spec.name,
        uri: spec.uri,
        userName: spec.userName,
        hasPassword: false,
        duplex: true,
        networkTtl: 3,
        attributes: {
          name: spec.name,
          uri: spec.uri,
          userName: spec.userName,
          duplex: 'true',
          networkTTL: '3',
          messageTTL: '-1',
          consumerTTL: '1',
          conduitSubscriptions: 'false',
          decreaseNetworkConsumerPriority: 'true',
          dynamicOnly: 'false',
          suppressDuplicateQueueSubscriptions: 'true',
          suppressDuplicateTopicSubscriptions: 'false',
          prefetchSize: '500',
        },
        excludedDestinations: spec.excludedDestinations,
        dynamicallyIncludedDestinations: spec.dynamicallyIncludedDestinations,
        staticallyIncludedDestinations: spec.staticallyIncludedDestinations,
      },
      {
        name: 'connector_2_to_1',
        uri: 'static:(ssl://h:61617)',
        userName: 'mesh-bridge',
        hasPassword: false,
        duplex: undefined,
        networkTtl: undefined,
        attributes: { name: 'connector_2_to_1', uri: 'static:(ssl://h:61617)', userName: 'mesh-bridge' },
        excludedDestinations: [],
        dynamicallyIncludedDestinations: [],
        staticallyIncludedDestinations: [],
      },
    ]);
    expect(parsed.transportConnectors).toEqual([{
      name: 'openwire',
      attributes: { name: 'openwire', updateClusterClients: 'true', rebalanceClusterClients: 'false', updateClusterClientsOnRemove: 'true' },
    }]);
  });

  test('parsed destinations are real ActiveMqDestinations', () => {
    const [connector] = BrokerXml.parse(BrokerXml.render({ networkConnectors: [spec] })).networkConnectors;
    expect(connector.excludedDestinations[0]).toBeInstanceOf(ActiveMqDestination);
    expect(connector.excludedDestinations.map((d) => d._kind)).toEqual([DestinationKind.QUEUE, DestinationKind.TOPIC]);
  });

  test('a document without connectors parses to no network connectors', () => {
    expect(BrokerXml.parse(BrokerXml.render({})).networkConnectors).toEqual([]);
  });
});

describe('BrokerXml.parse tolerance', () => {
  test('ignores comments, including a commented-out connector', () => {
    const parsed = BrokerXml.parse(broker(`
  <!-- <networkConnectors><networkConnector name="ghost" uri="static:(ssl://x:61617)" password="old"/></networkConnectors> -->
  <networkConnectors>
    <!-- <networkConnector name="old" uri="static:(ssl://old:61617)" userName="u"/> -->
    <networkConnector name="live" uri="static:(ssl://live:61617)" userName="u"/>
  </networkConnectors>`));
    expect(parsed.networkConnectors.map((c) => c.name)).toEqual(['live']);
    expect(parsed.networkConnectors[0].hasPassword).toBe(false);
  });

  test('tolerates namespace prefixes on elements and attributes', () => {
    const parsed = BrokerXml.parse(`<?xml version="1.0"?>
<amq:broker xmlns:amq="${NS}">
  <amq:networkConnectors>
    <amq:networkConnector amq:name="a" uri="static:(ssl://a:61617)" amq:userName="bridge" duplex="true">
      <amq:excludedDestinations><amq:queue physicalName="q.>"/></amq:excludedDestinations>
    </amq:networkConnector>
  </amq:networkConnectors>
  <amq:transportConnectors><amq:transportConnector name="openwire"/></amq:transportConnectors>
</amq:broker>`);
    expect(parsed.networkConnectors).toHaveLength(1);
    const [c] = parsed.networkConnectors;
    expect([c.name, c.uri, c.userName, c.duplex]).toEqual(['a', 'static:(ssl://a:61617)', 'bridge', true]);
    expect(c.attributes).toEqual({ name: 'a', uri: 'static:(ssl://a:61617)', userName: 'bridge', duplex: 'true' });
    expect(c.excludedDestinations).toEqual([ActiveMqDestination.queue('q.>')]);
    expect(parsed.transportConnectors).toEqual([{ name: 'openwire', attributes: { name: 'openwire' } }]);
  });

  test('reads a Spring <beans> document holding one broker', () => {
    const parsed = BrokerXml.parse(`<beans xmlns="http://www.springframework.org/schema/beans">
  <broker xmlns="${NS}" brokerName="local">
    <networkConnectors><networkConnector name="n" uri="static:(tcp://127.0.0.1:61616)" password="\${bridge.password}"/></networkConnectors>
  </broker>
</beans>`);
    expect(parsed.networkConnectors.map((c) => [c.name, c.hasPassword])).toEqual([['n', true]]);
  });

  test('collects connectors from several <networkConnectors> wrappers in document order', () => {
    const parsed = BrokerXml.parse(broker(`
  <networkConnectors><networkConnector name="a" uri="static:(ssl://a:61617)"/></networkConnectors>
  <transportConnectors><transportConnector name="openwire"/></transportConnectors>
  <networkConnectors><networkConnector name="b"/><networkConnector name="c"/></networkConnectors>`));
    expect(parsed.networkConnectors.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(parsed.networkConnectors[1]).toMatchObject({ uri: undefined, userName: undefined, attributes: { name: 'b' } });
  });

  test('attribute names are case-sensitive, as in ActiveMQ', () => {
    const [c] = BrokerXml.parse(broker('<networkConnectors><networkConnector Name="x" networkttl="3" Duplex="true" PASSWORD="p"/></networkConnectors>')).networkConnectors;
    expect(c.name).toBeUndefined();
    expect(c.networkTtl).toBeUndefined();
    expect(c.duplex).toBeUndefined();
    expect(c.hasPassword).toBe(false);
    expect(c.attributes).toEqual({ Name: 'x', networkttl: '3', Duplex: 'true', PASSWORD: 'p' });
  });

  test('keeps token placeholders and arbitrary text in attribute values as strings', () => {
    const uri = 'masterslave:(${Token[TOKEN.123]})';
    const [c] = BrokerXml.parse(broker(`<networkConnectors><networkConnector name="\${Token[Name.7]}" uri="${uri}"
      userName="{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:s:SecretString:username::}}"
      networkTTL="\${Token[TOKEN.9]}" duplex="-1.8881545897087626e+289" prefetchSize="0012"/></networkConnectors>`)).networkConnectors;
    expect(c.name).toBe('${Token[Name.7]}');
    expect(c.uri).toBe(uri);
    expect(c.userName).toBe('{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:s:SecretString:username::}}');
    expect(c.networkTtl).toBeUndefined();
    expect(c.attributes.networkTTL).toBe('${Token[TOKEN.9]}');
    expect(c.duplex).toBeUndefined();
    expect(c.attributes.duplex).toBe('-1.8881545897087626e+289');
    expect(c.attributes.prefetchSize).toBe('0012');
  });

  test.each([
    ['true', true],
    ['1', true],
    [' true ', true],
    ['false', false],
    ['0', false],
    ['yes', undefined],
    ['TRUE', undefined],
    ['', undefined],
  ])('reads duplex=%j as %s', (value, expected) => {
    const [c] = BrokerXml.parse(broker(`<networkConnectors><networkConnector duplex="${value}"/></networkConnectors>`)).networkConnectors;
    expect(c.duplex).toBe(expected);
    expect(c.attributes.duplex).toBe(value);
  });

  test.each([
    ['2', 2],
    ['+2', 2],
    [' 4 ', 4],
    ['-1', -1],
    ['1.5', undefined],
    ['two', undefined],
    ['', undefined],
  ])('reads networkTTL=%j as %s', (value, expected) => {
    const [c] = BrokerXml.parse(broker(`<networkConnectors><networkConnector networkTTL="${value}"/></networkConnectors>`)).networkConnectors;
    expect(c.networkTtl).toBe(expected);
  });

  test('decodes entities and character references in attribute values', () => {
    const [c] = BrokerXml.parse(broker('<networkConnectors><networkConnector name="a" uri="static:(failover:(ssl://a:61617,ssl://b:61617)?randomize=false&amp;maxReconnectAttempts=0)" userName="&lt;&gt;&quot;&apos;&#65;&#x42;&#10;"/></networkConnectors>')).networkConnectors;
    expect(c.uri).toBe('static:(failover:(ssl://a:61617,ssl://b:61617)?randomize=false&maxReconnectAttempts=0)');
    expect(c.userName).toBe('<>"\'AB\n');
  });

  test('single-quoted attributes are read', () => {
    const [c] = BrokerXml.parse(broker('<networkConnectors><networkConnector name=\'a\' duplex=\'true\'/></networkConnectors>')).networkConnectors;
    expect([c.name, c.duplex]).toEqual(['a', true]);
  });

  test('ignores destinations it cannot represent and empty destination names', () => {
    const [c] = BrokerXml.parse(broker(`<networkConnectors><networkConnector name="a">
      <excludedDestinations>
        <tempQueue/><filteredDestination selector="x" queue="q"/><queue physicalName=""/><queue/>
        <topic physicalName=" spaced "/><queue physicalName="kept"/>
      </excludedDestinations>
      <durableDestinations><topic physicalName="durable"/></durableDestinations>
    </networkConnector></networkConnectors>`)).networkConnectors;
    expect(c.excludedDestinations).toEqual([ActiveMqDestination.topic('spaced'), ActiveMqDestination.queue('kept')]);
    expect(c.dynamicallyIncludedDestinations).toEqual([]);
    expect(c.staticallyIncludedDestinations).toEqual([]);
  });

  test('a <uri> child element does not clash with the uri attribute', () => {
    const [c] = BrokerXml.parse(broker('<networkConnectors><networkConnector name="a" uri="static:(ssl://a:61617)"><uri><x/></uri></networkConnector></networkConnectors>')).networkConnectors;
    expect(c.uri).toBe('static:(ssl://a:61617)');
  });

  test('reads a document without prolog, and transport connectors without attributes', () => {
    const parsed = BrokerXml.parse('<broker><transportConnectors><transportConnector/></transportConnectors></broker>');
    expect(parsed).toEqual({ networkConnectors: [], transportConnectors: [{ name: undefined, attributes: {} }] });
  });
});

describe('BrokerXml.parse password detection', () => {
  const SECRET = 'Sup3r-Secret-Value';

  test('reports a password attribute without returning its value', () => {
    const parsed = BrokerXml.parse(broker(`<networkConnectors><networkConnector name="a" userName="u" password="${SECRET}"/></networkConnectors>`));
    const [c] = parsed.networkConnectors;
    expect(c.hasPassword).toBe(true);
    expect(c.attributes).toEqual({ name: 'a', userName: 'u' });
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  test('reports an empty password attribute', () => {
    const [c] = BrokerXml.parse(broker('<networkConnectors><networkConnector name="a" password=""/></networkConnectors>')).networkConnectors;
    expect(c.hasPassword).toBe(true);
  });

  test('reports a namespace-prefixed password attribute', () => {
    const [c] = BrokerXml.parse(`<a:broker xmlns:a="${NS}"><a:networkConnectors><a:networkConnector a:password="${SECRET}"/></a:networkConnectors></a:broker>`).networkConnectors;
    expect(c.hasPassword).toBe(true);
    expect(JSON.stringify(c)).not.toContain(SECRET);
  });

  test('reports a password child element', () => {
    const parsed = BrokerXml.parse(broker(`<networkConnectors><networkConnector name="a"><password>${SECRET}</password></networkConnector></networkConnectors>`));
    expect(parsed.networkConnectors[0].hasPassword).toBe(true);
    expect(JSON.stringify(parsed)).not.toContain(SECRET);
  });

  test('a password inside a comment does not count', () => {
    const [c] = BrokerXml.parse(broker(`<networkConnectors><networkConnector name="a"><!-- password="${SECRET}" --></networkConnector></networkConnectors>`)).networkConnectors;
    expect(c.hasPassword).toBe(false);
  });
});

describe('BrokerXml.parse malformed input', () => {
  test.each<[string, string, RegExp]>([
    ['an unclosed element', broker('<networkConnectors>'), /^BrokerXml\.parse: the broker XML is not well-formed \(InvalidTag at line \d+, column \d+\): /],
    ['mismatched tags', '<broker><a></broker>', /not well-formed \(InvalidTag at line 1, column \d+\): Expected closing tag 'a'/],
    ['a repeated attribute', broker('<networkConnectors><networkConnector name="a" name="b"/></networkConnectors>'), /not well-formed \(InvalidAttr at line 3, column \d+\): Attribute 'name' is repeated\./],
    ['an attribute without a value', broker('<networkConnectors><networkConnector duplex/></networkConnectors>'), /not well-formed \(InvalidAttr .*\): boolean attribute 'duplex' is not allowed/],
    ['an unquoted attribute', '<broker a=1/>', /not well-formed/],
    ['an empty document', '', /not well-formed \(InvalidXml at line 1\): Start tag expected\./],
    ['plain text', 'hello', /not well-formed \(InvalidChar at line 1, column 1\)/],
    ['an unterminated comment', broker('<!-- never closed'), /not well-formed/],
  ])('fails if the XML has %s', (_, xml, message) => {
    expect(() => BrokerXml.parse(xml)).toThrow(message);
  });

  test('fails if there are two root elements', () => {
    expect(() => BrokerXml.parse('<broker/><broker/>'))
      .toThrow('BrokerXml.parse: the broker XML must have exactly one root element, found 2 (<broker>, <broker>): wrap the configuration in a single <broker> element.');
  });

  test('fails if there is no root element', () => {
    expect(() => BrokerXml.parse('<?xml version="1.0"?><!-- only a comment -->'))
      .toThrow('BrokerXml.parse: the broker XML is not well-formed (InvalidXml at line 1): Start tag expected.');
  });

  test('fails if the root element is not a broker', () => {
    expect(() => BrokerXml.parse('<configuration><broker/></configuration>'))
      .toThrow(`BrokerXml.parse: expected the root element <broker> (or a Spring <beans> holding one), found <configuration>: an Amazon MQ configuration is a <broker xmlns="${NS}"> document.`);
  });

  test.each([
    ['no broker', '<beans><bean/></beans>', 0],
    ['two brokers', '<beans><broker/><broker/></beans>', 2],
  ])('fails if a <beans> document holds %s', (_, xml, count) => {
    expect(() => BrokerXml.parse(xml))
      .toThrow(`BrokerXml.parse: a <beans> document must hold exactly one <broker>, found ${count}: keep one broker definition per configuration.`);
  });

  test('fails if the input is not a string', () => {
    expect(() => BrokerXml.parse(undefined as unknown as string))
      .toThrow('BrokerXml.parse needs the XML as a string, got undefined: pass the configuration document text.');
  });
});

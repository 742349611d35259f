import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { BrokerXml } from '../../src/config';
import { connectorUriEndpoints, LocalBrokerConfig, LocalBrokerOptions } from '../../src/drill/local-config';
import { IMeshEndpoints, MeshPlan, MeshTopology } from '../../src/topology';
import { activeMqBrokerSchema, describeWithActiveMq } from '../helpers/activemq';
import { validateAgainstAmazonMqXsd } from '../helpers/xsd';

const PORTS = [61616, 61626, 61636];
const ENDPOINTS: IMeshEndpoints = { openWireEndpoints: (i: number) => [`tcp://127.0.0.1:${PORTS[i]}`] };
const OPTIONS: LocalBrokerOptions = {
  brokerName: 'node2',
  dataDirectory: '/tmp/drill/node2/data',
  openWirePort: 61636,
  users: [
    { username: 'mesh-bridge', password: 'bridge-Secret_1', groups: ['admins'] },
    { username: 'drill-app', password: 'app-Secret_2', groups: ['users'] },
  ],
};
const BRIDGE_PASSWORD = OPTIONS.users[0].password;
const withBridgePassword = (password: string): LocalBrokerOptions => ({ ...OPTIONS, users: [{ ...OPTIONS.users[0], password }, OPTIONS.users[1]] });

function plan(topology = MeshTopology.fullMesh()) {
  return new MeshPlan({ brokerCount: 3, topology, interBrokerUsername: 'mesh-bridge' });
}

function attrsOf(xml: string, tag: string): { [k: string]: string }[] {
  const found: { [k: string]: string }[] = [];
  const walk = (nodes: any[]) => {
    for (const n of nodes) {
      for (const [k, v] of Object.entries(n)) {
        if (k === tag) {
          found.push((n as any)[':@'] ?? {});
        }
        if (Array.isArray(v)) {
          walk(v);
        }
      }
    }
  };
  walk(new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml));
  return found;
}

describe('the Amazon MQ XML the drill starts from', () => {
  test.each([
    ['full mesh', MeshTopology.fullMesh()],
    ['hub-and-spoke', MeshTopology.hubAndSpoke({ hubIndex: 0 })],
  ])('%s: every node validates unmodified against the Amazon MQ 5.18.4 and 5.19.1 schemas', async (_name, topology) => {
    const p = plan(topology);
    for (const node of [0, 1, 2]) {
      const xml = p.brokerXmlFor(node, ENDPOINTS);
      for (const version of ['5.18.4', '5.19.1'] as const) {
        const result = await validateAgainstAmazonMqXsd(xml, version);
        expect({ node, version, ...result }).toEqual({ node, version, valid: true, errors: [] });
      }
    }
  });

  test('the rewritten local XML would be rejected by Amazon MQ (so the rewrite happens after validation)', async () => {
    const local = LocalBrokerConfig.fromAmazonMqXml(plan().brokerXmlFor(2, ENDPOINTS), OPTIONS);
    const result = await validateAgainstAmazonMqXsd(local, '5.19.1');
    expect(result.valid).toBe(false);
  });
});

describe('LocalBrokerConfig.fromAmazonMqXml', () => {
  const aws = plan().brokerXmlFor(2, ENDPOINTS);
  const local = LocalBrokerConfig.fromAmazonMqXml(aws, OPTIONS);

  test('adds schema location, brokerName, dataDirectory and useJmx on <broker>', () => {
    expect(attrsOf(local, 'broker')[0]).toEqual({
      'xmlns': 'http://activemq.apache.org/schema/core',
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': 'http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd',
      'brokerName': 'node2',
      'dataDirectory': '/tmp/drill/node2/data',
      'useJmx': 'false',
    });
  });

  test('gives the openwire transport connector a loopback uri and keeps its cluster-client attributes', () => {
    expect(attrsOf(local, 'transportConnector')).toEqual([{
      ...attrsOf(aws, 'transportConnector')[0],
      uri: 'tcp://127.0.0.1:61636',
    }]);
  });

  test('adds only a password to each network connector (the broker\'s own one for its userName); every other attribute is the AWS one', () => {
    const before = attrsOf(aws, 'networkConnector');
    const after = attrsOf(local, 'networkConnector');
    expect(before.length).toBe(2);
    expect(after).toEqual(before.map((a) => ({ ...a, password: BRIDGE_PASSWORD })));
    expect(BrokerXml.parse(local).networkConnectors.every((c) => c.hasPassword)).toBe(true);
  });

  test('adds a simpleAuthenticationPlugin with the broker\'s users', () => {
    expect(attrsOf(local, 'authenticationUser')).toEqual([
      { username: 'mesh-bridge', password: BRIDGE_PASSWORD, groups: 'admins' },
      { username: 'drill-app', password: 'app-Secret_2', groups: 'users' },
    ]);
  });

  test('a connector whose userName is not a user of the broker gets no password: the bridge cannot log in, as on Amazon MQ', () => {
    const out = LocalBrokerConfig.fromAmazonMqXml(aws.replace(/userName="mesh-bridge"/, 'userName="someone"'), OPTIONS);
    expect(attrsOf(out, 'networkConnector').map((a) => a.password)).toEqual([undefined, BRIDGE_PASSWORD]);
  });

  test('connector uris: each replaced by its local uri, null leaves the connector out; other transport connectors are left out', () => {
    const remote = aws.replace('tcp://127.0.0.1:61616', 'ssl://b-1.mq.us-east-1.amazonaws.com:61617')
      .replace('<transportConnectors>', '<transportConnectors><transportConnector name="stomp"/>');
    const out = LocalBrokerConfig.fromAmazonMqXml(remote, { ...OPTIONS, connectorUris: [null, 'static:(tcp://127.0.0.1:61626)'] });
    const connectors = attrsOf(out, 'networkConnector');
    expect(connectors.map((a) => [a.name, a.uri])).toEqual([['node2_to_node1', 'static:(tcp://127.0.0.1:61626)']]);
    expect(attrsOf(out, 'transportConnector').map((a) => a.name)).toEqual(['openwire']);
    expect(() => LocalBrokerConfig.fromAmazonMqXml(aws, { ...OPTIONS, connectorUris: [null] })).toThrow('has 2 networkConnector elements but 1 local uris were given');
  });

  test('keeps comments and the rest of the document', () => {
    const withExcluded = BrokerXml.render({
      networkConnectors: [{
        name: 'node1_to_node0',
        uri: 'static:(tcp://127.0.0.1:61616)',
        userName: 'mesh-bridge',
        excludedDestinations: [],
      }],
    });
    const out = LocalBrokerConfig.fromAmazonMqXml(withExcluded.replace('<networkConnectors>', '<!-- kept --><networkConnectors>'), OPTIONS);
    expect(out).toContain('<!-- kept -->');
  });

  test('escapes special characters in passwords', () => {
    const out = LocalBrokerConfig.fromAmazonMqXml(aws, withBridgePassword('a"b&c<d>'));
    expect(out).toContain('password="a&quot;b&amp;c&lt;d&gt;"');
    expect(attrsOf(out, 'networkConnector')[0].password).toBe('a"b&c<d>');
  });

  test('adds the plugin to an existing <plugins> element', () => {
    const xml = aws.replace('</broker>', '<plugins><timeStampingBrokerPlugin/></plugins></broker>');
    const out = LocalBrokerConfig.fromAmazonMqXml(xml, OPTIONS);
    expect(out.match(/<plugins>/g)).toHaveLength(1);
    expect(out).toContain('<timeStampingBrokerPlugin/>');
    expect(out).toContain('<simpleAuthenticationPlugin>');
  });

  test('creates a transport connector when the document has none', () => {
    const out = LocalBrokerConfig.fromAmazonMqXml('<broker xmlns="http://activemq.apache.org/schema/core"></broker>', OPTIONS);
    expect(attrsOf(out, 'transportConnector')).toEqual([{ name: 'openwire', uri: 'tcp://127.0.0.1:61636' }]);
  });

  describeWithActiveMq('against ActiveMQ 5.17.2 activemq.xsd (what the broker validates at start-up)', () => {
    test.each([
      ['full mesh', MeshTopology.fullMesh()],
      ['hub-and-spoke', MeshTopology.hubAndSpoke({ hubIndex: 0 })],
    ])('%s: every rewritten node validates', async (_name, topology) => {
      const schema = activeMqBrokerSchema();
      const p = plan(topology);
      for (const node of [0, 1, 2]) {
        const xml = LocalBrokerConfig.fromAmazonMqXml(p.brokerXmlFor(node, ENDPOINTS), { ...OPTIONS, openWirePort: PORTS[node] });
        const result = await validateXML({ xml: [{ fileName: `node${node}.xml`, contents: xml }], schema: [schema] });
        expect(result.errors.map((e) => e.message)).toEqual([]);
        expect(result.valid).toBe(true);
      }
    });
  });

  describe('refuses input that is not the mesh configuration', () => {
    test.each([
      ['a non-broker root', '<beans/>', /<broker xmlns="http:\/\/activemq.apache.org\/schema\/core">/],
      ['a broker without the core namespace', '<broker/>', /Amazon MQ dialect/],
      ['malformed XML', '<broker xmlns="http://activemq.apache.org/schema/core">', /not well-formed XML/],
      ['a connector that already has a password', aws.replace('userName=', 'password="x" userName='), /already has a password attribute.*remove it/],
      ['a connector to an AWS endpoint', aws.replace('tcp://127.0.0.1:61616', 'ssl://b-1.mq.us-east-1.amazonaws.com:61617'), /must target tcp:\/\/127\.0\.0\.1:<port> endpoints only/],
    ])('fails on %s', (_name, xml, message) => {
      expect(() => LocalBrokerConfig.fromAmazonMqXml(xml, OPTIONS)).toThrow(message);
    });

    test('fails on a port out of range', () => {
      expect(() => LocalBrokerConfig.fromAmazonMqXml(aws, { ...OPTIONS, openWirePort: 70000 })).toThrow('openWirePort must be an integer port from 1 to 65535, got 70000');
    });

    test('fails on an empty password', () => {
      expect(() => LocalBrokerConfig.fromAmazonMqXml(aws, withBridgePassword(''))).toThrow('the password of user mesh-bridge must not be empty');
    });
  });
});

describe('connectorUriEndpoints', () => {
  test('finds every endpoint in static:, masterslave: and nested failover: URIs', () => {
    expect(connectorUriEndpoints('static:(tcp://127.0.0.1:61616)')).toEqual([{ scheme: 'tcp', host: '127.0.0.1', port: 61616 }]);
    expect(connectorUriEndpoints('masterslave:(ssl://a:1,ssl://b:2)')).toEqual([
      { scheme: 'ssl', host: 'a', port: 1 }, { scheme: 'ssl', host: 'b', port: 2 },
    ]);
    expect(connectorUriEndpoints('static:(failover:(tcp://localhost:5,tcp://127.0.0.1:6)?randomize=false)').map((e) => e.port)).toEqual([5, 6]);
    expect(connectorUriEndpoints('static:()')).toEqual([]);
  });
});

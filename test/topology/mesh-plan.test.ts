import { CfnResource, Fn, Lazy, Stack, Token } from 'aws-cdk-lib';
import { BrokerXml, ActiveMqDestination } from '../../src/config';
import { IMeshEndpoints, MeshPlan, MeshTopology } from '../../src/topology';
import { NetworkConnectorUri } from '../../src/uri';
import { validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

/** Amazon MQ-shaped endpoints: one per node (single-instance) or two (active/standby). */
function awsEndpoints(instances: 1 | 2): IMeshEndpoints {
  return {
    openWireEndpoints: (node: number) => Array.from({ length: instances },
      (_, i) => `ssl://b-0000000${node}-aaaa-bbbb-cccc-dddddddddddd-${i + 1}.mq.us-east-1.amazonaws.com:61617`),
  };
}

const TOPOLOGIES: Array<[string, MeshTopology, number]> = [
  ['full mesh', MeshTopology.fullMesh(), 4],
  ['hub-and-spoke', MeshTopology.hubAndSpoke({ hubIndex: 1 }), 4],
  ['concentrator', MeshTopology.concentrator(), 5],
];

describe('MeshPlan defaults', () => {
  test('created with default properties: full mesh, networkTTL 1 everywhere, priority explicit', () => {
    const plan = new MeshPlan({ brokerCount: 3, interBrokerUsername: 'mesh-bridge' });
    expect(plan.topology._kind).toBe('FULL_MESH');
    expect(plan.networkTtl).toBe(1);
    expect(plan.links).toEqual(MeshTopology.fullMesh()._links(3));
    expect(plan.connectorOptions).toEqual({
      decreaseNetworkConsumerPriority: true, networkTtl: 1, consumerTtl: 1, messageTtl: 1,
    });
  });

  test('hub-and-spoke defaults to networkTTL 2, consumerTTL and messageTTL following it', () => {
    const plan = new MeshPlan({ brokerCount: 4, topology: MeshTopology.hubAndSpoke(), interBrokerUsername: 'mesh-bridge' });
    expect(plan.networkTtl).toBe(2);
    expect(plan.connectorOptions).toMatchObject({ networkTtl: 2, consumerTtl: 2, messageTtl: 2 });
    expect(plan.graph().unreachablePairs(plan.networkTtl)).toEqual([]);
  });

  test('concentrator defaults to networkTTL 1; with duplex edges forced it defaults to 2', () => {
    expect(new MeshPlan({ brokerCount: 4, topology: MeshTopology.concentrator(), interBrokerUsername: 'mesh-bridge' }).networkTtl).toBe(1);
    const duplex = new MeshPlan({ brokerCount: 4, topology: MeshTopology.concentrator(), interBrokerUsername: 'mesh-bridge', connector: { duplex: true } });
    expect(duplex.networkTtl).toBe(2);
    expect(duplex.graph().unreachablePairs(2)).toEqual([]);
  });

  test('user options are merged over the defaults; set TTLs win', () => {
    const plan = new MeshPlan({
      brokerCount: 3,
      interBrokerUsername: 'mesh-bridge',
      connector: { networkTtl: 3, messageTtl: -1, conduitSubscriptions: false, decreaseNetworkConsumerPriority: false, prefetchSize: undefined },
    });
    expect(plan.connectorOptions).toEqual({
      decreaseNetworkConsumerPriority: false, conduitSubscriptions: false, networkTtl: 3, consumerTtl: 3, messageTtl: -1,
    });
  });

  test('DEFAULT_CONNECTOR_OPTIONS is frozen and sets decreaseNetworkConsumerPriority', () => {
    expect(MeshPlan.DEFAULT_CONNECTOR_OPTIONS).toEqual({ decreaseNetworkConsumerPriority: true });
    expect(Object.isFrozen(MeshPlan.DEFAULT_CONNECTOR_OPTIONS)).toBe(true);
  });

  test('graph() uses node ids and the forced duplex flag', () => {
    const plan = new MeshPlan({ brokerCount: 3, interBrokerUsername: 'mesh-bridge', connector: { duplex: false } });
    expect(plan.graph().links).toHaveLength(6);
    expect(plan.graph().brokers).toEqual(['node0', 'node1', 'node2']);
  });
});

describe('connectorsFor', () => {
  test('names, uris, user and duplex come from the links', () => {
    const plan = new MeshPlan({ brokerCount: 4, topology: MeshTopology.concentrator(), interBrokerUsername: 'mesh-bridge' });
    const endpoints = awsEndpoints(1);
    expect(plan.connectorsFor(0, endpoints)).toEqual([]);
    expect(plan.connectorsFor(1, endpoints)).toEqual([{
      decreaseNetworkConsumerPriority: true,
      networkTtl: 1,
      consumerTtl: 1,
      messageTtl: 1,
      name: 'node1_to_node0',
      uri: `static:(${endpoints.openWireEndpoints(0)[0]})`,
      userName: 'mesh-bridge',
      duplex: true,
    }]);
    expect(plan.connectorsFor(3, endpoints).map(c => [c.name, c.uri, c.duplex])).toEqual([
      ['node3_to_node0', `static:(${endpoints.openWireEndpoints(0)[0]})`, false],
      ['node3_to_node1', `static:(${endpoints.openWireEndpoints(1)[0]})`, false],
    ]);
  });

  test('active/standby targets get masterslave:(a,b)', () => {
    const plan = new MeshPlan({ brokerCount: 2, interBrokerUsername: 'mesh-bridge' });
    const [spec] = plan.connectorsFor(1, awsEndpoints(2));
    expect(spec.uri).toBe(`masterslave:(${awsEndpoints(2).openWireEndpoints(0).join(',')})`);
  });

  test('destination filters are copied onto every connector', () => {
    const plan = new MeshPlan({
      brokerCount: 3,
      interBrokerUsername: 'mesh-bridge',
      connector: { excludedDestinations: [ActiveMqDestination.queue('local.>')] },
    });
    const xml = plan.brokerXmlFor(2, awsEndpoints(1));
    const parsed = BrokerXml.parse(xml).networkConnectors;
    expect(parsed.map(c => c.excludedDestinations.map(d => d.physicalName))).toEqual([['local.>'], ['local.>']]);
  });

  test.each([-1, 3, 1.5])('fails if nodeIndex is %p', (node) => {
    const plan = new MeshPlan({ brokerCount: 3, interBrokerUsername: 'mesh-bridge' });
    expect(() => plan.connectorsFor(node, awsEndpoints(1))).toThrow(
      `nodeIndex must be a whole number from 0 to 2, got ${node}: the mesh has 3 brokers, numbered from 0.`);
  });
});

describe('brokerXmlFor: valid Amazon MQ XML for every topology and endpoint shape', () => {
  const cases = TOPOLOGIES.flatMap(([name, topology, n]) => ([1, 2] as const).map(instances => [name, instances, topology, n] as const));

  test.each(cases)('%s with %i endpoint(s) per broker: XSD-valid (5.18.4, 5.19.1) and parses back', async (_name, instances, topology, n) => {
    const plan = new MeshPlan({ brokerCount: n, topology, interBrokerUsername: 'mesh-bridge' });
    const endpoints = awsEndpoints(instances);
    const xmls = Array.from({ length: n }, (_, node) => plan.brokerXmlFor(node, endpoints));

    for (const version of ['5.18.4', '5.19.1'] as const) {
      const results = await validateManyAgainstAmazonMqXsd(xmls, version);
      expect(results).toEqual(xmls.map(() => ({ valid: true, errors: [] })));
    }

    xmls.forEach((xml, node) => {
      expect(xml).not.toMatch(/password/i);
      const parsed = BrokerXml.parse(xml).networkConnectors;
      const expected = plan.links.filter(l => l.from === node);
      expect(parsed.map(c => c.name)).toEqual(expected.map(l => `node${l.from}_to_node${l.to}`));
      parsed.forEach((c, i) => {
        expect(c.hasPassword).toBe(false);
        expect(c.userName).toBe('mesh-bridge');
        expect(c.duplex).toBe(expected[i].duplex);
        expect(c.networkTtl).toBe(plan.networkTtl);
        expect(c.attributes).toMatchObject({
          consumerTTL: String(plan.networkTtl), messageTTL: String(plan.networkTtl), decreaseNetworkConsumerPriority: 'true',
        });
        expect(NetworkConnectorUri.parseTargets(c.uri!)).toEqual(endpoints.openWireEndpoints(expected[i].to));
      });
    });
  });

  test('local drill endpoints (tcp://127.0.0.1) render too', () => {
    const plan = new MeshPlan({ brokerCount: 3, topology: MeshTopology.hubAndSpoke(), interBrokerUsername: 'mesh-bridge' });
    const xml = plan.brokerXmlFor(2, { openWireEndpoints: (node) => [`tcp://127.0.0.1:${61616 + 10 * node}`] });
    expect(xml).toContain('<networkConnector name="node2_to_node0" uri="static:(tcp://127.0.0.1:61616)" userName="mesh-bridge" duplex="true" networkTTL="2"');
  });

  test('broker endpoint tokens pass through into the XML (GetAtt intact after resolve)', () => {
    const stack = new Stack();
    const brokers = [0, 1].map(i => new CfnResource(stack, `Broker${i}`, { type: 'AWS::AmazonMQ::Broker' }));
    const endpoints: IMeshEndpoints = {
      openWireEndpoints: (node) => [0, 1].map(i => Fn.select(i, Token.asList(brokers[node].getAtt('OpenWireEndpoints')))),
    };
    const plan = new MeshPlan({ brokerCount: 2, interBrokerUsername: 'mesh-bridge' });
    const xml = plan.brokerXmlFor(1, endpoints);
    expect(Token.isUnresolved(xml)).toBe(true);
    const resolved = stack.resolve(xml);
    const parts = resolved['Fn::Join'][1];
    expect(parts).toContainEqual({ 'Fn::Select': [0, { 'Fn::GetAtt': ['Broker0', 'OpenWireEndpoints'] }] });
    expect(parts).toContainEqual({ 'Fn::Select': [1, { 'Fn::GetAtt': ['Broker0', 'OpenWireEndpoints'] }] });
    expect(JSON.stringify(resolved)).toContain('uri=\\"masterslave:(');
  });
});

describe('validation', () => {
  const base = { interBrokerUsername: 'mesh-bridge' };

  test('fails if brokerCount is below 2', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 1 })).toThrow(
      'brokerCount must be at least 2, got 1: a network of brokers needs two or more brokers; set brokerCount to 2 or more.');
  });

  test('fails if topology is not a MeshTopology', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 3, topology: { kind: 'FULL_MESH' } as unknown as MeshTopology })).toThrow(
      'topology must be a MeshTopology, got {"kind":"FULL_MESH"}: create it with MeshTopology.fullMesh(), MeshTopology.hubAndSpoke() or MeshTopology.concentrator().');
  });

  test.each([[[]], [undefined]])('fails if openWireEndpoints returns %p', (answer) => {
    const plan = new MeshPlan({ ...base, brokerCount: 2 });
    expect(() => plan.brokerXmlFor(1, { openWireEndpoints: () => answer as unknown as string[] })).toThrow(
      `openWireEndpoints(0) must return the broker's OpenWire endpoints, got ${JSON.stringify(answer)}: return one endpoint`);
  });

  test('fails if the topology does not fit the broker count', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 3, topology: MeshTopology.hubAndSpoke({ hubIndex: 5 }) })).toThrow(
      /topology hubIndex must be less than brokerCount \(3\), got 5/);
  });

  test('fails if networkTtl is below what hub-and-spoke needs, naming the pair, path and fix', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 4, topology: MeshTopology.hubAndSpoke(), connector: { networkTtl: 1 } })).toThrow(
      'networkConnector.networkTtl must be at least 2 for a HUB_AND_SPOKE mesh of 4 brokers, got 1: messages could not '
      + 'reach every broker (node1 → node2 needs 2 hops (node1 → node0 → node2)); set networkConnector.networkTtl to 2 '
      + 'or more, or leave it out to follow the topology (2).');
  });

  test('fails if consumerTtl is pinned to 1 on hub-and-spoke (spokes would not learn of each other\'s consumers)', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 3, topology: MeshTopology.hubAndSpoke(), connector: { consumerTtl: 1 } })).toThrow(
      /networkConnector.consumerTtl must be at least 2 for a HUB_AND_SPOKE mesh of 3 brokers, got 1: consumer subscriptions would not propagate far enough/);
  });

  test('fails if messageTtl is below what the topology needs', () => {
    const connector = { networkTtl: 3, messageTtl: 1 };
    expect(() => new MeshPlan({ ...base, brokerCount: 3, topology: MeshTopology.hubAndSpoke(), connector })).toThrow(
      /networkConnector.messageTtl must be at least 2 .*got 1: messages could not reach every broker/);
  });

  test('unlimited (-1) consumer and message TTLs are accepted', () => {
    const plan = new MeshPlan({ ...base, brokerCount: 3, topology: MeshTopology.hubAndSpoke(), connector: { consumerTtl: -1, messageTtl: -1 } });
    expect(plan.connectorOptions).toMatchObject({ networkTtl: 2, consumerTtl: -1, messageTtl: -1 });
  });

  test('hub-and-spoke of 2 brokers accepts networkTTL 1 (every pair is adjacent)', () => {
    expect(new MeshPlan({ ...base, brokerCount: 2, topology: MeshTopology.hubAndSpoke(), connector: { networkTtl: 1 } }).networkTtl).toBe(1);
  });

  test('a token networkTtl skips the check and is written as a token', () => {
    const stack = new Stack();
    const ttl = Lazy.number({ produce: () => 1 });
    const plan = new MeshPlan({ ...base, brokerCount: 3, topology: MeshTopology.hubAndSpoke(), connector: { networkTtl: ttl } });
    expect(plan.networkTtl).toBe(ttl);
    expect(stack.resolve(plan.brokerXmlFor(1, awsEndpoints(1)))).toContain('networkTTL="1" messageTTL="1" consumerTTL="1"');
  });

  test('fails on an invalid connector option, naming networkConnector', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 3, connector: { networkTtl: 0 } })).toThrow(/networkConnector.networkTtl/);
    expect(() => new MeshPlan({ ...base, brokerCount: 3, connector: { prefetchSize: 0 } })).toThrow(/networkConnector.prefetchSize/);
  });

  test.each(['a', 'has space', 'x'.repeat(101), 'semi;colon', ''])('fails if interBrokerUsername is %p', (name) => {
    expect(() => new MeshPlan({ brokerCount: 2, interBrokerUsername: name })).toThrow(
      `interBrokerUsername must be 2 to 100 characters of A-Z a-z 0-9 _ . ~ -, got ${JSON.stringify(name)}: Amazon MQ rejects other user names; use e.g. 'mesh-bridge'.`);
  });

  test.each(['ab', 'mesh.bridge_~-1', 'x'.repeat(100)])('accepts interBrokerUsername %p', (name) => {
    expect(() => new MeshPlan({ brokerCount: 2, interBrokerUsername: name })).not.toThrow();
  });

  test('a token interBrokerUsername is not checked', () => {
    const name = Lazy.string({ produce: () => 'x' });
    expect(() => new MeshPlan({ brokerCount: 2, interBrokerUsername: name })).not.toThrow();
  });

  test('a full mesh of 21 brokers fits the 20-connector quota', () => {
    expect(new MeshPlan({ ...base, brokerCount: 21 }).links).toHaveLength(210);
  });

  test('fails if a broker would need more than 20 connectors', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 22 })).toThrow(
      'brokerCount 22 with topology FULL_MESH gives node21 21 network connectors, but Amazon MQ allows at most 20 per '
      + 'broker: use MeshTopology.hubAndSpoke() or MeshTopology.concentrator() (each broker then declares only a few), '
      + 'keep the topology\'s own duplex flags, or use 21 brokers or fewer.');
  });

  test('the quota error names the largest broker count that fits', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 25 })).toThrow(/gives node24 24 network connectors.*use 21 brokers or fewer\.$/);
  });

  test('fails if forced one-way links push the hub over the quota', () => {
    expect(() => new MeshPlan({ ...base, brokerCount: 22, topology: MeshTopology.hubAndSpoke(), connector: { duplex: false } })).toThrow(
      /brokerCount 22 with topology HUB_AND_SPOKE gives node0 21 network connectors.*use 21 brokers or fewer/);
  });

  test('a hub-and-spoke of 30 brokers is fine', () => {
    expect(new MeshPlan({ ...base, brokerCount: 30, topology: MeshTopology.hubAndSpoke() }).links).toHaveLength(29);
  });
});

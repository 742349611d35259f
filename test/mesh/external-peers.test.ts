/**
 * External peers (migration from a standalone broker, on-premises brokers): connectors with the mesh's settings and
 * the bridge user, never a password; the rule pack's declaration marker; what the peer's side must set up; only the
 * connecting nodes change.
 */
import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as amazonmq from 'aws-cdk-lib/aws-amazonmq';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps, ActiveMqDestination, ExternalPeerProps, MeshTopology } from '../../src';
import { BrokerXml, ParsedNetworkConnector } from '../../src/config/broker-xml';
import { changedResources, configurationXml, flatten, resourcesOfType } from '../helpers/template';
import { validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d'];
const LEGACY = 'ssl://b-0f1e2d3c-legacy-1.mq.us-east-1.amazonaws.com:61617';
const LEGACY_STANDBY = 'ssl://b-0f1e2d3c-legacy-2.mq.us-east-1.amazonaws.com:61617';
const MARKER = 'cdk-activemq-mesh:external-peers';

function build(props: Partial<ActiveMqBrokerMeshProps> = {}, peers: Array<[string, ExternalPeerProps]> = [], azCount = 3) {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, azCount), natGateways: 1 });
  const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc, ...props });
  const added = peers.map(([id, p]) => mesh.addExternalPeer(id, p));
  return { stack, mesh, added, template: () => Template.fromStack(stack).toJSON() };
}

/** Each node's configuration (by node index): its parsed connectors, its XML and its Metadata. */
function nodes(template: any) {
  const configs = resourcesOfType(template, 'AWS::AmazonMQ::Configuration');
  return Object.keys(configs).sort().map((id) => {
    const xml = configurationXml(configs[id]);
    return { id, xml, connectors: BrokerXml.parse(xml).networkConnectors, metadata: configs[id].Metadata ?? {} };
  });
}

/** The attributes a connector carries, without the ones that differ by target. */
function settings(c: ParsedNetworkConnector): Record<string, string> {
  const { name: _n, uri: _u, ...rest } = c.attributes as Record<string, string>;
  return rest;
}

describe('addExternalPeer', () => {
  test.each([
    ['full mesh', MeshTopology.fullMesh(), 1],
    ['hub and spoke', MeshTopology.hubAndSpoke(), 2],
    ['concentrator', MeshTopology.concentrator({ concentratorCount: 2 }), 1],
  ])('%s: every node gets one duplex connector to the peer with the mesh\'s settings and the bridge user', (_name, topology, ttl) => {
    const { template } = build({ topology, brokerCount: 4 }, [['legacy', { openWireEndpoints: [LEGACY] }]], 4);
    const all = nodes(template());
    expect(all).toHaveLength(4);
    const meshConnector = all.flatMap(n => n.connectors).find(c => !c.name!.endsWith('_to_legacy') && c.duplex)!;
    all.forEach((node, i) => {
      const peer = node.connectors.filter(c => c.name!.endsWith('_to_legacy'));
      expect(peer.map(c => c.name)).toEqual([`node${i}_to_legacy`]);
      expect(peer[0].uri).toBe(`static:(${LEGACY})`);
      expect(peer[0]).toMatchObject({ duplex: true, userName: 'mesh-bridge', hasPassword: false });
      expect(settings(peer[0])).toEqual(settings(meshConnector));
      expect(peer[0].attributes).toMatchObject({ networkTTL: String(ttl), consumerTTL: String(ttl), messageTTL: String(ttl), decreaseNetworkConsumerPriority: 'true' });
      expect(node.xml).not.toMatch(/password/i);
    });
  });

  test('carries the mesh\'s own connector tuning (conduitSubscriptions, excluded destinations, …)', () => {
    const { template } = build({
      networkConnector: { conduitSubscriptions: false, prefetchSize: 500, excludedDestinations: [ActiveMqDestination.queue('audit.>')] },
    }, [['legacy', { openWireEndpoints: [LEGACY] }]]);
    const peer = nodes(template())[2].connectors.find(c => c.name === 'node2_to_legacy')!;
    expect(peer.attributes).toMatchObject({ conduitSubscriptions: 'false', prefetchSize: '500' });
    expect(nodes(template())[2].xml).toMatch(/<networkConnector[^>]*name="node2_to_legacy"[\s\S]*?<excludedDestinations>\s*<queue physicalName="audit.&gt;"\/>/);
  });

  test('an active/standby peer is bridged through masterslave: to both instances', () => {
    const { template } = build({}, [['legacy', { openWireEndpoints: [LEGACY, LEGACY_STANDBY], connectFrom: [0, 1, 2] }]]);
    expect(nodes(template())[0].connectors.map(c => c.uri)).toEqual([`masterslave:(${LEGACY},${LEGACY_STANDBY})`]);
  });

  test('declares the peer to the rule pack on the connecting nodes\' configurations only, in the agreed shape', () => {
    const { template } = build({ topology: MeshTopology.hubAndSpoke() }, [
      ['legacy', { openWireEndpoints: [LEGACY], connectFrom: [1, 2], reason: 'orders-legacy, retired after the migration' }],
      ['onprem', { openWireEndpoints: ['ssl://mq.dc1.example.com:61617'], connectFrom: [0] }],
    ]);
    const [n0, n1, n2] = nodes(template());
    expect(n0.metadata[MARKER]).toEqual([{ endpoints: ['ssl://mq.dc1.example.com:61617'], reason: 'external peer onprem of the mesh Stack/Mesh' }]);
    expect(n1.metadata[MARKER]).toEqual([{ endpoints: [LEGACY], reason: 'orders-legacy, retired after the migration' }]);
    expect(n2.metadata[MARKER]).toEqual(n1.metadata[MARKER]);
    // Every endpoint a connector points at outside the mesh is in the node's marker, and the reverse.
    for (const node of [n0, n1, n2]) {
      const external = node.connectors.filter(c => c.name!.includes('_to_') && !/_to_node\d+$/.test(c.name!))
        .flatMap(c => c.uri!.replace(/^static:\(|\)$/g, '').split(','));
      expect(external.sort()).toEqual(node.metadata[MARKER].flatMap((m: any) => m.endpoints).sort());
    }
  });

  test('adding or removing a peer changes only the configurations of the nodes that connect to it', () => {
    const ttl2 = { networkConnector: { networkTtl: 2 } };
    const before = build(ttl2).template();
    const after = build(ttl2, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [2] }]]).template();
    const configs = Object.keys(resourcesOfType(before, 'AWS::AmazonMQ::Configuration')).sort();
    // Besides node 2's configuration, only its bridge alarm (one more bridge expected) and the dashboard change.
    expect(changedResources(before, after)).toEqual([configs[2], 'MeshMonitoringNode2BridgesD7970167', 'MeshMonitoringDashboardA2634EBA']);
    expect(changedResources(after, before)).toEqual(changedResources(before, after));
    expect(Object.keys(after.Resources).filter(id => !(id in before.Resources))).toEqual([]);
    const notMonitoring = (ids: string[]) => ids.filter(id => !id.startsWith('MeshMonitoring'));
    const everyNode = build(ttl2, [['legacy', { openWireEndpoints: [LEGACY] }]]).template();
    expect(notMonitoring(changedResources(before, everyNode)).sort()).toEqual(configs);
    const hub = { topology: MeshTopology.hubAndSpoke({ hubIndex: 1 }) };
    const hubBefore = build(hub).template();
    const hubConfigs = Object.keys(resourcesOfType(hubBefore, 'AWS::AmazonMQ::Configuration')).sort();
    const hubAfter = build(hub, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [1] }]]).template();
    expect(notMonitoring(changedResources(hubBefore, hubAfter))).toEqual([hubConfigs[1]]);
    // The hub declared no connector, so it had no bridge alarm; with the peer it expects one.
    expect(Object.keys(hubAfter.Resources).filter(id => !(id in hubBefore.Resources))).toEqual([expect.stringMatching(/^MeshMonitoringNode1Bridges/)]);
  });

  test('the PeerSetup output tells the peer\'s side what it needs, without a secret value', () => {
    const { template } = build({ topology: MeshTopology.hubAndSpoke() }, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [1, 2] }]]);
    const t = template();
    const setup = JSON.parse(flatten(t.Outputs.MeshlegacyPeerSetup.Value));
    expect(setup).toMatchObject({
      peer: 'legacy',
      endpoints: [LEGACY],
      user: { username: 'mesh-bridge', passwordJsonKey: 'password' },
      allowInbound: { protocol: 'tcp', port: 61617 },
      connectors: [{ name: 'node1_to_legacy', duplex: true }, { name: 'node2_to_legacy', duplex: true }],
    });
    expect(setup.user.passwordFromSecret).toMatch(/^\{Ref:MeshInterBrokerUserSecret/);
    expect(setup.allowInbound.fromSecurityGroup).toMatch(/^\{GetAtt:MeshSecurityGroup.*\.GroupId\}$/);
    expect(setup.authorizationMap).toContain('ActiveMQ.Advisory.Consumer.>');
    expect(JSON.stringify(t.Outputs)).not.toMatch(/resolve:secretsmanager|SecretString/);
  });

  test('no PeerSetup output with emitOutputs false; the returned construct holds the peer', () => {
    const { template, added } = build({ emitOutputs: false }, [['legacy', { openWireEndpoints: [LEGACY] }]]);
    expect(template().Outputs ?? {}).toEqual({});
    expect(added[0].node.path).toBe('Stack/Mesh/ExternalPeers/legacy');
  });

  test('endpoints may be tokens: an SSM parameter value, or the endpoint list of a broker in another stack', () => {
    const app = new App();
    const legacyStack = new Stack(app, 'Legacy');
    const old = new amazonmq.CfnBroker(legacyStack, 'Old', {
      brokerName: 'old',
      engineType: 'ACTIVEMQ',
      deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ',
      hostInstanceType: 'mq.m5.large',
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      engineVersion: '5.19',
      users: [],
    });
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS.slice(0, 3) });
    const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc });
    mesh.addExternalPeer('old', { openWireEndpoints: old.attrOpenWireEndpoints, connectFrom: [0, 1, 2] });
    mesh.addExternalPeer('dc', { openWireEndpoints: [ssm.StringParameter.valueForStringParameter(stack, '/mq/dc-endpoint')] });
    const t = Template.fromStack(stack).toJSON();
    const config = Object.values(resourcesOfType(t, 'AWS::AmazonMQ::Configuration'))[0] as any;
    const marker = config.Metadata[MARKER];
    expect(JSON.stringify(marker[0].endpoints)).toContain('Fn::ImportValue');
    expect(marker[1].endpoints).toEqual([{ Ref: expect.stringMatching(/^SsmParameterValue/) }]);
    expect(JSON.stringify(config.Properties.Data)).toContain('Fn::ImportValue');
  });

  test('the configurations with peers validate against the Amazon MQ XSD', async () => {
    const { template } = build({ topology: MeshTopology.hubAndSpoke() }, [
      ['legacy', { openWireEndpoints: [LEGACY, LEGACY_STANDBY] }], ['onprem', { openWireEndpoints: ['ssl://mq.dc1.example.com:61617'], connectFrom: [0] }],
    ]);
    const results = await validateManyAgainstAmazonMqXsd(nodes(template()).map(n => n.xml), '5.19.1');
    results.forEach((r, i) => expect({ node: i, errors: r.errors }).toEqual({ node: i, errors: [] }));
  });

  describe('fails with the call, the prop, the value and the fix', () => {
    const cases: Array<[string, Partial<ActiveMqBrokerMeshProps>, Array<[string, ExternalPeerProps]>, string]> = [
      ['bad id', {}, [['old peer', { openWireEndpoints: [LEGACY] }]],
        "addExternalPeer('old peer'): id must be 1 to 64 characters of A-Z a-z 0-9 _ - (it names the connectors, node<i>_to_<id>), got 'old peer': use for example 'legacy'."],
      ['duplicate id', {}, [['legacy', { openWireEndpoints: [LEGACY] }], ['legacy', { openWireEndpoints: ['ssl://x:61617'] }]],
        "addExternalPeer('legacy'): id 'legacy' is already an external peer of this mesh: give each peer its own id."],
      ['no endpoints', {}, [['legacy', { openWireEndpoints: [] }]],
        "addExternalPeer('legacy'): openWireEndpoints must list the peer's OpenWire endpoints, got []: pass one endpoint, or two for an active/standby pair, e.g. ['ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617']."],
      ['three endpoints', {}, [['legacy', { openWireEndpoints: [LEGACY, LEGACY_STANDBY, 'ssl://c:61617'] }]],
        'addExternalPeer(\'legacy\'): openWireEndpoints ["ssl://b-0f1e2d3c-legacy-1.mq.us-east-1.amazonaws.com:61617","ssl://b-0f1e2d3c-legacy-2.mq.us-east-1.amazonaws.com:61617","ssl://c:61617"] cannot be a connector target: endpoints must hold one endpoint (single-instance broker) or two (active/standby broker), got 3: a network connector targets one broker; add one connector per target broker.'],
      ['not a URI', {}, [['legacy', { openWireEndpoints: ['b-1.mq.amazonaws.com'] }]],
        "addExternalPeer('legacy'): openWireEndpoints [\"b-1.mq.amazonaws.com\"] cannot be a connector target: endpoints[0] must be a transport URI of the form scheme://host:port, got 'b-1.mq.amazonaws.com': add the scheme, e.g. 'ssl://host:61617'."],
      ['same endpoint twice', {}, [['legacy', { openWireEndpoints: [LEGACY, LEGACY] }]],
        `addExternalPeer('legacy'): openWireEndpoints lists the same endpoint twice, got ["${LEGACY}","${LEGACY}"]: list each instance of the peer once.`],
      ['same broker as another peer', {}, [['legacy', { openWireEndpoints: [LEGACY] }], ['again', { openWireEndpoints: [LEGACY] }]],
        `addExternalPeer('again'): openWireEndpoints ["${LEGACY}"] overlap those of the external peer 'legacy': a broker is one peer; add it once.`],
      ['node out of range', {}, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [3] }]],
        "addExternalPeer('legacy'): connectFrom must list distinct node indexes from 0 to 2, known at synth time, got [3]: list the nodes that should connect to the peer, or leave connectFrom out to connect from every node."],
      ['empty connectFrom', {}, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [] }]], 'connectFrom must list distinct node indexes from 0 to 2'],
      ['duplicate node', {}, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [1, 1] }]], 'connectFrom must list distinct node indexes'],
      ['blank reason', {}, [['legacy', { openWireEndpoints: [LEGACY], reason: ' ' }]],
        'addExternalPeer(\'legacy\'): reason must be a non-empty text, got " ": say why the peer exists, or leave reason out.'],
      ['full mesh, one node connects', {}, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [0] }]],
        "addExternalPeer('legacy'): connectFrom [0] leaves a node too far from the peer for the mesh's TTL of 1 (node1 → the peer needs 2 hops (node1 → node0 → the peer)): connect from more nodes (leave connectFrom out for every node), or raise networkConnector.networkTtl (which changes every node's configuration)."],
    ];
    test.each(cases)('%s', (_name, props, peers, message) => {
      expect(() => build(props, peers)).toThrow(message);
    });

    test('a node over Amazon MQ\'s 20 connectors', () => {
      const { mesh } = build({ networkConnector: { networkTtl: 2 } });
      for (let i = 0; i < 18; i++) mesh.addExternalPeer(`p${i}`, { openWireEndpoints: [`ssl://p${i}.example.com:61617`], connectFrom: [2] });
      expect(() => mesh.addExternalPeer('one-too-many', { openWireEndpoints: ['ssl://x.example.com:61617'], connectFrom: [1, 2] }))
        .toThrow("addExternalPeer('one-too-many'): connectFrom includes node 2, which would then declare 21 network connectors, but Amazon MQ allows 20 per broker: connect the peer from other nodes (connectFrom), or remove another external peer.");
    });
  });

  test('hub-and-spoke: connecting the hub alone is enough (networkTTL 2)', () => {
    const { template } = build({ topology: MeshTopology.hubAndSpoke({ hubIndex: 0 }) }, [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [0] }]]);
    expect(nodes(template()).map(n => n.connectors.filter(c => c.name!.endsWith('_to_legacy')).length)).toEqual([1, 0, 0]);
  });

  test('concentrator: connecting only the concentrators fails, since edges would need two hops to the peer', () => {
    expect(() => build({ topology: MeshTopology.concentrator({ concentratorCount: 2 }), brokerCount: 4 },
      [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [0, 1] }]], 4))
      .toThrow("addExternalPeer('legacy'): connectFrom [0,1] leaves a node too far from the peer for the mesh's TTL of 1 (node2 → the peer needs 2 hops (node2 → node0 → the peer))");
  });

  test('an unresolved TTL skips the reach check', () => {
    expect(() => build({ networkConnector: { networkTtl: Lazy.number({ produce: () => 3 }) } },
      [['legacy', { openWireEndpoints: [LEGACY], connectFrom: [0] }]])).not.toThrow();
  });
});

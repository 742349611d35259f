/**
 * Issue 8, What 1: a broker is in a network of brokers only through a link that carries messages to another
 * ActiveMQ broker (of the app, or a declared external peer). Every dodge of the old pack is a Noncompliance case
 * here: the broker and its would-be peer are both standalone, and the finding says what was found and why it does
 * not count.
 */
import { brokerJson, configJson, configTo, judge, LOGS_POLICY, NS, of, subjects, xml } from './helpers';

function app(connectors: string, vars: object = {}, extra: object = {}): object {
  const cfg: any = configJson(connectors);
  cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [cfg.Properties.Data['Fn::Base64']['Fn::Sub'], vars] } };
  return {
    Resources: {
      Source: brokerJson('source', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
      Peer: brokerJson('peer'),
      Cfg: cfg,
      Logs: LOGS_POLICY,
      ...extra,
    },
  };
}

function sourceMessage(r: ReturnType<typeof judge>): string {
  return of(r, 'StandaloneBroker').find((f) => f.subjectPath === 'Stack/Source')!.message;
}

const PEER = { PeerEndpoints: { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] } };
const SELF = { PeerEndpoints: { 'Fn::Join': [',', { 'Fn::GetAtt': ['Source', 'OpenWireEndpoints'] }] } };
const C = 'name="c" userName="bridge" duplex="true"';

describe('StandaloneBroker: membership is a link that carries messages', () => {
  test.each([
    ['1: a connector to the broker itself', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`, SELF, 'it points back at the broker itself'],
    ['2: a loopback address', `<networkConnector ${C} uri="static:(tcp://127.0.0.1:61616)"/>`, {}, 'it is a loopback address: the broker itself'],
    ['3: localhost over failover', `<networkConnector ${C} uri="static:(failover:(tcp://localhost:61616))"/>`, {}, 'loopback'],
    ['4: an empty uri', `<networkConnector ${C} uri=""/>`, {}, 'its uri is empty'],
    ['5: static:()', `<networkConnector ${C} uri="static:()"/>`, {}, "its uri 'static:()' names no endpoint"],
    ['6: no uri', `<networkConnector ${C}/>`, {}, 'it has no uri'],
    ['7: a made-up host', `<networkConnector ${C} uri="static:(ssl://b-made-up-1.mq.us-east-1.amazonaws.com:61617)"/>`, {},
      'not a broker of the templates judged nor a declared external peer'],
    ['8: a URI whose path merely contains the peer\'s Ref', `<networkConnector ${C} uri="static:(tcp://127.0.0.1:61616/\${Peer})"/>`, {}, 'loopback'],
    ['9: a query that names the peer', `<networkConnector ${C} uri="static:(ssl://example.com:61617?peer=\${Peer})"/>`, {}, 'nor a declared external peer'],
    ['10: the peer\'s id as the host', `<networkConnector ${C} uri="static:(ssl://\${Peer}:61617)"/>`, {}, 'is not a broker\'s OpenWire endpoint'],
    ['11: the peer\'s AMQP endpoints', `<networkConnector ${C} uri="static:(\${A})"/>`, { A: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Peer', 'AmqpEndpoints'] }] } },
      'it is the AmqpEndpoints of the broker Stack/Peer, not its OpenWireEndpoints'],
    ['12: excludes every queue and topic', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><queue physicalName="&gt;"/>`
      + '<topic physicalName=">"/></excludedDestinations></networkConnector>', PEER, 'it excludes every queue and topic'],
    ['13: networkTTL 0', `<networkConnector ${C} networkTTL="0" uri="static:(\${PeerEndpoints})"/>`, PEER, 'its networkTTL is 0, so it forwards nothing'],
    ['14: networkTTL -1', `<networkConnector ${C} networkTTL="-1" uri="static:(\${PeerEndpoints})"/>`, PEER, 'its networkTTL is -1'],
    ['15: messageTTL 0', `<networkConnector ${C} messageTTL="0" uri="static:(\${PeerEndpoints})"/>`, PEER, 'its messageTTL is 0'],
    ['16: consumerTTL 0', `<networkConnector ${C} consumerTTL="0" uri="static:(\${PeerEndpoints})"/>`, PEER, 'its consumerTTL is 0'],
    ['17: a static bridge with nothing included', `<networkConnector ${C} staticBridge="true" uri="static:(\${PeerEndpoints})"/>`, PEER, 'static bridge'],
    ['18: a networkTTL that is not a number', `<networkConnector ${C} networkTTL="many" uri="static:(\${PeerEndpoints})"/>`, PEER, "its networkTTL 'many' is not a whole number"],
    ['19: a vm:// transport (in the same JVM)', `<networkConnector ${C} uri="static:(vm://peer)"/>`, {}, 'its scheme vm is not an OpenWire transport'],
    ['20: a multicast discovery uri', `<networkConnector ${C} uri="multicast://default"/>`, {}, 'its scheme multicast is not an OpenWire transport'],
    ['21: a localUri that starts the bridge from another broker', `<networkConnector ${C} localUri="ssl://elsewhere:61617" uri="static:(\${PeerEndpoints})"/>`, PEER,
      'its local end is set elsewhere (localUri="ssl://elsewhere:61617"), so the bridge may not start from this broker'],
    ['22: a <localUri> element', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"><localUri>x</localUri></networkConnector>`, PEER, 'its local end is set elsewhere (<localUri>)'],
    ['23: a <uri> element beside the attribute', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"><uri>static:(tcp://localhost)</uri></networkConnector>`, PEER,
      'its uri is set by a <uri> element, whose content the gate does not read'],
  ])('Noncompliance %s', (_name, connector, vars, why) => {
    const r = judge(app(connector, vars));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(of(r, 'StandaloneBroker').find((f) => f.subjectPath === 'Stack/Source')!.message).toContain(why);
    expect(r.summary).toMatchObject({ brokers: 2, inMesh: 0, standalone: 2 });
  });

  test('Noncompliance 21: <networkConnectors> in a foreign XML namespace', () => {
    const connectors = `<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`;
    const r = judge(app(connectors, PEER));
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
    const cfg: any = app('', PEER);
    cfg.Resources.Cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [xml('x', `<networkConnectors xmlns="urn:other">${connectors}</networkConnectors>`), PEER] } };
    const foreign = judge(cfg);
    expect(subjects(foreign, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(foreign)).toContain("<networkConnectors> is in namespace urn:other, not ActiveMQ's, so Amazon MQ does not read it");
    const prefixed: any = app('', PEER);
    prefixed.Resources.Cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [xml('x', `<o:networkConnectors xmlns:o="urn:other">${connectors.replace('<networkConnector', '<o:networkConnector')}</o:networkConnectors>`), PEER] } };
    expect(subjects(judge(prefixed), 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
  });

  test('Noncompliance 22: a prefixed x:uri attribute does not overwrite the real uri', () => {
    const r = judge(app(`<networkConnector ${C} xmlns:x="urn:x" uri="static:(tcp://127.0.0.1:61616)" x:uri="static:(\${PeerEndpoints})"/>`, PEER));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain('connector #1 has the prefixed attribute x:uri, which Amazon MQ does not read as uri');
    // even prefixed with ActiveMQ's own namespace: the schema's attributes are unqualified
    const amq = judge(app(`<networkConnector ${C} xmlns:a="${NS}" a:uri="static:(\${PeerEndpoints})"/>`, PEER));
    expect(subjects(amq, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
  });

  test('Noncompliance 23: a RabbitMQ broker of the app is not a peer (declared as CfnBroker or generic resource alike)', () => {
    const r = judge(app(`<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`, PEER, { Peer: brokerJson('peer', { EngineType: 'RabbitMQ' }) }));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Source']);
    expect(of(r, 'StandaloneBroker')[0].message).toContain('Stack/Peer: not an ActiveMQ broker');
    expect(r.summary.brokers).toBe(1);
  });

  test('Noncompliance 24: a DOCTYPE with entities is refused (the reader and the broker could see different URIs)', () => {
    const cfg: any = app('', PEER);
    cfg.Resources.Cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [`<!DOCTYPE broker [<!ENTITY p "\${PeerEndpoints}">]>${xml(`<networkConnector ${C} uri="static:(&p;)"/>`)}`, PEER] } };
    const r = judge(cfg);
    expect(sourceMessage(r)).toContain('DOCTYPE or ENTITY declaration');
  });

  test('Noncompliance 25: a peer\'s connector that carries nothing does not make its target a member', () => {
    const r = judge(app(`<networkConnector ${C} networkTTL="0" uri="static:(\${PeerEndpoints})"/>`, PEER));
    expect(of(r, 'StandaloneBroker').find((f) => f.subjectPath === 'Stack/Peer')!.message)
      .toContain("Stack/Source's connector 'c' (#1) of Stack/Cfg points at it but its networkTTL is 0");
  });

  test.each([
    ['the joined OpenWireEndpoints (the mesh construct\'s form)', 'static:(failover:(${PeerEndpoints})?randomize=false&amp;maxReconnectAttempts=0)', PEER],
    ['one element of OpenWireEndpoints', 'static:(${E})', { E: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] } }],
    ['masterslave: of both elements', 'masterslave:(${E0},${E1})', {
      E0: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }, E1: { 'Fn::Select': [1, { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] },
    }],
    ['a host written from the peer\'s id', 'static:(ssl://b-${Peer}-1.mq.${AWS::Region}.amazonaws.com:61617)', {}],
    ['a failover list with a loopback and the peer', 'static:(failover:(tcp://127.0.0.1:61616,${PeerEndpoints}))', PEER],
    ['whitespace and entities around the uri', ' static:(&#x24;{PeerEndpoints}) '.replace('&#x24;', '$'), PEER],
    ['an upper-case scheme and a vm:// localUri (the default local end)', 'STATIC:(${PeerEndpoints})" localUri="vm://localhost', PEER],
  ])('Compliance: a connector to %s', (_name, uri, vars) => {
    const r = judge(app(`<networkConnector ${C} uri="${uri}"/>`, vars));
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
    expect(r.summary).toMatchObject({ brokers: 2, inMesh: 2, standalone: 0, errors: 0 });
  });

  test('Compliance: a sink that only receives connectors is a member; an excluded queue alone still carries topics', () => {
    const r = judge(app(`<networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><queue physicalName="&gt;"/></excludedDestinations></networkConnector>`, PEER));
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: a declared external peer (pack option, or the configuration\'s metadata) makes the declaring broker a member', () => {
    const remote = `<networkConnector ${C} uri="static:(ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617)"/>`;
    const r = judge(app(remote), { externalPeers: [{ endpoint: 'ssl://b-1234-1.mq.eu-west-1.amazonaws.com:61617', reason: 'DR mesh' }] });
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer']);
    const meta: any = app(remote);
    meta.Resources.Cfg.Metadata = { 'cdk-activemq-mesh:external-peers': [{ endpoints: ['b-*-1.mq.eu-west-1.amazonaws.com'], reason: 'DR mesh, declared by the mesh' }] };
    expect(subjects(judge(meta), 'StandaloneBroker')).toEqual(['Stack/Peer']);
    // a pattern that matches every host of some shape declares nothing, in metadata as on the pack
    const everything: any = app(`<networkConnector ${C} uri="static:(ssl://10.0.0.5:61617)"/>`);
    everything.Resources.Cfg.Metadata = { 'cdk-activemq-mesh:external-peers': [{ endpoints: ['*.*.*.*', '*'], reason: 'everything' }] };
    expect(subjects(judge(everything), 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(subjects(judge(app(`<networkConnector ${C} uri="static:(ssl://dr:61617)"/>`), { externalPeers: [{ endpoint: '*', reason: 'x' }] }), 'StandaloneBroker'))
      .toEqual(['Stack/Peer', 'Stack/Source']);
    const noReason: any = app(remote);
    noReason.Resources.Cfg.Metadata = { 'cdk-activemq-mesh:external-peers': [{ endpoints: ['b-*-1.mq.eu-west-1.amazonaws.com'], reason: '' }] };
    expect(subjects(judge(noReason), 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
  });

  test('Compliance: an undeclared external target does not hide a real link (and is reported as info)', () => {
    const r = judge({ Resources: { ...(app(`<networkConnector ${C} uri="static:(ssl://elsewhere:61617)"/>`) as any).Resources, Cfg: configTo(['Peer']) } });
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
  });
});

/**
 * Red team 2: connectors that ActiveMQ (Spring/XBean, DiscoveryNetworkConnector, DestinationFilter) reads differently
 * from a naive reader. Each Noncompliance case is a configuration whose broker forwards nothing (or never starts the
 * bridge) while an earlier gate counted it.
 */
describe('StandaloneBroker: connectors as ActiveMQ reads them', () => {
  const OK = `<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`;
  const E0 = { ...PEER, E0: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] } };
  function withXml(document: string, vars: object = PEER): object {
    const cfg: any = app('', vars);
    cfg.Resources.Cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [document, vars] } };
    return cfg;
  }
  const wrap = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><broker xmlns="${NS}">${inner}</broker>`;

  test.each([
    ['1: a later <networkConnectors> replaces the first (Spring keeps the last list)',
      wrap(`<networkConnectors>${OK}</networkConnectors><networkConnectors/>`), 'replaced by a later <networkConnectors>'],
    ['2: a later <networkConnectors> with a loopback connector replaces the real one',
      wrap(`<networkConnectors>${OK}</networkConnectors><networkConnectors><networkConnector ${C} uri="static:(tcp://localhost:61616)"/></networkConnectors>`),
      'replaced by a later <networkConnectors>'],
    ['3: staticBridge="1" (xs:boolean and Spring both read 1 as true)', wrap(`<networkConnectors><networkConnector ${C} staticBridge="1" uri="static:(\${PeerEndpoints})"/></networkConnectors>`),
      'static bridge'],
    ['4: staticBridge="TRUE" (Spring reads booleans in any letter case)', wrap(`<networkConnectors><networkConnector ${C} staticBridge="TRUE" uri="static:(\${PeerEndpoints})"/></networkConnectors>`),
      'static bridge'],
    ['5: a static bridge whose later <staticallyIncludedDestinations> is empty (the last list wins)',
      wrap(`<networkConnectors><networkConnector ${C} staticBridge="true" uri="static:(\${PeerEndpoints})"><staticallyIncludedDestinations><queue physicalName="a"/>`
        + '</staticallyIncludedDestinations><staticallyIncludedDestinations/></networkConnector></networkConnectors>'), 'static bridge'],
    ['6: excludes queue and topic \'*.>\' (A.> matches A: everything)',
      wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><queue physicalName="*.&gt;"/>`
        + '<topic physicalName="*.&gt;"/></excludedDestinations></networkConnector></networkConnectors>'), 'it excludes every queue and topic'],
    ['7: one composite excluded destination naming \'>\' and \'topic://>\'',
      wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><queue physicalName="x, &gt;,topic://&gt;"/>`
        + '</excludedDestinations></networkConnector></networkConnectors>'), 'it excludes every queue and topic'],
    ['8: excludes \'*\' and \'*.*.>\' of each kind', wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations>`
      + '<queue physicalName="*"/><queue physicalName="*.*.&gt;"/><topic physicalName="*"/><topic physicalName="*.*.&gt;"/></excludedDestinations></networkConnector></networkConnectors>'),
    'it excludes every queue and topic'],
    ['9: a destinationFilter that matches no queue or topic', wrap(`<networkConnectors><networkConnector ${C} destinationFilter="NOTHING" uri="static:(\${PeerEndpoints})"/></networkConnectors>`),
      "its destinationFilter 'NOTHING' matches no queue or topic"],
    ['10: dynamicallyIncludedDestinations holding only a temporary queue', wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})">`
      + '<dynamicallyIncludedDestinations><tempQueue physicalName="x"/></dynamicallyIncludedDestinations></networkConnector></networkConnectors>'),
    'its dynamicallyIncludedDestinations name no queue or topic'],
    ['11: a filteredDestination in a destination list (not an ActiveMQDestination: the bridge cannot be made)',
      wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><filteredDestination queue="a" selector="x = 1"/>`
        + '</excludedDestinations></networkConnector></networkConnectors>'), '<filteredDestination>'],
    ['12: a <connectionFilter> (it may refuse every connection)', wrap(`<networkConnectors><networkConnector ${C} uri="static:(\${PeerEndpoints})">`
      + '<connectionFilter><x/></connectionFilter></networkConnector></networkConnectors>'), 'connectionFilter'],
    ['13: a bridgeFactory attribute', wrap(`<networkConnectors><networkConnector ${C} bridgeFactory="x" uri="static:(\${PeerEndpoints})"/></networkConnectors>`), 'bridgeFactory'],
    ['14: static: inside static: (not a transport: the bridge never connects)', wrap(`<networkConnectors><networkConnector ${C} uri="static:(static:(\${PeerEndpoints}))"/></networkConnectors>`),
      'static: is a discovery URI, not a transport'],
    ['15: masterslave: inside static:', wrap(`<networkConnectors><networkConnector ${C} uri="static:(masterslave:(\${PeerEndpoints}))"/></networkConnectors>`),
      'masterslave: is a discovery URI, not a transport'],
    ['16: fanout: inside static:', wrap(`<networkConnectors><networkConnector ${C} uri="static:(fanout:(\${PeerEndpoints}))"/></networkConnectors>`), 'fanout:'],
    ['17: a top-level failover: (not a discovery agent: the connector cannot be made)', wrap(`<networkConnectors><networkConnector ${C} uri="failover:(\${PeerEndpoints})"/></networkConnectors>`),
      'its uri must start with static: or masterslave:'],
    ['18: a top-level bare endpoint', wrap(`<networkConnectors><networkConnector ${C} uri="\${E0}"/></networkConnectors>`), 'its uri must start with static: or masterslave:'],
  ])('Noncompliance %s', (_name, document, why) => {
    const r = judge(withXml(document, E0));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain(why);
  });

  test.each([
    ['19: an ESC control character (XML 1.0 forbids it; ISO-2022-JP uses it to change what the bytes mean)', wrap(`<networkConnectors>\u001b${OK}</networkConnectors>`),
      'a character XML 1.0 does not allow'],
    ['20: an encoding other than UTF-8 with non-ASCII content', `<?xml version="1.0" encoding="ISO-8859-1"?><broker xmlns="${NS}"><networkConnectors>`
      + '<networkConnector name="é" userName="bridge" uri="static:(${PeerEndpoints})"/></networkConnectors></broker>', 'encoding'],
  ])('Noncompliance %s: the configuration cannot be read', (_name, document, why) => {
    const r = judge(withXml(document));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain(why);
  });

  test.each([
    ['a query on static: (discovery agent options; networkTTL there is not the connector\'s)', `<networkConnector ${C} uri="static:(\${PeerEndpoints})?networkTTL=0"/>`],
    ['a destinationFilter for the queues only', `<networkConnector ${C} destinationFilter="Queue.&gt;" uri="static:(\${PeerEndpoints})"/>`],
    ['a destinationFilter with the advisory prefix', `<networkConnector ${C} destinationFilter="ActiveMQ.Advisory.Consumer.&gt;" uri="static:(\${PeerEndpoints})"/>`],
    ['queue \'*.>\' excluded (topics still forwarded)', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"><excludedDestinations><queue physicalName="*.&gt;"/>`
      + '<topic physicalName="*.*.&gt;"/></excludedDestinations></networkConnector>'],
    ['one dynamically included queue', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"><dynamicallyIncludedDestinations><queue physicalName="orders.&gt;"/>`
      + '</dynamicallyIncludedDestinations></networkConnector>'],
    ['a static bridge with an included queue and staticBridge="0"', `<networkConnector ${C} staticBridge="0" uri="static:(\${PeerEndpoints})"/>`],
    ['a BOM and an ISO-8859-1 declaration on ASCII content', `<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`],
  ])('Compliance: %s', (name, connector) => {
    const body = name.startsWith('a BOM')
      ? `\ufeff<?xml version="1.0" encoding="ISO-8859-1"?><broker xmlns="${NS}"><networkConnectors>${connector}</networkConnectors></broker>`
      : wrap(`<networkConnectors>${connector}</networkConnectors>`);
    const r = judge(withXml(body));
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: the connectors of the last of two <networkConnectors> count', () => {
    const r = judge(withXml(wrap(`<networkConnectors><networkConnector ${C} uri="static:(tcp://localhost:61616)"/></networkConnectors><networkConnectors>${OK}</networkConnectors>`)));
    expect(subjects(r, 'StandaloneBroker')).toEqual([]);
  });

  test('Noncompliance: a password in a replaced <networkConnectors> is still a finding', () => {
    const r = judge(withXml(wrap(`<networkConnectors><networkConnector ${C} password="x" uri="static:(\${PeerEndpoints})"/></networkConnectors><networkConnectors>${OK}</networkConnectors>`)));
    expect(subjects(r, 'ConnectorPassword')).toEqual(['Stack/Source']);
  });
});

describe('StandaloneBroker: a CRDR replica is passive (only the primary accepts clients)', () => {
  const REPLICA = { DataReplicationMode: 'CRDR', DataReplicationPrimaryBrokerArn: 'arn:aws:mq:eu-west-1:111111111111:broker:source:b-1', DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' };
  test('Noncompliance: a connector to a replica does not count', () => {
    const r = judge(app(`<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`, PEER, { Peer: brokerJson('peer', REPLICA) }));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain('Stack/Peer: it is a CRDR replica (DataReplicationPrimaryBrokerArn), which accepts no connections until it is promoted');
  });

  test('Noncompliance: a replica\'s own connector does not make its target a member', () => {
    const r = judge(app(`<networkConnector ${C} uri="static:(\${PeerEndpoints})"/>`, PEER, {
      Source: brokerJson('source', { ...REPLICA, Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
    }));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain('the broker is a CRDR replica (DataReplicationPrimaryBrokerArn): it runs no bridge until it is promoted');
  });
});

describe('StandaloneBroker: a bridge forwards on demand, learnt from the target\'s consumer advisories', () => {
  function advisories(source: string, peer: string, attrs = ''): object {
    const cfg = (advisory: string, connectors: string) => {
      const c: any = configJson('');
      c.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [`<broker xmlns="${NS}" ${advisory}>${connectors === '' ? '' : `<networkConnectors>${connectors}</networkConnectors>`}</broker>`, PEER] } };
      return c;
    };
    return {
      Resources: {
        Source: brokerJson('source', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
        Peer: brokerJson('peer', { Configuration: { Id: { Ref: 'PeerCfg' }, Revision: 1 } }),
        Cfg: cfg(source, `<networkConnector name="c" userName="bridge" ${attrs} uri="static:(\${PeerEndpoints})"/>`),
        PeerCfg: cfg(peer, ''),
        Logs: LOGS_POLICY,
      },
    };
  }

  test.each([
    ['a one-way connector to a broker with advisorySupport="false"', '', 'advisorySupport="false"', ''],
    ['a duplex connector between two brokers without advisories', 'advisorySupport="false"', 'advisorySupport="false"', 'duplex="true"'],
    ['advisorySupport="0" (Spring reads 0 as false)', '', 'advisorySupport=" 0 "', ''],
  ])('Noncompliance: %s', (_name, source, peer, attrs) => {
    const r = judge(advisories(source, peer, attrs));
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(sourceMessage(r)).toContain('Stack/Peer: its configuration sets advisorySupport="false"');
  });

  test.each([
    ['a duplex connector from a broker with advisories', '', 'advisorySupport="false"', 'duplex="true"'],
    ['a one-way connector from a broker without advisories to one with them', 'advisorySupport="false"', 'advisorySupport="true"', ''],
  ])('Compliance: %s', (_name, source, peer, attrs) => {
    expect(subjects(judge(advisories(source, peer, attrs)), 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: staticallyIncludedDestinations forward without advisories', () => {
    const body: any = advisories('', 'advisorySupport="false"');
    body.Resources.Cfg.Properties.Data['Fn::Base64']['Fn::Sub'][0] = body.Resources.Cfg.Properties.Data['Fn::Base64']['Fn::Sub'][0]
      .replace('/>', '><staticallyIncludedDestinations><queue physicalName="orders"/></staticallyIncludedDestinations></networkConnector>');
    expect(subjects(judge(body), 'StandaloneBroker')).toEqual([]);
  });
});

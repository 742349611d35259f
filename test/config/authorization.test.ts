/**
 * The authorization map and the destination policy in the broker XML: what is granted to whom, validated against
 * the three Amazon MQ schemas (test/fixtures/schemas) and against ActiveMQ's own activemq.xsd (when installed).
 */
import { XMLParser } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import { ActiveMqDestination, BrokerXml } from '../../src/config';
import { AuthorizationEntry, bridgeDestinations, INTER_BROKER_GROUP } from '../../src/config/authorization';
import { BRIDGE_ADVISORY_DESTINATIONS } from '../../src/private/amazon-mq';
import { activeMqBrokerSchema, describeWithActiveMq } from '../helpers/activemq';
import { AMAZON_MQ_XSD_VERSIONS, validateManyAgainstAmazonMqXsd } from '../helpers/xsd';

const ENTRIES: AuthorizationEntry[] = [
  { destination: ActiveMqDestination.queue('orders.>'), read: ['order-readers', 'apps'], write: ['apps'], admin: ['apps'] },
  { destination: ActiveMqDestination.topic('prices.*'), read: ['apps'] },
  { destination: ActiveMqDestination.queue('audit'), write: ['auditors', 'auditors'] },
];

function render(entries: AuthorizationEntry[] = ENTRIES, connector = {}): string {
  return BrokerXml.render({
    networkConnectors: [{ name: 'node1_to_node0', uri: 'static:(ssl://b-1-1.mq.us-east-1.amazonaws.com:61617)', userName: 'mesh-bridge', duplex: true }],
    authorization: { entries, interBrokerGroup: INTER_BROKER_GROUP, bridgeDestinations: bridgeDestinations(connector) },
  });
}

interface Entry { queue?: string; topic?: string; read?: string[]; write?: string[]; admin?: string[] }

/** The authorization entries as ActiveMQ reads them: groups split on commas, entities decoded. */
function readMap(xml: string): { entries: Entry[]; temp: Entry } {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'authorizationEntry' }).parse(xml);
  const map = doc.broker.plugins.authorizationPlugin.map.authorizationMap;
  const split = (e: any): Entry => Object.fromEntries(Object.entries(e).map(([k, v]) => [k, ['read', 'write', 'admin'].includes(k) ? String(v).split(',') : v]));
  return {
    entries: map.authorizationEntries.authorizationEntry.map(split),
    temp: split(map.tempDestinationAuthorizationEntry.tempDestinationAuthorizationEntry),
  };
}

/** Whether `group` may do `permission` on a destination: the union of every entry matching it, as ActiveMQ decides. */
function granted(map: { entries: Entry[] }, kind: 'queue' | 'topic', name: string, permission: 'read' | 'write' | 'admin', group: string): boolean {
  const matches = (pattern: string) => {
    const p = pattern.split('.');
    const n = name.split('.');
    for (let i = 0; i < p.length; i++) {
      if (p[i] === '>') return true;
      if (i >= n.length || (p[i] !== '*' && p[i] !== n[i])) return false;
    }
    return p.length === n.length;
  };
  return map.entries.some(e => e[kind] !== undefined && matches(e[kind]!) && (e[permission] ?? []).includes(group));
}

describe('authorization map', () => {
  test('the user\'s entries come first, in order, with each group once', () => {
    const { entries } = readMap(render());
    expect(entries.slice(0, 3)).toEqual([
      { queue: 'orders.>', read: ['order-readers', 'apps'], write: ['apps'], admin: ['apps'] },
      { topic: 'prices.*', read: ['apps'] },
      { queue: 'audit', write: ['auditors'] },
    ]);
  });

  test('the inter-broker group may do everything on every destination the bridges forward, and on advisories', () => {
    const map = readMap(render());
    for (const permission of ['read', 'write', 'admin'] as const) {
      for (const [kind, name] of [['queue', 'orders.eu'], ['queue', 'anything'], ['topic', 'prices.eur'], ['topic', 'ActiveMQ.Advisory.Consumer.Queue.orders']] as const) {
        const ok = granted(map, kind, name, permission, INTER_BROKER_GROUP);
        expect({ kind, name, permission, ok }).toEqual({ kind, name, permission, ok: true });
      }
    }
  });

  test('the inter-broker group has what ActiveMQ documents for bridges on the advisory destinations', () => {
    const map = readMap(render());
    for (const pattern of BRIDGE_ADVISORY_DESTINATIONS) {
      const name = pattern.replace('>', 'Queue.orders');
      for (const permission of ['read', 'write', 'admin'] as const) expect(granted(map, 'topic', name, permission, INTER_BROKER_GROUP)).toBe(true);
    }
  });

  test('with included destinations the inter-broker group gets exactly those (and the advisories)', () => {
    const map = readMap(render(ENTRIES, { dynamicallyIncludedDestinations: [ActiveMqDestination.queue('orders.>')], staticallyIncludedDestinations: [ActiveMqDestination.topic('audit')] }));
    expect(granted(map, 'queue', 'orders.eu', 'write', INTER_BROKER_GROUP)).toBe(true);
    expect(granted(map, 'topic', 'audit', 'read', INTER_BROKER_GROUP)).toBe(true);
    expect(granted(map, 'queue', 'payroll', 'read', INTER_BROKER_GROUP)).toBe(false);
    expect(granted(map, 'topic', 'ActiveMQ.Advisory.Consumer.Queue.orders.eu', 'read', INTER_BROKER_GROUP)).toBe(true);
  });

  test('least privilege: a group reaches only what an entry grants it', () => {
    const map = readMap(render());
    expect(granted(map, 'queue', 'orders.eu', 'read', 'order-readers')).toBe(true);
    expect(granted(map, 'queue', 'orders.eu', 'write', 'order-readers')).toBe(false);
    expect(granted(map, 'queue', 'payroll', 'read', 'apps')).toBe(false);
    expect(granted(map, 'topic', 'prices.eur', 'write', 'apps')).toBe(false);
    expect(granted(map, 'topic', 'prices.eur.spot', 'read', 'apps')).toBe(false);
    expect(granted(map, 'queue', 'audit', 'read', 'auditors')).toBe(false);
  });

  test('the web console group may do everything, as Amazon MQ requires for the console to work', () => {
    const map = readMap(render());
    for (const kind of ['queue', 'topic'] as const) {
      for (const permission of ['read', 'write', 'admin'] as const) {
        expect(granted(map, kind, 'any.thing', permission, 'activemq-webconsole')).toBe(true);
      }
    }
  });

  test('every group of the map may use the advisory topics and temporary destinations', () => {
    const map = readMap(render());
    const groups = ['order-readers', 'apps', 'auditors', INTER_BROKER_GROUP, 'activemq-webconsole'];
    for (const group of groups) {
      expect(granted(map, 'topic', 'ActiveMQ.Advisory.TempQueue', 'read', group)).toBe(true);
      for (const permission of ['read', 'write', 'admin'] as const) expect(map.temp[permission]).toContain(group);
    }
    expect(map.temp.read).toHaveLength(groups.length);
  });

  test('no map unless asked for', () => {
    expect(BrokerXml.render({})).not.toContain('authorizationPlugin');
  });

  test('bad entries are refused by the renderer too, naming the entry', () => {
    expect(() => render([{ destination: ActiveMqDestination.queue('q') }])).toThrow(/^authorization\[0\] grants nothing on queue 'q'/);
    expect(() => render([{ destination: ActiveMqDestination.queue('q'), admin: ['ok', 'x'] }])).toThrow(/^authorization\[0\]\.admin\[1\] must be 2 to 100 characters/);
    expect(() => BrokerXml.render({ authorization: { entries: 'nope' as any, interBrokerGroup: INTER_BROKER_GROUP, bridgeDestinations: [] } }))
      .toThrow(/^authorization must be a list of AuthorizationEntry, got "nope"/);
  });
});

describe('destination policy', () => {
  test.each([
    [undefined, '3000'], [0, '0'], [-1, '-1'], [50000, '50000'],
  ])('topicPendingMessageLimit %s gives limit="%s" on every topic', (limit, text) => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(BrokerXml.render({ topicPendingMessageLimit: limit }));
    const entry = doc.broker.destinationPolicy.policyMap.policyEntries.policyEntry;
    expect(entry.topic).toBe('>');
    expect(entry.pendingMessageLimitStrategy.constantPendingMessageLimitStrategy.limit).toBe(text);
  });

  test('refuses a limit below -1', () => {
    expect(() => BrokerXml.render({ topicPendingMessageLimit: -5 })).toThrow(/^topicPendingMessageLimit must be -1 or an integer of at least 0, got -5/);
  });
});

const DOCUMENTS: Record<string, string> = {
  'authorization, default bridges': render(),
  'authorization, included destinations': render(ENTRIES, { dynamicallyIncludedDestinations: [ActiveMqDestination.queue('orders.>')] }),
  'authorization, no entries (only the mesh itself)': render([]),
  'destination policy without limit': BrokerXml.render({ topicPendingMessageLimit: -1 }),
};

describe.each(AMAZON_MQ_XSD_VERSIONS)('valid against the Amazon MQ %s schema', (version) => {
  test('every document', async () => {
    const names = Object.keys(DOCUMENTS);
    const results = await validateManyAgainstAmazonMqXsd(names.map(n => DOCUMENTS[n]), version);
    results.forEach((r, i) => expect({ document: names[i], errors: r.errors }).toEqual({ document: names[i], errors: [] }));
  });

  test('the check can fail: an attribute Amazon MQ does not allow is refused', async () => {
    const [result] = await validateManyAgainstAmazonMqXsd([render().replace('<authorizationEntry ', '<authorizationEntry groupClass="x" ')], version);
    expect(result.valid).toBe(false);
  });
});

describeWithActiveMq('valid against ActiveMQ 5.17.2\'s own activemq.xsd', () => {
  test('every document', async () => {
    const schema = activeMqBrokerSchema();
    for (const [name, xml] of Object.entries(DOCUMENTS)) {
      const result = await validateXML({ xml: [{ fileName: 'broker.xml', contents: xml }], schema: [schema] });
      expect({ name, errors: result.errors.map(e => e.message) }).toEqual({ name, errors: [] });
    }
  });
});

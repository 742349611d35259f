import { AuthorizationRule, describeRule, drillClientGrants, permits, readAuthorizationMap } from '../../src/drill/authorization';
import { chooseQueuePrefix } from '../../src/drill/destinations';
import { LocalBrokerConfig } from '../../src/drill/local-config';

const MAP = `<broker xmlns="http://activemq.apache.org/schema/core"><plugins><authorizationPlugin><map><authorizationMap>
<authorizationEntries>
  <authorizationEntry queue="orders.>" read="orders,auditors" write="orders" admin="orders"/>
  <authorizationEntry queue=">" read="bridges" write="bridges" admin="bridges"/>
  <authorizationEntry topic="ActiveMQ.Advisory.>" read="bridges,orders" write="bridges,orders" admin="bridges,orders"/>
</authorizationEntries>
<tempDestinationAuthorizationEntry><tempDestinationAuthorizationEntry read="orders" write="orders" admin="orders"/></tempDestinationAuthorizationEntry>
</authorizationMap></map></authorizationPlugin></plugins></broker>`;

describe('readAuthorizationMap and permits (ActiveMQ: the union of every matching entry)', () => {
  const map = readAuthorizationMap(MAP)!;

  test('reads queue, topic and temporary-destination entries', () => {
    expect(map.entries.map(describeRule)).toEqual(['queue orders.>', 'queue >', 'topic ActiveMQ.Advisory.>', 'temporary destinations']);
    expect(map.entries[0]).toEqual({ kind: 'queue', pattern: 'orders.>', read: ['orders', 'auditors'], write: ['orders'], admin: ['orders'] });
    expect(readAuthorizationMap('<broker xmlns="http://activemq.apache.org/schema/core"/>')).toBeUndefined();
  });

  test.each([
    [['orders'], 'queue', 'orders.eu', 'write', true],
    [['auditors'], 'queue', 'orders.eu', 'read', true],
    [['auditors'], 'queue', 'orders.eu', 'write', false],
    [['orders'], 'queue', 'payments.x', 'write', false],
    [['bridges'], 'queue', 'orders.eu', 'admin', true], // from queue '>'
    [['orders'], 'topic', 'ActiveMQ.Advisory.TempQueue', 'read', true],
    [['orders'], 'temp', '', 'admin', true],
    [['bridges'], 'temp', '', 'read', false],
  ] as const)('%j %s %s %s: %s', (groups, kind, name, permission, expected) => {
    expect(permits(map, groups, kind, name, permission)).toBe(expected);
  });

  test('the drill\'s client group gets only what the map does not give it', () => {
    expect(drillClientGrants(map, 'drill-clients', 'drill').map(describeRule)).toEqual(['queue drill.>', 'topic ActiveMQ.Advisory.>']);
    expect(drillClientGrants(map, 'bridges', 'drill')).toEqual([]);
    expect(drillClientGrants(map, 'orders', 'orders.drill').map(describeRule)).toEqual([]);
  });

  test('the local configuration gets the added entries in the map, and nothing else changes', () => {
    const added: AuthorizationRule[] = [{ kind: 'queue', pattern: 'drill.>', read: ['d'], write: ['d'], admin: ['d'] }];
    const xml = LocalBrokerConfig.fromAmazonMqXml(MAP, { brokerName: 'b', dataDirectory: '/d', openWirePort: 61616, users: [], addedAuthorization: added });
    expect(readAuthorizationMap(xml)!.entries.map(describeRule)).toEqual([
      'queue orders.>', 'queue >', 'topic ActiveMQ.Advisory.>', 'queue drill.>', 'temporary destinations',
    ]);
    expect(() => LocalBrokerConfig.fromAmazonMqXml('<broker xmlns="http://activemq.apache.org/schema/core"/>',
      { brokerName: 'b', dataDirectory: '/d', openWirePort: 61616, users: [], addedAuthorization: added })).toThrow('has no <authorizationPlugin>');
  });

  test('the drill\'s queues must be ones the bridge users may use: otherwise the problem says so', () => {
    const bridgesOnly = (name: string) => permits(map, ['bridges'], 'queue', name, 'write');
    expect(chooseQueuePrefix([{ label: 'c', included: [], excluded: [] }], 'drill', { patterns: ['orders.>'], accepts: bridgesOnly, who: 'the bridge users (bridge)' }))
      .toEqual({ prefix: 'drill' });
    const ordersOnly = (name: string) => permits(map, ['orders'], 'queue', name, 'write');
    expect(chooseQueuePrefix([{ label: 'c', included: [], excluded: [] }], 'drill', { patterns: ['orders.>'], accepts: ordersOnly, who: 'x' }))
      .toEqual({ prefix: 'orders.drill' });
    const nobody = () => false;
    expect(chooseQueuePrefix([{ label: 'c', included: [], excluded: [] }], 'drill', { patterns: [], accepts: nobody, who: 'the bridge users (bridge)' }))
      .toEqual({ problem: expect.stringMatching(/^no queue name the connectors forward is one the bridge users \(bridge\) may read, write and create/) });
  });
});

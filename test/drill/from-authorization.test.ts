import { accessProbes, appAuthorization } from '../../src/drill/from-authorization';
import { DrillNode, DrillUser } from '../../src/drill/plan';

const MAP = `<broker xmlns="http://activemq.apache.org/schema/core"><plugins><authorizationPlugin><map><authorizationMap><authorizationEntries>
<authorizationEntry queue="orders.>" read="orders" write="orders" admin="orders"/>
<authorizationEntry queue=">" read="bridges" write="bridges" admin="bridges"/>
</authorizationEntries></authorizationMap></map></authorizationPlugin></plugins></broker>`;

const user = (username: string, groups: string[]): DrillUser => ({ username, passwordKey: username, groups });
const node = (users: DrillUser[]): DrillNode => ({ name: 'n0', port: 62000, url: 'tcp://127.0.0.1:62000', amazonMqXml: MAP, users });
const probesOf = (users: DrillUser[]) => {
  const nodes = [node(users)];
  return accessProbes(nodes, appAuthorization(nodes, []), new Set(['bridge'])).map((p) => [p.user.username, p.queue, p.expect]);
};

describe('accessProbes', () => {
  test('an app user of the map (a refusal and an allowed send) is preferred to an admin with no grants', () => {
    expect(probesOf([user('bridge', ['bridges']), user('admin', []), user('orders-app', ['orders'])])).toEqual([
      ['orders-app', 'drill-probe', 'refused'], ['orders-app', 'orders.drill-probe', 'allowed'],
    ]);
  });

  test('else the first user the map refuses something, alone', () => {
    expect(probesOf([user('admin', []), user('auditor', ['nobody'])])).toEqual([['admin', 'orders.drill-probe', 'refused']]);
  });

  test('no probe when the map refuses no user of the app anything, or there is no map', () => {
    expect(probesOf([user('bridge', ['bridges'])])).toEqual([]);
    const plain = [{ ...node([user('admin', [])]), amazonMqXml: '<broker xmlns="http://activemq.apache.org/schema/core"/>' }];
    expect(accessProbes(plain, appAuthorization(plain, []), new Set())).toEqual([]);
  });
});

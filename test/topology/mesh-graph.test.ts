import { MeshGraph, MeshGraphLink, MeshTopology } from '../../src/topology';

const link = (from: string, to: string, duplex = true): MeshGraphLink => ({ from, to, duplex });

describe('MeshGraph.fromTopology', () => {
  test('names brokers node0.. and maps link indexes to ids', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.hubAndSpoke(), 3);
    expect(graph.brokers).toEqual(['node0', 'node1', 'node2']);
    expect(graph.links).toEqual([link('node1', 'node0'), link('node2', 'node0')]);
  });

  test('passes the forced duplex flag on', () => {
    expect(MeshGraph.fromTopology(MeshTopology.fullMesh(), 2, false).links).toEqual(
      [link('node0', 'node1', false), link('node1', 'node0', false)]);
  });
});

describe('reachability with networkTTL', () => {
  test('hub-and-spoke with networkTTL 1: spokes cannot reach each other, every pair with the hub can', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.hubAndSpoke(), 4);
    expect(graph.unreachablePairs(1)).toEqual([
      { from: 'node1', to: 'node2' }, { from: 'node1', to: 'node3' },
      { from: 'node2', to: 'node1' }, { from: 'node2', to: 'node3' },
      { from: 'node3', to: 'node1' }, { from: 'node3', to: 'node2' },
    ]);
    expect(graph.canReach('node1', 'node0', 1)).toBe(true);
    expect(graph.canReach('node0', 'node3', 1)).toBe(true);
    expect(graph.canReach('node1', 'node2', 1)).toBe(false);
  });

  test('hub-and-spoke with networkTTL 2: every pair can reach', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.hubAndSpoke(), 6);
    expect(graph.unreachablePairs(2)).toEqual([]);
    expect(graph.canReach('node4', 'node5', 2)).toBe(true);
  });

  test('explains the hub-and-spoke networkTTL 1 failure with the path and the fix', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.hubAndSpoke(), 3);
    expect(graph.explainUnreachable('node1', 'node2', 1)).toBe(
      'node1 → node2 needs 2 hops (node1 → node0 → node2) but networkTTL is 1; raise networkConnector.networkTtl to 2');
    expect(graph.explainUnreachable('node1', 'node2', 2)).toBeUndefined();
  });

  test.each([2, 3, 5, 8])('a full mesh of %i brokers reaches every pair with networkTTL 1', (n) => {
    expect(MeshGraph.fromTopology(MeshTopology.fullMesh(), n).unreachablePairs(1)).toEqual([]);
  });

  test('a chain needs as many hops as its length', () => {
    const graph = new MeshGraph(['a', 'b', 'c', 'd'], [link('b', 'a'), link('c', 'b'), link('d', 'c')]);
    expect(graph.canReach('a', 'd', 2)).toBe(false);
    expect(graph.canReach('a', 'd', 3)).toBe(true);
    expect(graph.explainUnreachable('d', 'a', 2)).toBe(
      'd → a needs 3 hops (d → c → b → a) but networkTTL is 2; raise networkConnector.networkTtl to 3');
  });

  test('a broker always reaches itself', () => {
    const graph = new MeshGraph(['a', 'b'], []);
    expect(graph.canReach('a', 'a', 1)).toBe(true);
    expect(graph.explainUnreachable('a', 'a', 1)).toBeUndefined();
  });

  test('non-duplex links carry messages from the declaring broker to its target only', () => {
    const graph = new MeshGraph(['a', 'b'], [link('a', 'b', false)]);
    expect(graph.canReach('a', 'b', 1)).toBe(true);
    expect(graph.canReach('b', 'a', 5)).toBe(false);
    expect(graph.explainUnreachable('b', 'a', 5)).toBe(
      'b → a cannot be reached at any networkTTL: the connectors on the way are one-way (duplex=false) and none '
      + 'carries messages towards a (messages from b reach no other broker); make those connectors duplex, or add a '
      + 'network connector on b that points at a.');
  });

  test('two one-way links, one each way, behave like one duplex link', () => {
    const graph = new MeshGraph(['a', 'b'], [link('a', 'b', false), link('b', 'a', false)]);
    expect(graph.unreachablePairs(1)).toEqual([]);
  });

  test('concentrator: edges reach every concentrator in one hop; nothing flows back to the edges', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.concentrator(), 4);
    expect(graph.unreachablePairs(1)).toEqual(graph.unreachablePairs(3));
    expect(graph.unreachablePairs(1)).toEqual([
      { from: 'node0', to: 'node2' }, { from: 'node0', to: 'node3' },
      { from: 'node1', to: 'node2' }, { from: 'node1', to: 'node3' },
      { from: 'node2', to: 'node3' }, { from: 'node3', to: 'node2' },
    ]);
    expect(graph.explainUnreachable('node2', 'node3', 1)).toBe(
      'node2 → node3 cannot be reached at any networkTTL: the connectors on the way are one-way (duplex=false) and '
      + 'none carries messages towards node3 (messages from node2 reach node0 and node1); make those connectors '
      + 'duplex, or add a network connector on node2 that points at node3.');
  });

  test('concentrator with duplex edges needs networkTTL 2 between edges', () => {
    const graph = MeshGraph.fromTopology(MeshTopology.concentrator(), 4, true);
    expect(graph.unreachablePairs(1)).toEqual([{ from: 'node2', to: 'node3' }, { from: 'node3', to: 'node2' }]);
    expect(graph.unreachablePairs(2)).toEqual([]);
  });

  test('several connectors between the same brokers are allowed', () => {
    const graph = new MeshGraph(['a', 'b'], [link('b', 'a'), link('b', 'a')]);
    expect(graph.outgoingConnectorCount('b')).toBe(2);
    expect(graph.unreachablePairs(1)).toEqual([]);
  });
});

describe('standalone brokers and parts', () => {
  const graph = new MeshGraph(['a', 'b', 'c', 'd', 'e'], [link('b', 'a'), link('d', 'c', false)]);

  test('isolatedBrokers lists brokers with no connector in or out', () => {
    expect(graph.isolatedBrokers()).toEqual(['e']);
    expect(MeshGraph.fromTopology(MeshTopology.hubAndSpoke(), 5).isolatedBrokers()).toEqual([]);
  });

  test('explainIsolation names the broker, the effect and the fix', () => {
    expect(graph.explainIsolation('e')).toBe(
      'e is a standalone broker: it declares no network connector and no other broker connects to it, so messages '
      + 'produced on e never reach consumers on other brokers and its consumers get no messages from them; add a '
      + 'network connector on e that points at another broker (a, b, c and d), or one on another broker that points at e.');
    expect(graph.explainIsolation('a')).toBeUndefined();
    expect(graph.explainIsolation('c')).toBeUndefined();
  });

  test('explainIsolation with one other broker', () => {
    expect(new MeshGraph(['a', 'b'], []).explainIsolation('a')).toMatch(/add a network connector on a that points at another broker \(b\), /);
  });

  test('explainIsolation of the only broker', () => {
    expect(new MeshGraph(['solo'], []).explainIsolation('solo')).toMatch(
      /^solo is a standalone broker: .*; there is no other broker to connect it to\.$/);
  });

  test('explainUnreachable to or from a standalone broker says so', () => {
    expect(graph.explainUnreachable('a', 'e', 4)).toMatch(/^a → e cannot be reached at any networkTTL: e is a standalone broker: /);
    expect(graph.explainUnreachable('e', 'a', 4)).toMatch(/^e → a cannot be reached at any networkTTL: e is a standalone broker: /);
  });

  test('components lists the connected parts, ignoring direction', () => {
    expect(graph.components()).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(MeshGraph.fromTopology(MeshTopology.concentrator(), 6).components()).toEqual(
      [['node0', 'node1', 'node2', 'node3', 'node4', 'node5']]);
  });

  test('explainUnreachable across parts names the parts and the fix', () => {
    expect(graph.explainUnreachable('a', 'd', 4)).toBe(
      'a → d cannot be reached at any networkTTL: the network is split into 3 parts that no connector joins '
      + '([a, b], [c, d], [e]), and a and d are in different parts; add a network connector between a broker of '
      + '[a, b] and a broker of [c, d].');
  });

  test('outgoingConnectorCount counts connectors a broker declares', () => {
    const mesh = MeshGraph.fromTopology(MeshTopology.fullMesh(), 5);
    expect(mesh.brokers.map(b => mesh.outgoingConnectorCount(b))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('errors', () => {
  test('fails if a broker is listed twice', () => {
    expect(() => new MeshGraph(['a', 'b', 'a'], [])).toThrow("brokers lists 'a' twice (again at brokers[2]): list each broker once.");
  });

  test('fails if a broker id is empty', () => {
    expect(() => new MeshGraph(['a', ''], [])).toThrow('brokers[1] must be a non-empty broker id, got "": give every broker an id.');
  });

  test('fails if a link names an unknown broker', () => {
    expect(() => new MeshGraph(['a', 'b'], [link('a', 'b'), link('a', 'x')])).toThrow(
      "links[1].to is 'x', which is not a listed broker (brokers: a, b): add 'x' to brokers or fix the link.");
    expect(() => new MeshGraph([], [link('y', 'b')])).toThrow(
      "links[0].from is 'y', which is not a listed broker (brokers: none): add 'y' to brokers or fix the link.");
  });

  test('a connector that points back at its own broker connects nothing', () => {
    const graph = new MeshGraph(['a', 'b'], [link('a', 'a'), link('b', 'b'), link('b', 'b')]);
    expect(graph.links).toHaveLength(3);
    expect(graph.outgoingConnectorCount('b')).toBe(2);
    expect(graph.isolatedBrokers()).toEqual(['a', 'b']);
    expect(graph.components()).toEqual([['a'], ['b']]);
    expect(graph.canReach('a', 'b', 5)).toBe(false);
    expect(graph.explainIsolation('a')).toMatch(/^a is a standalone broker: its only network connector points back at a itself and no other broker connects to it, /);
    expect(graph.explainIsolation('b')).toMatch(/^b is a standalone broker: its only network connectors point back at b itself and /);
  });

  test('fails on an unknown broker in a question', () => {
    const graph = new MeshGraph(['a', 'b'], [link('a', 'b')]);
    expect(() => graph.canReach('a', 'z', 1)).toThrow(
      "consumerBroker 'z' is not a broker of this graph (brokers: a, b): pass one of the listed broker ids.");
    expect(() => graph.explainUnreachable('z', 'a', 1)).toThrow(/producerBroker 'z' is not a broker of this graph/);
    expect(() => graph.outgoingConnectorCount('z')).toThrow(/broker 'z' is not a broker of this graph/);
    expect(() => graph.explainIsolation('z')).toThrow(/broker 'z' is not a broker of this graph/);
  });

  test.each([0, -1, 1.5, Number.NaN])('fails if networkTtl is %p', (ttl) => {
    const graph = new MeshGraph(['a', 'b'], [link('a', 'b')]);
    expect(() => graph.canReach('a', 'b', ttl)).toThrow(`networkTtl must be a whole number of at least 1, got ${ttl}`);
    expect(() => graph.unreachablePairs(ttl)).toThrow(/networkTtl must be a whole number of at least 1/);
  });

  test('the graph keeps its own copies of its inputs', () => {
    const brokers = ['a', 'b'];
    const links = [link('b', 'a')];
    const graph = new MeshGraph(brokers, links);
    brokers.push('c');
    links.length = 0;
    expect(graph.brokers).toEqual(['a', 'b']);
    expect(graph.links).toEqual([link('b', 'a')]);
  });
});

describe('MeshGraph on large apps', () => {
  test('explainIsolation names at most five other brokers', () => {
    const brokers = Array.from({ length: 12 }, (_, i) => `b${i}`);
    const links = brokers.slice(2).map(b => ({ from: b, to: 'b1', duplex: true }));
    const text = new MeshGraph(brokers, links).explainIsolation('b0')!;
    expect(text).toContain('(b1, b2, b3, b4, b5 and 6 more)');
    expect(text).not.toContain('b11');
  });

  test('components() lists parts in broker order', () => {
    const g = new MeshGraph(['a', 'b', 'c', 'd', 'e'], [{ from: 'd', to: 'a', duplex: true }, { from: 'e', to: 'c', duplex: false }]);
    expect(g.components()).toEqual([['a', 'd'], ['b'], ['c', 'e']]);
  });
});

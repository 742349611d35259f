import { Lazy } from 'aws-cdk-lib';
import { MeshGraph, MeshLink, MeshTopology, MeshTopologyKind } from '../../src/topology';

const SIZES = [2, 3, 4, 5, 6, 7, 8];
const key = (l: MeshLink) => `${l.from}->${l.to}:${l.duplex}`;

/** The topologies under test, with the smallest size each supports. */
const TOPOLOGIES: Array<[string, () => MeshTopology, number]> = [
  ['full mesh', () => MeshTopology.fullMesh(), 2],
  ['hub-and-spoke (hub 0)', () => MeshTopology.hubAndSpoke(), 2],
  ['hub-and-spoke (hub 2)', () => MeshTopology.hubAndSpoke({ hubIndex: 2 }), 3],
  ['concentrator (2)', () => MeshTopology.concentrator(), 3],
  ['concentrator (1)', () => MeshTopology.concentrator({ concentratorCount: 1 }), 2],
  ['concentrator (3)', () => MeshTopology.concentrator({ concentratorCount: 3 }), 4],
];

describe('MeshTopology factories', () => {
  test('kinds and networkTTLs', () => {
    expect(MeshTopology.fullMesh()).toMatchObject({ _kind: MeshTopologyKind.FULL_MESH, recommendedNetworkTtl: 1, minimumNetworkTtl: 1 });
    expect(MeshTopology.hubAndSpoke()).toMatchObject({ _kind: MeshTopologyKind.HUB_AND_SPOKE, recommendedNetworkTtl: 2, minimumNetworkTtl: 2 });
    expect(MeshTopology.concentrator()).toMatchObject({ _kind: MeshTopologyKind.CONCENTRATOR, recommendedNetworkTtl: 1, minimumNetworkTtl: 1 });
  });
});

describe('links', () => {
  test('full mesh of 4: each node points at every smaller index, duplex', () => {
    expect(MeshTopology.fullMesh()._links(4)).toEqual([
      { from: 1, to: 0, duplex: true },
      { from: 2, to: 0, duplex: true }, { from: 2, to: 1, duplex: true },
      { from: 3, to: 0, duplex: true }, { from: 3, to: 1, duplex: true }, { from: 3, to: 2, duplex: true },
    ]);
  });

  test('hub-and-spoke of 4 with hub 1: every spoke points at the hub, duplex; the hub declares none', () => {
    expect(MeshTopology.hubAndSpoke({ hubIndex: 1 })._links(4)).toEqual([
      { from: 0, to: 1, duplex: true },
      { from: 2, to: 1, duplex: true },
      { from: 3, to: 1, duplex: true },
    ]);
  });

  test('concentrator of 5 with 2 concentrators: duplex core, one-way edges to every concentrator', () => {
    expect(MeshTopology.concentrator()._links(5)).toEqual([
      { from: 1, to: 0, duplex: true },
      { from: 2, to: 0, duplex: false }, { from: 2, to: 1, duplex: false },
      { from: 3, to: 0, duplex: false }, { from: 3, to: 1, duplex: false },
      { from: 4, to: 0, duplex: false }, { from: 4, to: 1, duplex: false },
    ]);
  });

  test.each(SIZES)('full mesh of %i: every unordered pair exactly once', (n) => {
    const links = MeshTopology.fullMesh()._links(n);
    expect(links).toHaveLength(n * (n - 1) / 2);
    const pairs = new Set(links.map(l => `${Math.min(l.from, l.to)}-${Math.max(l.from, l.to)}`));
    expect(pairs.size).toBe(links.length);
    expect(links.every(l => l.from > l.to && l.duplex)).toBe(true);
  });

  test.each(SIZES)('hub-and-spoke of %i: n-1 duplex links into the hub', (n) => {
    const hub = n - 1;
    const links = MeshTopology.hubAndSpoke({ hubIndex: hub })._links(n);
    expect(links).toHaveLength(n - 1);
    expect(links.every(l => l.to === hub && l.from !== hub && l.duplex)).toBe(true);
    expect(new Set(links.map(l => l.from)).size).toBe(n - 1);
  });

  test.each(SIZES.filter(n => n >= 3))('concentrator of %i: K(K-1)/2 core links and (n-K)K edge links', (n) => {
    const k = 2;
    const links = MeshTopology.concentrator({ concentratorCount: k })._links(n);
    const core = links.filter(l => l.from < k);
    const edge = links.filter(l => l.from >= k);
    expect(core).toHaveLength(k * (k - 1) / 2);
    expect(core.every(l => l.to < k && l.duplex)).toBe(true);
    expect(edge).toHaveLength((n - k) * k);
    expect(edge.every(l => l.to < k && !l.duplex)).toBe(true);
  });

  test('forcing duplex false on a full mesh gives one one-way link in each direction per pair', () => {
    expect(MeshTopology.fullMesh()._links(3, false)).toEqual([
      { from: 0, to: 1, duplex: false }, { from: 0, to: 2, duplex: false },
      { from: 1, to: 0, duplex: false }, { from: 1, to: 2, duplex: false },
      { from: 2, to: 0, duplex: false }, { from: 2, to: 1, duplex: false },
    ]);
  });

  test('forcing duplex false on hub-and-spoke makes the hub declare a link to every spoke', () => {
    expect(MeshTopology.hubAndSpoke()._links(3, false)).toEqual([
      { from: 0, to: 1, duplex: false }, { from: 0, to: 2, duplex: false },
      { from: 1, to: 0, duplex: false }, { from: 2, to: 0, duplex: false },
    ]);
  });

  test('forcing duplex true on a concentrator makes the edge links duplex', () => {
    expect(MeshTopology.concentrator()._links(3, true)).toEqual([
      { from: 1, to: 0, duplex: true }, { from: 2, to: 0, duplex: true }, { from: 2, to: 1, duplex: true },
    ]);
  });

  test('forcing duplex false on a concentrator splits only the core links', () => {
    expect(MeshTopology.concentrator()._links(3, false)).toEqual([
      { from: 0, to: 1, duplex: false }, { from: 1, to: 0, duplex: false },
      { from: 2, to: 0, duplex: false }, { from: 2, to: 1, duplex: false },
    ]);
  });

  test('forcing duplex true on a full mesh changes nothing', () => {
    expect(MeshTopology.fullMesh()._links(5, true)).toEqual(MeshTopology.fullMesh()._links(5));
  });
});

describe('growth: adding node N never adds or changes a connector on nodes 0..N-1', () => {
  const cases = TOPOLOGIES.flatMap(([name, make, min]) => SIZES.filter(n => n >= min).map(n => [name, n, make] as const));
  test.each(cases)('%s from %i brokers to one more', (_name, n, make) => {
    const topology = make();
    const before = topology._links(n);
    const after = topology._links(n + 1);
    // links(n) is a prefix of links(n+1), so also a subset
    expect(after.slice(0, before.length)).toEqual(before);
    const beforeKeys = new Set(before.map(key));
    const added = after.filter(l => !beforeKeys.has(key(l)));
    expect(added.length).toBeGreaterThan(0);
    // every added connector is declared on the new node; none points at it from an existing node
    expect(added.every(l => l.from === n)).toBe(true);
    expect(after.some(l => l.to === n)).toBe(false);
  });

  test.each(TOPOLOGIES.filter(([name]) => !name.startsWith('concentrator')))(
    'with duplex forced false, %s growth does change existing nodes (documented trade-off)', (_name, make, min) => {
      const n = Math.max(min, 3);
      const after = make()._links(n + 1, false);
      expect(after.some(l => l.to === n && l.from < n)).toBe(true);
    });
});

describe('networkTTL properties match the graph', () => {
  const cases = TOPOLOGIES.flatMap(([name, make, min]) => SIZES.filter(n => n >= Math.max(min, 3)).map(n => [name, n, make] as const));
  test.each(cases)('%s of %i: recommendedNetworkTtl reaches every pair the topology connects; one less does not', (_name, n, make) => {
    const topology = make();
    const graph = MeshGraph.fromTopology(topology, n);
    const atAll = graph.unreachablePairs(n);
    expect(graph.unreachablePairs(topology.recommendedNetworkTtl)).toEqual(atAll);
    expect(graph.unreachablePairs(topology.minimumNetworkTtl)).toEqual(atAll);
    if (topology.minimumNetworkTtl > 1) {
      expect(graph.unreachablePairs(topology.minimumNetworkTtl - 1).length).toBeGreaterThan(atAll.length);
    }
  });
});

describe('validation', () => {
  test.each([1, 0, -3, 2.5])('fails if brokerCount is %p', (n) => {
    expect(() => MeshTopology.fullMesh()._links(n)).toThrow(
      `brokerCount must be at least 2, got ${n}: a network of brokers needs two or more brokers; set brokerCount to 2 or more.`);
  });

  test('fails if brokerCount is a token', () => {
    expect(() => MeshTopology.fullMesh()._validate(Lazy.number({ produce: () => 3 }))).toThrow(
      /brokerCount must be a number known at synth time, got a token/);
  });

  test('fails if the hub index is not a broker', () => {
    expect(() => MeshTopology.hubAndSpoke({ hubIndex: 3 })._links(3)).toThrow(
      /topology hubIndex must be less than brokerCount \(3\), got 3: the hub must be one of the brokers/);
  });

  test.each([-1, 1.5])('fails if the hub index is %p', (hubIndex) => {
    expect(() => MeshTopology.hubAndSpoke({ hubIndex })).toThrow(
      `topology hubIndex must be a whole number of at least 0, got ${hubIndex}: it is the 0-based index of a broker; pass e.g. 0.`);
  });

  test('fails if the hub index is a token', () => {
    expect(() => MeshTopology.hubAndSpoke({ hubIndex: Lazy.number({ produce: () => 0 }) })).toThrow(
      /topology hubIndex must be a number known at synth time, got a token/);
  });

  test.each([0, -2])('fails if concentratorCount is %p', (concentratorCount) => {
    expect(() => MeshTopology.concentrator({ concentratorCount })).toThrow(
      `topology concentratorCount must be a whole number of at least 1, got ${concentratorCount}: pass e.g. 2.`);
  });

  test('fails if no edge broker is left', () => {
    expect(() => MeshTopology.concentrator()._validate(2)).toThrow(
      /topology concentratorCount must be less than brokerCount \(2\), got 2: a concentrator topology needs at least one edge broker/);
  });

  test('a valid layout passes', () => {
    expect(() => MeshTopology.concentrator({ concentratorCount: 3 })._validate(4)).not.toThrow();
  });
});

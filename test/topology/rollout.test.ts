import { applyStep, brokenBridges, hasCycle, MeshTopology, ModelNode, rebootOrder, RolloutLink, rotationPlan, RotationStep } from '../../src/topology';

const TOPOLOGIES: Array<[string, (n: number) => MeshTopology]> = [
  ['full mesh', () => MeshTopology.fullMesh()],
  ['hub and spoke, hub 0', () => MeshTopology.hubAndSpoke()],
  ['hub and spoke, hub last', (n) => MeshTopology.hubAndSpoke({ hubIndex: n - 1 })],
  ['hub and spoke, hub in the middle', (n) => MeshTopology.hubAndSpoke({ hubIndex: Math.floor(n / 2) })],
  ['concentrator (2)', () => MeshTopology.concentrator({ concentratorCount: 2 })],
  ['concentrator (1)', () => MeshTopology.concentrator({ concentratorCount: 1 })],
];
const SIZES = [2, 3, 4, 7, 12, 21];

/** The sizes a topology accepts (a concentrator needs an edge broker). */
function sizesFor(make: (n: number) => MeshTopology): number[] {
  return SIZES.filter((n) => {
    try { make(n)._links(n); return true; } catch { return false; }
  });
}

function linksOf(topology: MeshTopology, n: number): RolloutLink[] {
  return topology._links(n).map((l) => ({ from: l.from, to: l.to, duplex: l.duplex }));
}

/** Every node holds `active` (connectors) and `idle` with one password each, everything applied. */
function steadyMesh(n: number, active = 'bridge', idle = 'bridge_clone'): ModelNode[] {
  return Array.from({ length: n }, () => ({ applied: { [active]: 'A-1', [idle]: 'B-1' }, pending: {}, connectorUser: active }));
}

/** Runs the plan through the model; returns, per step, the bridges down after it. */
function replay(nodes: ModelNode[], steps: RotationStep[], links: RolloutLink[], password: string)
  : { state: ModelNode[]; downAfter: RolloutLink[][] } {
  const downAfter: RolloutLink[][] = [];
  let state = nodes;
  for (const step of steps) {
    state = applyStep(state, step, password);
    downAfter.push(brokenBridges(state, links));
  }
  return { state, downAfter };
}

describe('rebootOrder: targets before sources', () => {
  test.each(TOPOLOGIES)('%s: every node reboots after all the nodes its connectors point at', (_name, make) => {
    for (const n of sizesFor(make)) {
      const topology = make(n);
      const links = linksOf(topology, n);
      const order = rebootOrder(n, links);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      for (const l of links) {
        expect(order.indexOf(l.to)).toBeLessThan(order.indexOf(l.from));
      }
    }
  });

  test('a hub with a higher index than its spokes reboots first', () => {
    expect(rebootOrder(3, linksOf(MeshTopology.hubAndSpoke({ hubIndex: 2 }), 3))).toEqual([2, 0, 1]);
  });

  test('adding a node appends it and keeps the order of the existing nodes', () => {
    for (const [, make] of TOPOLOGIES) {
      for (const n of [3, 5, 8]) {
        const before = rebootOrder(n, linksOf(make(n), n));
        const topology = make(n); // same options: the hub index does not move when the mesh grows
        const after = rebootOrder(n + 1, linksOf(topology, n + 1));
        expect(after.slice(0, n)).toEqual(before);
        expect(after[n]).toBe(n);
      }
    }
  });

  test('connectors that point both ways form cycles: the lowest index goes first inside them', () => {
    const both = linksOf(MeshTopology.fullMesh(), 4).flatMap((l) => [l, { from: l.to, to: l.from, duplex: false }]);
    expect(hasCycle(4, both)).toBe(true);
    expect(rebootOrder(4, both)).toEqual([0, 1, 2, 3]);
    expect(hasCycle(4, linksOf(MeshTopology.fullMesh(), 4))).toBe(false);
  });
});

describe('rotation of the inter-broker user with alternating users', () => {
  test.each(TOPOLOGIES)('%s: no bridge is down at any step, and every node ends on the new password', (_name, make) => {
    for (const n of sizesFor(make)) {
      const links = linksOf(make(n), n);
      const declaring = new Set(links.map((l) => l.from));
      const steps = rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge_clone' });
      const { state, downAfter } = replay(steadyMesh(n), steps, links, 'B-2');
      downAfter.forEach((down, i) => expect({ step: i, kind: steps[i].kind, down }).toEqual({ step: i, kind: steps[i].kind, down: [] }));
      state.forEach((node, i) => {
        expect(node.connectorUser).toBe(declaring.has(i) ? 'bridge_clone' : 'bridge');
        expect(node.applied.bridge_clone).toBe('B-2');
        expect(node.applied.bridge).toBe('A-1'); // the now-idle user keeps its (consistent) password
        expect(node.pending).toEqual({});
      });
    }
  });

  test('the next rotation rotates the other user, and is just as safe', () => {
    const n = 5;
    const links = linksOf(MeshTopology.fullMesh(), n);
    const first = replay(steadyMesh(n), rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge_clone' }), links, 'B-2');
    const second = replay(first.state, rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge' }), links, 'A-2');
    expect(second.downAfter.flat()).toEqual([]);
    expect(second.state.every((s) => s.connectorUser === 'bridge' && s.applied.bridge === 'A-2')).toBe(true);
  });

  test('the same steps rebooted in index order break a bridge when the hub is not node 0 (order matters)', () => {
    const n = 3;
    const links = linksOf(MeshTopology.hubAndSpoke({ hubIndex: 2 }), n);
    const planned = rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge_clone' });
    const reboots = [0, 1, 2].map((node) => ({ kind: 'reboot', node }) as RotationStep);
    const indexOrder = [...planned.filter((s) => s.kind !== 'reboot' && s.kind !== 'promote'), ...reboots];
    const { downAfter } = replay(steadyMesh(n), indexOrder, links, 'B-2');
    expect(downAfter.flat().length).toBeGreaterThan(0);
  });

  test.each([3, 4, 7])('one-way connectors both ways (full mesh, duplex false, %i nodes): two rolls, and no bridge is down at any step', (n) => {
    const links = MeshTopology.fullMesh()._links(n, false).map((l) => ({ from: l.from, to: l.to, duplex: l.duplex }));
    expect(hasCycle(n, links)).toBe(true);
    const steps = rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge_clone' });
    expect(steps.filter((s) => s.kind === 'reboot')).toHaveLength(2 * n);
    const { state, downAfter } = replay(steadyMesh(n), steps, links, 'B-2');
    expect(downAfter.flat()).toEqual([]);
    expect(state.every((node) => node.connectorUser === 'bridge_clone' && node.applied.bridge_clone === 'B-2')).toBe(true);
    // The one-roll plan would break bridges here: that is why the plan takes two.
    const oneRoll = [...steps.slice(0, n), ...steps.slice(2 * n)];
    expect(replay(steadyMesh(n), oneRoll, links, 'B-2').downAfter.flat().length).toBeGreaterThan(0);
  });

  test('a rotation stopped half way (after any reboot) leaves every bridge up', () => {
    const n = 7;
    const links = linksOf(MeshTopology.fullMesh(), n);
    const steps = rotationPlan({ nodeCount: n, links, strategy: 'alternating-users', rotatedUser: 'bridge_clone' });
    for (let stop = 0; stop < steps.length; stop++) {
      const { downAfter } = replay(steadyMesh(n), steps.slice(0, stop + 1), links, 'B-2');
      expect(downAfter[stop]).toEqual([]);
    }
  });
});

describe('single-user rotation', () => {
  test('of the bridge user, it takes bridges down during the rolling reboot (why the bridge user alternates)', () => {
    const n = 3;
    const links = linksOf(MeshTopology.fullMesh(), n);
    const steps = rotationPlan({ nodeCount: n, links, strategy: 'single-user', rotatedUser: 'bridge' });
    expect(steps.some((s) => s.kind === 'switch-connectors')).toBe(false);
    const { state, downAfter } = replay(steadyMesh(n), steps, links, 'A-2');
    expect(downAfter.flat().length).toBeGreaterThan(0);
    expect(brokenBridges(state, links)).toEqual([]); // consistent again once every node has rebooted
  });

  test('plan: the password on every node, one reboot per node in order, then the secret', () => {
    const links = linksOf(MeshTopology.hubAndSpoke({ hubIndex: 1 }), 3);
    expect(rotationPlan({ nodeCount: 3, links, strategy: 'single-user', rotatedUser: 'app' })).toEqual([
      { kind: 'set-password', node: 1, user: 'app' },
      { kind: 'set-password', node: 0, user: 'app' },
      { kind: 'set-password', node: 2, user: 'app' },
      { kind: 'reboot', node: 1 },
      { kind: 'reboot', node: 0 },
      { kind: 'reboot', node: 2 },
      { kind: 'promote' },
    ]);
  });
});

import { DEFAULT_DRILL_OPTIONS, DrillOptions, UsageError } from '../../src/drill/args';
import { judgeNegative } from '../../src/drill/negative';
import { allDirections, directionLabel, DrillPlan, meshDrillPlan } from '../../src/drill/plan';
import { BridgeCheck } from '../../src/drill/report';

const options = (o: Partial<DrillOptions> = {}): DrillOptions => ({ ...DEFAULT_DRILL_OPTIONS, ...o });
const labels = (plan: DrillPlan, ds: readonly { from: number; to: number }[]) => ds.map((d) => directionLabel(plan, d));

describe('meshDrillPlan', () => {
  test('full mesh: MeshPlan\'s XML with loopback endpoints, every direction expected', () => {
    const plan = meshDrillPlan(options({ brokers: 3, basePort: 62000 }));
    expect(plan.nodes.map((n) => [n.name, n.port, n.url])).toEqual([
      ['node0', 62000, 'tcp://127.0.0.1:62000'], ['node1', 62010, 'tcp://127.0.0.1:62010'], ['node2', 62020, 'tcp://127.0.0.1:62020'],
    ]);
    expect(plan.nodes[2].amazonMqXml).toContain('uri="static:(tcp://127.0.0.1:62000)"');
    expect(plan.nodes[2].amazonMqXml).toContain('userName="mesh-bridge"');
    expect(plan.nodes[2].amazonMqXml).not.toContain('password');
    expect(plan.nodes.some((n) => n.mismatchedBridgePassword)).toBe(false);
    expect(plan.clientUser.username).toBe('drill-app');
    expect(plan.nodes[0].users.map((u) => [u.username, u.passwordKey])).toEqual([['mesh-bridge', 'bridge'], ['drill-app', 'client']]);
    expect(labels(plan, plan.expected)).toEqual(labels(plan, allDirections(3)));
    expect(plan.unreachable).toEqual([]);
    expect(plan.graph.brokers).toEqual(['node0', 'node1', 'node2']);
  });

  test('concentrator: edges reach both centres, nothing flows back to the edges', () => {
    const plan = meshDrillPlan(options({ brokers: 4, topology: 'concentrator' }));
    expect(labels(plan, plan.expected)).toEqual(['node0→node1', 'node1→node0', 'node2→node0', 'node2→node1', 'node3→node0', 'node3→node1']);
    expect(labels(plan, plan.unreachable).sort()).toEqual(['node0→node2', 'node0→node3', 'node1→node2', 'node1→node3', 'node2→node3', 'node3→node2']);
  });

  test('negative hub-ttl-1: the plan\'s own connectors with networkTTL 1; spoke-to-spoke unreachable', () => {
    const plan = meshDrillPlan(options({ topology: 'hub-and-spoke', negative: 'hub-ttl-1' }));
    expect(plan.networkTtl).toBe(1);
    expect(plan.nodes[1].amazonMqXml).toContain('networkTTL="1"');
    expect(plan.nodes[1].amazonMqXml).not.toContain('networkTTL="2"');
    expect(labels(plan, plan.unreachable)).toEqual(['node1→node2', 'node2→node1']);
  });

  test('negative bridge-password: the last node gets the other password', () => {
    const plan = meshDrillPlan(options({ brokers: 4, negative: 'bridge-password' }));
    expect(plan.nodes.map((n) => n.mismatchedBridgePassword === true)).toEqual([false, false, false, true]);
    expect(plan.nodes.map((n) => n.users[0].passwordKey)).toEqual(['bridge', 'bridge', 'bridge', 'wrong-bridge']);
  });

  test('a plan MeshPlan refuses is a UsageError with its message', () => {
    expect(() => meshDrillPlan(options({ topology: 'hub-and-spoke', networkTtl: 1 }))).toThrow(UsageError);
    expect(() => meshDrillPlan(options({ topology: 'hub-and-spoke', networkTtl: 1 }))).toThrow(/networkTtl/);
  });
});

describe('judgeNegative', () => {
  const check = (plan: DrillPlan, failed: string[]): BridgeCheck => {
    const all = labels(plan, allDirections(plan.nodes.length));
    return {
      expected: labels(plan, plan.expected),
      checked: all,
      notExpected: labels(plan, plan.unreachable),
      carrying: all.filter((d) => !failed.includes(d)),
      failed,
      elapsedMs: 12_000,
    };
  };

  test('bridge-password: detected when exactly the directions to and from the node fail', () => {
    const plan = meshDrillPlan(options({ negative: 'bridge-password' }));
    const n = judgeNegative('bridge-password', plan, check(plan, ['node0→node2', 'node1→node2', 'node2→node0', 'node2→node1']), ['node2: WARN x']);
    expect(n.detected).toBe(true);
    expect(n.kind).toBe('bridge-password');
    expect(n.explanation[0]).toBe('node2 was given a different inter-broker password from the other 2 brokers.');
    expect(n.explanation.join(' ')).toContain('must be identical on every node');
    expect(n.evidence).toEqual(['node2: WARN x']);
  });

  test.each([
    ['nothing failed', []],
    ['a direction between the good nodes failed too', ['node0→node2', 'node1→node2', 'node2→node0', 'node2→node1', 'node0→node1']],
  ])('bridge-password: not detected when %s', (_, failed) => {
    const plan = meshDrillPlan(options({ negative: 'bridge-password' }));
    const n = judgeNegative('bridge-password', plan, check(plan, failed), []);
    expect(n.detected).toBe(false);
    expect(n.explanation).toEqual([`The mismatched password on node2 was NOT detected: the directions that failed were [${failed.join(', ')}].`]);
  });

  test('bridge-password: a plan without a mismatched node is never "detected"', () => {
    const plan = meshDrillPlan(options());
    expect(judgeNegative('bridge-password', plan, check(plan, ['node0→node1']), []).detected).toBe(false);
  });

  test('hub-ttl-1: detected when exactly the predicted directions fail, explained from the mesh graph', () => {
    const plan = meshDrillPlan(options({ topology: 'hub-and-spoke', negative: 'hub-ttl-1' }));
    const n = judgeNegative('hub-ttl-1', plan, check(plan, ['node1→node2', 'node2→node1']), []);
    expect(n.detected).toBe(true);
    expect(n.explanation.join('\n')).toContain('node1 → node2 needs 2 hops');
    expect(n.explanation[n.explanation.length - 1]).toContain('refuses networkTtl 1 for hub-and-spoke');
  });

  test.each([
    ['only one of them failed', ['node1→node2']],
    ['a hub direction failed too', ['node1→node2', 'node2→node1', 'node0→node1']],
  ])('hub-ttl-1: not detected when %s', (_, failed) => {
    const plan = meshDrillPlan(options({ topology: 'hub-and-spoke', negative: 'hub-ttl-1' }));
    const n = judgeNegative('hub-ttl-1', plan, check(plan, failed), []);
    expect(n.detected).toBe(false);
    expect(n.explanation[0]).toBe(`networkTTL 1 on hub-and-spoke was NOT detected: expected [node1→node2, node2→node1] to fail, but [${failed.join(', ')}] failed.`);
  });
});

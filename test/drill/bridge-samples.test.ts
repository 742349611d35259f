import { pathOf, sampleBridges } from '../../src/drill/bridge-samples';
import { ClientEvent } from '../../src/drill/client-events';
import { judgeNaiveRotation, renderRotation, RotationReport, rotationProblems } from '../../src/drill/rotation-report';

const T = 1_000_000;
/** Probes on 0>1 every 250 ms from T for `n` probes; `lost(i)` drops probe i, `late(i)` delivers it 2 s late. */
function probes(from: number, to: number, n: number, lost: (i: number) => boolean, late: (i: number) => boolean = () => false): ClientEvent[] {
  const events: ClientEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = T + i * 250;
    events.push({ e: 'probe-sent', from, to, seq: i + 1, t });
    if (!lost(i)) events.push({ e: 'probe', from, to, seq: i + 1, t: t + (late(i) ? 2000 : 20) });
  }
  return events;
}
const settings = { latencyMs: 1000, graceMs: 1000, endAt: T + 100_000, bucketMs: 1000, startAt: T };
const d01 = { from: 0, to: 1, path: [0, 1], label: 'node0→node1' };

describe('sampleBridges', () => {
  test('a lost or late probe while every node of the path runs is a bridge down that the topology expects up', () => {
    const s = sampleBridges(probes(0, 1, 16, (i) => i === 5, (i) => i === 9), [d01], [], settings);
    expect(s).toMatchObject({ probes: 16, expectedUp: 16, upWhenExpected: 14, downWhenExpected: 2, duringRestart: 0 });
    expect(s.directions[0].downAtSeconds).toEqual([1.3, 2.3]);
    expect(s.directions[0].timeline).toBe('#XX#');
  });

  test('while a node of the path restarts, until the direction carries a probe again (at most the grace after "started"), a missing probe is expected', () => {
    // node1 down from 1.0 s to 2.0 s; the direction is back at 2.5 s: probes from 1.0 s to 2.25 s are expected down
    const outage = { node: 1, from: T + 1000, to: T + 2000 };
    const s = sampleBridges(probes(0, 1, 16, (i) => i >= 4 && i <= 9), [d01], [outage], settings);
    expect(s).toMatchObject({ expectedUp: 10, upWhenExpected: 10, downWhenExpected: 0, duringRestart: 6, upDuringRestart: 0 });
    expect(s.directions[0].timeline).toBe('#.##');
    // a bridge that does not come back is excused for the grace (1 s after "started") only
    const refused = sampleBridges(probes(0, 1, 16, (i) => i >= 4), [d01], [outage], settings);
    expect(refused).toMatchObject({ duringRestart: 8, downWhenExpected: 4 });
    expect(refused.directions[0].downAtSeconds).toEqual([3, 3.3, 3.5, 3.8]);
    // a node not on the path does not excuse anything
    expect(sampleBridges(probes(0, 1, 16, (i) => i >= 4 && i <= 9), [d01], [{ ...outage, node: 2 }], settings).downWhenExpected).toBe(6);
    // a node that never came back keeps its directions expected down
    expect(sampleBridges(probes(0, 1, 16, (i) => i >= 4), [d01], [{ node: 0, from: T + 1000 }], settings).downWhenExpected).toBe(0);
  });

  test('a failed send is down; probes after endAt are not judged', () => {
    const events: ClientEvent[] = [{ e: 'probe-failed', from: 0, to: 1, seq: 1, t: T }, ...probes(0, 1, 4, () => true).filter((e) => e.e === 'probe-sent').map((e) => ({ ...e, seq: e.seq + 1 }))];
    const s = sampleBridges(events, [d01], [], { ...settings, endAt: T + 300 });
    expect([s.probes, s.downWhenExpected]).toEqual([3, 3]);
  });
});

test('pathOf: the shortest path over the links, duplex links both ways', () => {
  const hub = [{ from: 1, to: 0, duplex: true }, { from: 2, to: 0, duplex: true }];
  expect(pathOf(1, 2, hub)).toEqual([1, 0, 2]);
  expect(pathOf(0, 2, hub)).toEqual([0, 2]);
  expect(pathOf(0, 1, [{ from: 1, to: 0, duplex: false }])).toEqual([0, 1]);
});

describe('the rotation report', () => {
  const clean = sampleBridges(probes(0, 1, 8, () => false), [d01], [], settings);
  const broken = sampleBridges(probes(0, 1, 8, (i) => i > 3), [d01], [], settings);
  const report = (samples: typeof clean, modelBroken: string[] = [], authFailures: string[] = []): RotationReport => ({
    kind: 'alternating-users',
    rotatedUser: 'mesh-bridge_clone',
    connectorUserAfter: 'mesh-bridge_clone',
    samples,
    authFailures,
    elapsedSeconds: 2,
    settings: { probeIntervalMs: 250, latencyMs: 1000, graceMs: 8000 },
    steps: [{ step: 'set-password node0 mesh-bridge_clone', atSeconds: 0.5, modelBroken: [] }, { step: 'reboot node0', atSeconds: 0.6, downSeconds: 2.1, modelBroken }],
  });

  test('the library\'s rotation passes only when nothing was down, refused or unjudged', () => {
    expect(rotationProblems(report(clean))).toEqual([]);
    expect(rotationProblems(report(broken))).toEqual(['4 of 8 probes sent while every node of their path was running did not arrive within 1000 ms: '
      + 'a bridge the topology expects up was down (node0→node1 at 1 s, 1.3 s, 1.5 s, 1.8 s).']);
    expect(rotationProblems(report(clean, ['node1→node0']))).toEqual(["the library's own model says the rotation takes bridges down (after reboot node0: node1→node0)."]);
    expect(rotationProblems(report(clean, [], ['node1: WARN … password is invalid']))[0]).toMatch(/^1 broker log line\(s\) show refused credentials/);
    expect(rotationProblems(report(sampleBridges([], [d01], [], settings)))[0]).toMatch(/judged no probe/);
  });

  test('the naive rotation is detected only when bridges were seen down and the model predicted it', () => {
    const naive = { ...report(broken, ['node1→node0']), kind: 'naive' as const, rotatedUser: 'mesh-bridge' };
    expect(judgeNaiveRotation(naive)).toMatchObject({ kind: 'naive-rotation', detected: true });
    expect(judgeNaiveRotation(naive).explanation.join(' ')).toContain('4 of 8 probes sent while both ends were running did not arrive, on node0→node1');
    expect(judgeNaiveRotation({ ...naive, samples: clean }).detected).toBe(false);
    const text = renderRotation(naive).join('\n');
    expect(text).toContain("Rotation, the naive way: mesh-bridge's new password on every broker, then a rolling reboot");
    expect(text).toContain('DOWN WHILE EXPECTED UP      4');
    expect(text).toContain('node0→node1  #X');
    expect(renderRotation(report(clean)).join('\n')).toContain("the library's way: mesh-bridge_clone (idle) gets the new password");
  });
});

import { computeTrafficStats } from '../../src/drill/stats';
import { killReason, killSchedule, killVictims, trafficNotes } from '../../src/drill/traffic';

describe('the kill plan', () => {
  test.each([
    [30, 9000, 18000],
    [12, 3600, 7200],
    [5, 2000, 4000],
  ])('--duration %d: kill at %d ms, restart at %d ms', (duration, kill, restart) => {
    expect(killSchedule(duration)).toEqual({ killAfterMs: kill, restartAfterMs: restart });
  });

  test('victims: the client\'s broker, the chosen node, or every node', () => {
    expect(killVictims('client', 2, 3)).toEqual([2]);
    expect(killVictims('client', undefined, 3)).toBeUndefined();
    expect(killVictims(1, 2, 3)).toEqual([1]);
    expect(killVictims('all', undefined, 3)).toEqual([0, 1, 2]);
  });

  test('reasons', () => {
    expect(killReason('client', 'node2')).toBe('the broker the client was connected to');
    expect(killReason(0, 'node2')).toBe('chosen with --kill');
    expect(killReason('all', 'node2')).toBe('every broker: a whole-mesh outage (the client was on node2)');
    expect(killReason('all', undefined)).toBe('every broker: a whole-mesh outage (the client was on an unknown node)');
  });
});

describe('trafficNotes', () => {
  const T = 1_000_000;
  const kill = { node: 'node1', reason: 'r', atSeconds: 3 };
  const stranded = computeTrafficStats([
    { e: 'sent', seq: 1, t0: T, t: T + 1 },
    { e: 'sent', seq: 2, t0: T + 10, t: T + 11 },
    { e: 'recv', t: T + 9000, seq: 1, redelivered: false },
    { e: 'recv', t: T + 9001, seq: 2, redelivered: false },
    { e: 'recv', t: T + 9002, seq: 2, redelivered: false },
  ], { trafficStartAt: T, killAt: T + 3000, restartAt: T + 8000, restartReadyAt: T + 8900 });

  test('messages that waited on the killed broker, a late consumer, duplicates', () => {
    expect(stranded.strandedUntilRestart).toBe(2);
    const notes = trafficNotes(stranded, kill, 1500);
    expect(notes).toHaveLength(3);
    expect(notes[0]).toContain('2 message(s) stored on node1 when it was killed waited there and were delivered only after node1 restarted');
    expect(notes[1]).toBe('The consumer started 1.5 s after the kill (--consumer-delay), so the receive-side time to recover includes that delay; use the send-side figure for failover speed.');
    expect(notes[2]).toMatch(/^1 duplicate deliveries/);
  });

  test('nothing waited; no kill, no notes', () => {
    const clean = computeTrafficStats([{ e: 'sent', seq: 1, t0: T, t: T + 1 }, { e: 'recv', t: T + 2, seq: 1, redelivered: false }],
      { trafficStartAt: T, killAt: T + 3000, restartAt: T + 8000, restartReadyAt: T + 8900 });
    expect(trafficNotes(clean, kill, undefined)).toEqual([expect.stringContaining('no acknowledged message was waiting on node1')]);
    expect(trafficNotes(clean, undefined, -200)).toEqual([]);
  });
});

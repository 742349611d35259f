import { ClientEvent } from '../../src/drill/client-events';
import { computeTrafficStats, spread } from '../../src/drill/stats';

const T = 1_000_000;
const sent = (seq: number, t: number): ClientEvent => ({ e: 'sent', seq, t0: t - 2, t });
const recv = (seq: number, t: number, redelivered = false): ClientEvent => ({ e: 'recv', seq, t, redelivered });

describe('computeTrafficStats', () => {
  test('counts sent, received, missing and duplicates', () => {
    const events: ClientEvent[] = [
      { e: 'connected', t: T, uri: 'tcp://127.0.0.1:61616' },
      sent(1, T + 10), recv(1, T + 12),
      sent(2, T + 20), recv(2, T + 22),
      sent(3, T + 30),
      sent(4, T + 40), recv(4, T + 42), recv(4, T + 900, true),
      { e: 'send-failed', seq: 5, t0: T + 48, t: T + 50, msg: 'boom' },
      recv(2, T + 950),
    ];
    const s = computeTrafficStats(events, { trafficStartAt: T });
    expect(s).toMatchObject({
      attempted: 5,
      acknowledged: 4,
      sendFailures: 1,
      received: 5,
      unique: 3,
      duplicates: 2,
      redelivered: 1,
      missing: 1,
      missingSeqs: [3],
      strandedUntilRestart: 0,
      reconnects: 0,
      recovery: undefined,
    });
    expect(s.timeline).toEqual([{ second: 0, sent: 4, received: 5 }]);
  });

  test('time to recover: from the kill to the first receive and send ack after the client noticed', () => {
    const kill = T + 5000;
    const events: ClientEvent[] = [
      { e: 'connected', t: T, uri: 'tcp://127.0.0.1:61616' },
      sent(1, T + 4990), recv(1, kill + 1), // delivered from the client's buffer before it noticed: not recovery
      { e: 'interrupted', t: kill + 3 },
      { e: 'resumed', t: kill + 110, uri: 'tcp://127.0.0.1:61626' },
      sent(2, kill + 115), recv(2, kill + 130),
      sent(3, kill + 400), recv(3, kill + 420),
    ];
    const s = computeTrafficStats(events, { trafficStartAt: T, killAt: kill });
    expect(s.recovery).toEqual({
      interruptedAfterMs: 3,
      reconnectedAfterMs: 110,
      reconnectedTo: 'tcp://127.0.0.1:61626',
      firstReceiveAfterMs: 130,
      firstSendAckAfterMs: 115,
      longestReceiveGapMs: 290,
    });
    expect(s.reconnects).toBe(1);
  });

  test('a kill the client did not notice: recovery counts from the kill', () => {
    const kill = T + 1000;
    const s = computeTrafficStats([sent(1, kill + 5), recv(1, kill + 7)], { trafficStartAt: T, killAt: kill });
    expect(s.recovery).toMatchObject({
      interruptedAfterMs: undefined, reconnectedAfterMs: undefined, firstReceiveAfterMs: 7, firstSendAckAfterMs: 5,
    });
  });

  test('no traffic after the kill leaves recovery times undefined', () => {
    const s = computeTrafficStats([sent(1, T + 1)], { trafficStartAt: T, killAt: T + 10 });
    expect(s.recovery).toMatchObject({ firstReceiveAfterMs: undefined, firstSendAckAfterMs: undefined, longestReceiveGapMs: undefined });
    expect(s.missing).toBe(1);
  });

  test('stranded: acknowledged before the kill, first received only after the restart', () => {
    const kill = T + 1000;
    const ready = T + 5000;
    const events = [
      sent(1, T + 900), sent(2, T + 950), sent(3, T + 990), recv(1, T + 905),
      recv(2, ready + 300), recv(3, ready + 310), recv(2, ready + 320),
      sent(4, T + 2000), recv(4, ready + 400), // sent after the kill: not stranded
    ];
    const s = computeTrafficStats(events, { trafficStartAt: T, killAt: kill, restartAt: ready - 1500, restartReadyAt: ready });
    expect(s).toMatchObject({ strandedUntilRestart: 2, acknowledgedBeforeKill: 3, missing: 0, duplicates: 1 });
    expect(s.recovery!.firstReceiveAfterRestartMs).toBe(300);
  });

  test('stranded: a message the restarted broker forwards before the drill has read its "started" line still counts', () => {
    const kill = T + 1000;
    const restart = T + 3500;
    const ready = T + 5000;
    const events = [
      sent(1, T + 900), sent(2, T + 950), recv(1, T + 905),
      recv(2, ready - 20), // delivered between the restart and the drill noticing it was ready
    ];
    const s = computeTrafficStats(events, { trafficStartAt: T, killAt: kill, restartAt: restart, restartReadyAt: ready });
    expect(s).toMatchObject({ strandedUntilRestart: 1, acknowledgedBeforeKill: 2, missing: 0 });
  });

  test('the timeline is per second relative to the kill, with empty seconds filled', () => {
    const kill = T + 10_000;
    const events = [sent(1, kill - 1500), recv(1, kill - 1400), sent(2, kill + 100), recv(2, kill + 2500)];
    expect(computeTrafficStats(events, { trafficStartAt: T, killAt: kill }).timeline).toEqual([
      { second: -2, sent: 1, received: 1 },
      { second: -1, sent: 0, received: 0 },
      { second: 0, sent: 1, received: 0 },
      { second: 1, sent: 0, received: 0 },
      { second: 2, sent: 0, received: 1 },
    ]);
    expect(computeTrafficStats([], { trafficStartAt: T }).timeline).toEqual([]);
  });

  test('lists at most 20 missing sequence numbers but counts all', () => {
    const events = [...Array(30).keys()].map((i) => sent(i + 1, T + i));
    const s = computeTrafficStats(events, { trafficStartAt: T });
    expect(s.missing).toBe(30);
    expect(s.missingSeqs).toEqual([...Array(20).keys()].map((i) => i + 1));
  });
});

describe('spread', () => {
  test('median, quartiles, min and max', () => {
    expect(spread([5, 1, 3, 2, 4])).toEqual({ n: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
    expect(spread([1, 2, 3, 4])).toEqual({ n: 4, median: 2.5, min: 1, max: 4, q1: 1.75, q3: 3.25 });
    expect(spread([])).toBeUndefined();
  });
});

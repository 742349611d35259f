import { Progress } from '../../src/drill/progress';
import { DrillReport, renderReport, renderTimeline } from '../../src/drill/report';
import { computeTrafficStats } from '../../src/drill/stats';

const T = 1_000_000;
const traffic = computeTrafficStats([
  { e: 'connected', t: T, uri: 'tcp://127.0.0.1:61636' },
  { e: 'sent', seq: 1, t0: T + 3000, t: T + 3000 }, { e: 'recv', seq: 1, t: T + 3002, redelivered: false },
  { e: 'interrupted', t: T + 3605 },
  { e: 'resumed', t: T + 3700, uri: 'tcp://127.0.0.1:61616' },
  { e: 'sent', seq: 2, t0: T + 3720, t: T + 3720 }, { e: 'recv', seq: 2, t: T + 3730, redelivered: false },
  { e: 'sent', seq: 3, t0: T + 4000, t: T + 4000 },
], { trafficStartAt: T, killAt: T + 3600, restartAt: T + 7200, restartReadyAt: T + 8700 });

const base: DrillReport = {
  ok: false,
  exitCode: 1,
  verdict: '1 acknowledged messages were never received',
  startedAt: '2026-12-01T00:00:00.000Z',
  elapsedMs: 20000,
  settings: {
    brokers: 3,
    topology: 'full-mesh',
    networkTtl: 1,
    failover: 'library',
    failoverUri: 'failover:(tcp://127.0.0.1:61616,tcp://127.0.0.1:61626,tcp://127.0.0.1:61636)?randomize=true',
    rate: 50,
    durationSeconds: 12,
    kill: 'client',
    workDir: '/tmp/w',
  },
  brokers: [
    { name: 'node0', port: 61616, startMs: 1200 },
    { name: 'node1', port: 61626, startMs: 1300 },
    { name: 'node2', port: 61636, startMs: 1400, restartMs: 1500 },
  ],
  bridges: {
    expected: ['node0→node1'], checked: ['node0→node1'], notExpected: [], carrying: ['node0→node1'], failed: [], elapsedMs: 900,
  },
  kill: { node: 'node2', reason: 'the broker the client was connected to', atSeconds: 3.6, restartedAtSeconds: 7.2 },
  traffic,
  notes: ['A network of brokers forwards messages; it does not replicate them.'],
  problems: ['1 acknowledged messages were never received'],
};

describe('renderReport', () => {
  test('a failover drill: settings, recovery, counts, timeline, notes and verdict', () => {
    const text = renderReport(base);
    expect(text).toContain('cdk-activemq-mesh drill: 3 brokers, full mesh, networkTTL 1');
    expect(text).toContain('Failover URI (library): failover:(');
    expect(text).toMatch(/node2\s+tcp:\/\/127\.0\.0\.1:61636 {2}started in 1400 ms, restarted in 1500 ms/);
    expect(text).toContain('Bridges: 1/1 directions carry real messages');
    expect(text).toContain('kill -9 node2 (the broker the client was connected to) at 3.6 s, restarted at 7.2 s');
    expect(text).toMatch(/client noticed the loss\s+after 5 ms/);
    expect(text).toMatch(/client reconnected\s+after 100 ms to tcp:\/\/127\.0\.0\.1:61616/);
    expect(text).toMatch(/TIME TO RECOVER \(receive\)\s+130 ms from kill/);
    expect(text).toMatch(/MISSING\s+1 \(seq 3\)/);
    expect(text).toMatch(/stranded until restart\s+0/);
    expect(text).toMatch(/acknowledged before kill\s+1/);
    expect(text).toContain('K = kill, R = restart');
    expect(text).toMatch(/\n\s+0 {2}K\s+2\s+1 /);
    expect(text).toContain('Note: A network of brokers forwards messages; it does not replicate them.');
    expect(text).toContain('Problem: 1 acknowledged messages were never received');
    expect(text).toContain('FAIL: 1 acknowledged messages were never received');
  });

  test('a negative drill: detection, explanation and evidence, no traffic section', () => {
    const text = renderReport({
      ...base,
      ok: true,
      exitCode: 0,
      verdict: "the 'hub-ttl-1' misconfiguration was detected",
      settings: { brokers: 3, topology: 'hub-and-spoke', hubIndex: 0, networkTtl: 1, failover: 'library', negative: 'hub-ttl-1', workDir: '/tmp/w' },
      bridges: {
        expected: ['node0→node1'],
        checked: ['node0→node1', 'node1→node2'],
        notExpected: ['node1→node2'],
        carrying: ['node0→node1'],
        failed: ['node1→node2'],
        elapsedMs: 12000,
      },
      negative: { kind: 'hub-ttl-1', detected: true, explanation: ['node1 → node2 needs 2 hops'], evidence: ['node0: WARN something'] },
      kill: undefined,
      traffic: undefined,
      notes: [],
      problems: [],
    });
    expect(text).toContain('hub-and-spoke (hub node0), networkTTL 1, negative drill \'hub-ttl-1\'');
    expect(text).toContain('Bridges: 1/2 directions carry real messages (message matrix, 12.0 s)');
    expect(text).toContain('no message crossed: node1→node2');
    expect(text).toContain('the mesh graph expects no traffic on: node1→node2');
    expect(text).toContain("Negative drill 'hub-ttl-1': DETECTED");
    expect(text).toContain('  node1 → node2 needs 2 hops');
    expect(text).toContain('    node0: WARN something');
    expect(text).not.toContain('Traffic:');
    expect(text).toContain("PASS: the 'hub-ttl-1' misconfiguration was detected");
  });

  test('a whole-mesh outage shows when the mesh was ready and the lag behind it', () => {
    const text = renderReport({
      ...base,
      settings: { ...base.settings, kill: 'all' },
      kill: { node: 'node0, node1, node2', reason: 'every broker', atSeconds: 6, restartedAtSeconds: 12, restartReadyAtSeconds: 14 },
    });
    expect(text).toContain('kill -9 node0, node1, node2 (every broker) at 6.0 s, restarted at 12.0 s, ready at 14.0 s');
    expect(text).toMatch(/after the mesh was back\s+n\/a from every broker ready to the next message received/);
  });

  test('a drill without a kill shows throughput from the start', () => {
    const text = renderReport({ ...base, kill: undefined, traffic: { ...traffic, recovery: undefined } });
    expect(text).toContain('Throughput (seconds from the start):');
    expect(renderReport({ ...base, settings: { ...base.settings, consumerDelaySeconds: 3 } })).toContain('; the consumer started 3 s after the producer');
    expect(text).not.toContain('stranded until restart');
  });
});

describe('renderTimeline', () => {
  test('windows around kill and restart and scales bars to the peak', () => {
    const buckets = [...Array(20).keys()].map((i) => ({ second: i - 5, sent: 10, received: i === 5 ? 5 : 10 }));
    const lines = renderTimeline(buckets, 0, 3);
    expect(lines[0]).toContain('sent  recv');
    expect(lines[1]).toMatch(/^\s+-2 /);
    expect(lines[lines.length - 1]).toMatch(/^\s+6 /);
    expect(lines.find((l) => /^\s+0 {2}K/.test(l))).toMatch(/ 5 {2}#{15}$/);
    expect(lines.find((l) => /^\s+3 {2}R/.test(l))).toMatch(/#{30}$/);
    expect(renderTimeline([])).toEqual([]);
  });

  test('adds later seconds that only delivered (messages that waited on the killed broker)', () => {
    const buckets = [...Array(12).keys()].map((i) => ({ second: i - 2, sent: i < 8 ? 10 : 0, received: i === 11 ? 40 : i < 8 ? 10 : 0 }));
    const lines = renderTimeline(buckets, 0, 2);
    expect(lines.slice(-2)).toEqual(['   ...', `     9           0    40  ${'#'.repeat(30)}`]);
    expect(renderTimeline(buckets.slice(0, 8), 0, 2)).not.toContain('   ...');
  });
});

describe('Progress', () => {
  function stream(isTTY: boolean) {
    const chunks: string[] = [];
    return { isTTY, chunks, write: (c: string) => chunks.push(c) > 0 };
  }

  test('plain lines when not a terminal', () => {
    const out = stream(false);
    const p = new Progress(out, 0);
    p.start('Starting brokers');
    p.update('1/3 ready');
    p.update('1/3 ready');
    p.done('3 brokers up');
    p.start('Draining');
    p.fail('2 missing');
    p.info('hello');
    p.done();
    expect(out.chunks.join('')).toMatch(/^Starting brokers\.\.\.\n {2}Starting brokers: 1\/3 ready\nStarting brokers: ok - 3 brokers up \(\d\.\d s\)\nDraining\.\.\.\nDraining: FAILED - 2 missing \(\d\.\d s\)\nhello\n$/);
  });

  test('a self-rewriting line on a terminal', () => {
    const out = stream(true);
    const p = new Progress(out);
    p.start('Waiting for bridges');
    p.update('2/6');
    p.start('Next');
    p.done('fine');
    const text = out.chunks.join('');
    expect(text).toContain('\r\x1b[K');
    expect(text).toContain('Waiting for bridges: ok (');
    expect(text).toContain('Next: ok - fine (');
    expect(text).not.toContain('Waiting for bridges...\n');
  });
});

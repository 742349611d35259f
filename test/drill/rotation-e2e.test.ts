/**
 * The rotation drill on REAL local ActiveMQ brokers (issue 12, What 4), run the way CI runs it: the inter-broker
 * credentials of a running 3-node mesh are rotated the way the library does (rotationPlan: alternating users, one
 * rolling reboot targets first; switchConnectorUser for the connectors) under persistent traffic, with every direction
 * probed continuously. And the negative: the naive rotation (the bridge user's own password everywhere, then the
 * reboots) is seen taking bridges down between running brokers, so the check can fail.
 * Whether these run is decided by test/helpers/activemq.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { expectNoSecrets, javaProcessesOf, quiet, tempDirs } from './helpers';
import { runDrill } from '../../src/drill/drill';
import { activeMqForTests, describeWithActiveMq } from '../helpers/activemq';

const SECRETS = { bridgePassword: 'rotBridgeSecretA1', appPassword: 'rotAppSecretB2', wrongBridgePassword: 'rotWrongSecretC3', more: ['rotNewSecretD4'] };
const ALL_SECRETS = [SECRETS.bridgePassword, SECRETS.appPassword, SECRETS.wrongBridgePassword, ...SECRETS.more];

jest.setTimeout(180_000);

const workDir = tempDirs('drill-rotation');

describeWithActiveMq('rotation drill on real ActiveMQ brokers', () => {
  const activemqHome = activeMqForTests().home;

  test('the library\'s rotation: every bridge between running brokers up at every probe, 0 missing, no refused credential', async () => {
    const dir = workDir('alternating');
    const result = await runDrill({
      activemqHome, brokers: 3, rotate: true, rate: 50, basePort: 63816, workDir: path.join(dir, 'run'), secrets: SECRETS, progress: quiet(),
    });
    const r = result.report;
    const rot = r.rotation!;
    expect(r.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
    // the library's steps: the idle user's new password everywhere, the switch, then one roll targets first
    expect(rot.steps.map((s) => s.step)).toEqual([
      'set-password node0 mesh-bridge_clone', 'set-password node1 mesh-bridge_clone', 'set-password node2 mesh-bridge_clone',
      'switch-connectors node1 → mesh-bridge_clone', 'switch-connectors node2 → mesh-bridge_clone',
      'reboot node0', 'reboot node1', 'reboot node2', 'promote',
    ]);
    expect(rot.connectorUserAfter).toBe('mesh-bridge_clone');
    const s = rot.samples;
    expect(s.directions).toHaveLength(6);
    expect(s.directions.every((d) => d.expectedUp > 10)).toBe(true);
    expect(s.downWhenExpected).toBe(0);
    expect(s.upWhenExpected).toBe(s.expectedUp);
    // each reboot really took its node down: probes through it went missing while it restarted
    expect(s.duringRestart).toBeGreaterThan(0);
    expect(s.upDuringRestart).toBeLessThan(s.duringRestart);
    expect(rot.authFailures).toEqual([]);
    const t = r.traffic!;
    // one failover connection for producer and consumer, as in the kill drill (docs/drill.md: why not a crossing consumer)
    expect(r.settings.consumerFailoverUri).toBeUndefined();
    expect(t.acknowledged).toBeGreaterThan(300);
    expect(t.missing).toBe(0);
    // the brokers now run the new user: its local password is in no file, log or report
    expect(fs.readFileSync(path.join(dir, 'run', 'node2', 'conf', 'activemq.xml'), 'utf8')).toContain('userName="mesh-bridge_clone"');
    expectNoSecrets(ALL_SECRETS, dir, result.text, JSON.stringify(r));
    expect(result.text).toContain('DOWN WHILE EXPECTED UP      0');
    expect(javaProcessesOf(dir)).toEqual([]);
    process.stderr.write(`rotation drill: ${s.upWhenExpected}/${s.expectedUp} probes up between running brokers, ${s.downWhenExpected} down, `
      + `${s.upDuringRestart}/${s.duringRestart} up while a node restarted; ${t.acknowledged} sent, ${t.unique} received, ${t.missing} missing; ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  });

  test('negative: the naive rotation takes bridges between running brokers down, as the model predicts (exit 0: detected)', async () => {
    const dir = workDir('naive');
    const result = await runDrill({
      activemqHome,
      brokers: 3,
      negative: 'naive-rotation',
      rate: 50,
      basePort: 63916,
      workDir: path.join(dir, 'run'),
      secrets: SECRETS,
      progress: quiet(),
      rotationGraceSeconds: 5,
    });
    const r = result.report;
    expect(r.negative).toMatchObject({ kind: 'naive-rotation', detected: true });
    expect(result.exitCode).toBe(0);
    const rot = r.rotation!;
    expect(rot.steps.map((s) => s.step)).toEqual([
      'set-password node0 mesh-bridge', 'set-password node1 mesh-bridge', 'set-password node2 mesh-bridge',
      'reboot node0', 'reboot node1', 'reboot node2', 'promote',
    ]);
    expect(rot.steps.find((s) => s.step === 'reboot node0')!.modelBroken.sort()).toEqual(['node1→node0', 'node2→node0']);
    expect(rot.samples.downWhenExpected).toBeGreaterThan(0);
    expect(rot.authFailures.join('\n')).toMatch(/password is invalid|SecurityException/);
    expect(r.traffic!.missing).toBe(0);
    expectNoSecrets(ALL_SECRETS, dir, result.text, JSON.stringify(r));
    process.stderr.write(`naive rotation: ${rot.samples.downWhenExpected}/${rot.samples.expectedUp} probes down between running brokers, `
      + `${rot.authFailures.length} refused credentials in the logs; ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  });
});

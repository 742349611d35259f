import { NegativeResult } from './report';
import { RotationOutcome } from './rotation';
import { table } from './text-table';

/** The rotation as the report holds it (its traffic is the report's traffic). */
export type RotationReport = Omit<RotationOutcome, 'traffic'>;

/** What fails the library's rotation: a bridge down that the topology expects up, refused credentials, a vacuous run. */
export function rotationProblems(r: RotationReport): string[] {
  const problems: string[] = [];
  const s = r.samples;
  if (s.expectedUp === 0 || s.directions.some((d) => d.expectedUp === 0)) {
    problems.push('the bridge monitor judged no probe on some direction, so the rotation proves nothing: see the monitor-client.log.');
  }
  if (s.downWhenExpected > 0) {
    const where = s.directions.filter((d) => d.upWhenExpected < d.expectedUp)
      .map((d) => `${d.direction} at ${d.downAtSeconds.map((t) => `${t} s`).join(', ')}`);
    problems.push(`${s.downWhenExpected} of ${s.expectedUp} probes sent while every node of their path was running did not arrive within `
      + `${r.settings.latencyMs} ms: a bridge the topology expects up was down (${where.join('; ')}).`);
  }
  const predicted = r.steps.filter((st) => st.modelBroken.length > 0);
  if (predicted.length > 0) {
    problems.push(`the library's own model says the rotation takes bridges down (after ${predicted[0].step}: ${predicted[0].modelBroken.join(', ')}).`);
  }
  if (r.authFailures.length > 0) {
    problems.push(`${r.authFailures.length} broker log line(s) show refused credentials during the rotation: ${r.authFailures.slice(0, 2).join(' | ')}`);
  }
  return problems;
}

/** The naive rotation (one user, the new password everywhere, then the reboots) must be seen breaking bridges. */
export function judgeNaiveRotation(r: RotationReport): NegativeResult {
  const down = r.samples.directions.filter((d) => d.upWhenExpected < d.expectedUp);
  const predicted = [...new Set(r.steps.flatMap((st) => st.modelBroken))];
  const detected = r.samples.downWhenExpected > 0 && predicted.length > 0;
  if (!detected) {
    return {
      kind: 'naive-rotation',
      detected,
      explanation: [`The naive rotation was NOT seen breaking bridges: ${r.samples.downWhenExpected} probes expected up were missed, the model predicted [${predicted.join(', ')}].`],
      evidence: r.authFailures.slice(0, 4),
    };
  }
  return {
    kind: 'naive-rotation',
    detected,
    explanation: [
      `The inter-broker user ${r.rotatedUser} got its new password on every broker (pending), then the brokers were rebooted one by one.`,
      `Between two reboots, brokers on the old and on the new password refuse each other's bridges: ${r.samples.downWhenExpected} of `
        + `${r.samples.expectedUp} probes sent while both ends were running did not arrive, on ${down.map((d) => d.direction).join(', ')}.`,
      `The library's model (brokenBridges) predicted exactly such links down: ${predicted.join(', ')}.`,
      'ActiveMQ checks a bridge\'s credentials on both brokers, so one user cannot change its password on a running mesh without a gap.',
      'The library rotates two users alternately instead: the idle one gets the new password everywhere, then the connectors switch to it in',
      'one rolling reboot, targets before sources, so every bridge\'s user has the same password on both ends at every moment (drill --rotate).',
    ],
    evidence: r.authFailures.slice(0, 4),
  };
}

/** The report's rotation section. */
export function renderRotation(r: RotationReport): string[] {
  const s = r.samples;
  const out: string[] = [];
  out.push(r.kind === 'naive'
    ? `Rotation, the naive way: ${r.rotatedUser}'s new password on every broker, then a rolling reboot (under traffic)`
    : `Rotation of the inter-broker user, the library's way: ${r.rotatedUser} (idle) gets the new password, the connectors switch to it, one rolling reboot (under traffic)`);
  for (const st of r.steps) {
    out.push(`  ${st.atSeconds.toFixed(1).padStart(6)} s  ${st.step}${st.downSeconds !== undefined ? ` (down ${st.downSeconds.toFixed(1)} s)` : ''}`
      + `${st.modelBroken.length > 0 ? `  model: ${st.modelBroken.join(', ')} down` : ''}`);
  }
  out.push(`  Bridge monitor: a probe per direction every ${r.settings.probeIntervalMs} ms, up when it arrives within ${r.settings.latencyMs} ms; `
    + `a node is restarting from its stop until its bridges carry a probe again, at most ${r.settings.graceMs / 1000} s after its "started"`);
  const rows: [string, string][] = [
    ['probes judged', `${s.probes} on ${s.directions.length} directions over ${r.elapsedSeconds.toFixed(1)} s`],
    ['running nodes: up', `${s.upWhenExpected} of ${s.expectedUp}`],
    ['DOWN WHILE EXPECTED UP', `${s.downWhenExpected}`],
    ['a node restarting: up', `${s.upDuringRestart} of ${s.duringRestart} (expected down)`],
    ['refused credentials (logs)', `${r.authFailures.length}`],
    ['connectors log in as', r.connectorUserAfter],
  ];
  out.push(...table(rows));
  out.push('  Bridges over time (1 s a column from the first step; # up, X down while expected up, . a node of the path restarting):');
  const lw = Math.max(...s.directions.map((d) => d.direction.length));
  out.push(...s.directions.map((d) => `    ${d.direction.padEnd(lw)}  ${d.timeline}`));
  return out;
}

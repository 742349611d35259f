import { isEvent } from './client-events';
import { DrillContext } from './context';
import { AccessProbe } from './plan';

/** What one authorization probe found. */
export interface AccessResult {
  readonly node: string;
  readonly user: string;
  readonly groups: readonly string[];
  /** `send to queue://payroll.drill-probe`. */
  readonly action: string;
  readonly expected: 'refused' | 'allowed';
  readonly outcome: 'refused' | 'allowed' | 'not connected' | 'no answer';
  /** The broker's answer (e.g. `User orders-app is not authorized to write to: queue://payroll`). */
  readonly message?: string;
  /** Why the map should decide so. */
  readonly why: string;
  /** The map decided as expected (a refusal must be the map's "not authorized", not a failed login). */
  readonly ok: boolean;
}

/**
 * Runs the authorization probes on the running brokers: each logs in as its user and sends one message. A refusal
 * counts only when the broker says the user is not authorized (so a wrong password cannot pass for the map's decision).
 */
export async function checkAccess(ctx: DrillContext, probes: readonly AccessProbe[], timeoutMs = 30_000): Promise<AccessResult[]> {
  const { plan, progress } = ctx;
  progress.start(`Authorization map: ${probes.length} probe(s)`);
  const results: AccessResult[] = [];
  for (const p of probes) {
    const client = ctx.startClient('access', [plan.nodes[p.node].url, p.queue], p.user);
    let answer;
    try {
      answer = await client.waitFor('access', timeoutMs, ctx.signal);
    } finally {
      await client.stop(3000);
    }
    const event = answer && isEvent('access')(answer) ? answer : undefined;
    const outcome: AccessResult['outcome'] = event === undefined ? 'no answer'
      : event.ok ? 'allowed' : event.phase === 'connect' ? 'not connected' : 'refused';
    const message = event?.msg ?? undefined;
    const ok = outcome === p.expect && (p.expect === 'allowed' || /not authorized/i.test(message ?? ''));
    results.push({
      node: plan.nodes[p.node].name,
      user: p.user.username,
      groups: p.user.groups,
      action: `send to queue://${p.queue}`,
      expected: p.expect,
      outcome,
      message,
      why: p.why,
      ok,
    });
  }
  const failed = results.filter((r) => !r.ok).length;
  if (failed === 0) {
    progress.done(`${results.length}/${results.length} as the map says`);
  } else {
    progress.fail(`${failed} of ${results.length} not as the map says`);
  }
  return results;
}

/** The problems of the probes that did not go as the map says, in words. */
export function accessProblems(results: readonly AccessResult[]): string[] {
  return results.filter((r) => !r.ok).map((r) => `the authorization map should have ${r.expected} ${r.user} to ${r.action} on ${r.node} (${r.why}), `
    + `but it was ${r.outcome}${r.message ? `: ${r.message}` : ''}.`);
}

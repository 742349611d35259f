import { NegativeDrill } from './args';
import { directionLabel, DrillPlan } from './plan';
import { BridgeCheck, NegativeResult } from './report';

/**
 * Judges a negative drill from the message matrix over every direction: was the misconfiguration detected
 * exactly where it should break the mesh (and nowhere else), and why. Pure: the matrix result and the broker
 * log lines (`evidence`) are its inputs.
 */
export function judgeNegative(kind: NegativeDrill, plan: DrillPlan, bridges: BridgeCheck, evidence: string[]): NegativeResult {
  const explanation = kind === 'bridge-password' ? judgeBridgePassword(plan, bridges) : judgeHubTtl(plan, bridges);
  return { kind, detected: explanation.detected, explanation: explanation.lines, evidence };
}

function judgeBridgePassword(plan: DrillPlan, bridges: BridgeCheck): { detected: boolean; lines: string[] } {
  const badIndex = plan.nodes.findIndex((n) => n.mismatchedBridgePassword);
  const bad = plan.nodes[badIndex]?.name ?? '(no node)';
  const involved = (d: string) => d.startsWith(`${bad}→`) || d.endsWith(`→${bad}`);
  const detected = badIndex >= 0 && bridges.failed.length > 0
    && bridges.failed.every(involved) && bridges.carrying.every((d) => !involved(d));
  if (!detected) {
    return { detected, lines: [`The mismatched password on ${bad} was NOT detected: the directions that failed were [${bridges.failed.join(', ')}].`] };
  }
  return {
    detected,
    lines: [
      `${bad} was given a different inter-broker password from the other ${plan.nodes.length - 1} brokers.`,
      `Every direction to or from ${bad} carried no message (${bridges.failed.join(', ')}), while the other directions worked.`,
      'A bridge logs in to the remote broker as the bridge user, and ActiveMQ also checks the same credentials on',
      'its own local connection, so a mismatch breaks bridges in both directions. The bridge user name and',
      'password must be identical on every node of the mesh (the construct uses one shared secret for all brokers).',
      'The broker logs first say the bridge "has been established" and only then shut it down, which is why the',
      'drill checks bridges with real messages rather than by reading logs.',
    ],
  };
}

function judgeHubTtl(plan: DrillPlan, bridges: BridgeCheck): { detected: boolean; lines: string[] } {
  const ttl = plan.networkTtl;
  const predicted = plan.unreachable.map((d) => directionLabel(plan, d));
  const failed = new Set(bridges.failed);
  const detected = predicted.length > 0 && predicted.every((d) => failed.has(d)) && bridges.failed.every((d) => predicted.includes(d));
  if (!detected) {
    return {
      detected,
      lines: [`networkTTL ${ttl} on hub-and-spoke was NOT detected: expected [${predicted.join(', ')}] to fail, but [${bridges.failed.join(', ')}] failed.`],
    };
  }
  return {
    detected,
    lines: [
      `With networkTTL ${ttl}, ${predicted.length} spoke-to-spoke directions carried no message, exactly the ones the mesh graph predicts:`,
      ...plan.unreachable.map((d) => {
        const [from, to] = [plan.nodes[d.from].name, plan.nodes[d.to].name];
        return `- ${plan.graph.explainUnreachable(from, to, ttl) ?? `${from}→${to}`}`;
      }),
      `Every hub-to-spoke and spoke-to-hub direction worked. The ActiveMqBrokerMesh construct refuses networkTtl ${ttl} for hub-and-spoke for this reason.`,
    ],
  };
}

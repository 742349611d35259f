import { defineRule } from './rule';
import { keyString } from '../private/app-world';

/**
 * What the gate cannot judge is an error (fail closed): a broker whose EngineType is known only at deploy time
 * (every other rule still runs as if it were ActiveMQ), a configuration that cannot be read for a broker that is
 * otherwise in a network, and, from the runner, templates that cannot be evaluated and errors of the gate itself.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'could not be verified',
  fix: 'make the value known before deployment (a literal, or a parameter with AllowedValues), or check it by hand and acknowledge this finding with the reason',
  explanation: 'A guardrail that passes what it cannot read can be dodged by making things unreadable; the gate fails closed instead.',
  check: (b, ctx) => {
    if (b.propertiesError !== undefined) return { detail: b.propertiesError };
    const problems: string[] = [];
    if (b.engine === 'UNKNOWN') {
      problems.push(`its EngineType is ${describeEngine(b.props.EngineType)}, not known as ActiveMQ or RabbitMQ before deployment; every rule was applied as if it were ActiveMQ`);
    }
    const inMesh = ctx.brokers.linked.has(keyString(b.key));
    if (inMesh && b.configurationProblems.length > 0) {
      problems.push(`its connectors cannot be checked: ${b.configurationProblems.join('; ')}`);
    }
    return problems.length === 0 ? undefined : { detail: problems.join('; '), involved: [b.key, ...b.associations] };
  },
});

function describeEngine(v: unknown): string {
  if (v === undefined) return 'not set';
  if (typeof v === 'string') return `'${v}'`;
  return typeof v === 'object' && v !== null && 'describe' in v ? (v as { describe(): string }).describe() : 'a value';
}

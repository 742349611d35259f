import { defineRule, RuleContext } from './rule';
import { keyString } from '../private/app-world';
import { BrokerFacts } from '../private/brokers';

/**
 * An ActiveMQ broker must be in a network of brokers: a connector of its own, or a peer's pointing at it, links
 * it to another ActiveMQ broker of the app or a declared external peer, and carries messages. Configurations that
 * cannot be read fail closed.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'is not part of a network of brokers',
  fix: 'put it in an ActiveMqBrokerMesh, or give it a networkConnector to another ActiveMQ broker of the app or a declared external peer (or have one point at it)',
  explanation: 'A standalone broker is one logical endpoint: when it is down or rebooting, its producers and consumers stop, '
    + 'and active/standby (Security Hub MQ.5) still leaves one endpoint. Trend Micro MQ-007 asks for a network of brokers in production.',
  check: (b, ctx) => {
    const counted = ctx.brokers.linked.has(keyString(b.key))
      || b.connectors.some((c) => c.carriesNothing === undefined && c.targets.some((t) => t.kind === 'external' && t.declared !== undefined));
    if (counted) return undefined;
    return { detail: explain(b, ctx), involved: [b.key, ...b.configurations, ...b.associations, ...incoming(b, ctx).map((x) => x.key)] };
  },
});

function incoming(b: BrokerFacts, ctx: RuleContext): BrokerFacts[] {
  return [...new Set((ctx.brokers.incoming.get(keyString(b.key)) ?? []).map((i) => i.from))];
}

function explain(b: BrokerFacts, ctx: RuleContext): string {
  const pathOf = ctx.world.pathOf.bind(ctx.world);
  const parts: string[] = [];
  if (b.configurationProblems.length > 0) parts.push(`it could not be verified: ${b.configurationProblems.join('; ')}`);
  else if (b.configurations.length === 0) parts.push('it has no configuration');
  else if (b.connectors.length === 0) parts.push(`its configuration ${b.configurations.map((c) => pathOf(c)).join(', ')} declares no networkConnector`);
  for (const c of b.connectors.slice(0, 5)) {
    if (c.carriesNothing !== undefined) {
      parts.push(`its ${c.label} does not count: ${c.carriesNothing}`);
      continue;
    }
    const why = c.targets.map((t) => (t.kind === 'none' ? `${t.endpoint}: ${t.why}`
      : t.kind === 'external' ? `${t.endpoint}: not a broker of the templates judged nor a declared external peer`
        : `${pathOf(t.broker)}: not an ActiveMQ broker`));
    parts.push(`its ${c.label} does not count (${why.join('; ')})`);
  }
  if (b.connectors.length > 5) parts.push(`and ${b.connectors.length - 5} more connectors do not count`);
  parts.push(...b.ignored.slice(0, 3));
  const inbound = (ctx.brokers.incoming.get(keyString(b.key)) ?? []).filter((i) => i.connector.carriesNothing !== undefined)
    .map((i) => `${i.from.path}'s ${i.connector.label} points at it but ${i.connector.carriesNothing}`);
  parts.push(...inbound.slice(0, 3));
  parts.push('no other broker\'s connector that carries messages points at it');
  return parts.join('; ');
}

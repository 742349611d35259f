import { RuleContext } from './rule';
import { keyString } from '../private/app-world';
import { BrokerFacts } from '../private/brokers';

/** The brokers of the connected network that holds `b` (just `[b]` when it is in none), computed once per world. */
export function componentOf(b: BrokerFacts, ctx: RuleContext): BrokerFacts[] {
  const parts = ctx.memo('components', () => {
    const m = new Map<string, string[]>();
    for (const part of ctx.brokers.graph.components()) for (const k of part) m.set(k, part);
    return m;
  });
  const part = parts.get(keyString(b.key));
  return part === undefined ? [b] : part.map((k) => ctx.brokers.byKey.get(k)!);
}

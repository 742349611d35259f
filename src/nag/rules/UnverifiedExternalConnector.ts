import { NagRuleCompliance } from 'cdk-nag';
import { connectorName, defineRule, listNames } from '../private/rule-kit';

/**
 * A connector that points at something other than a broker of this app (a literal endpoint, an
 * `Fn::ImportValue`, a parameter) cannot be verified at synth time.
 */
export default defineRule(__filename, ({ facts, fail }) => {
  const external = facts.connectors.filter((c) => c.externalTargets.length > 0);
  if (external.length === 0) {
    return NagRuleCompliance.COMPLIANT;
  }
  const targets = external.flatMap((c) => c.externalTargets);
  return fail(`connector ${listNames(external.map(connectorName))} points at ${listNames(targets, 3)}, outside this app`);
});

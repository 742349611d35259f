import { NagRuleCompliance } from 'cdk-nag';
import { connectorName, defineRule, listNames } from '../private/rule-kit';

/** A `<networkConnector>` must not carry a `password`: Amazon MQ adds the password at runtime. */
export default defineRule(__filename, ({ facts, fail }) => {
  const bad = facts.connectors.filter((c) => c.hasPassword);
  if (bad.length === 0) {
    return NagRuleCompliance.COMPLIANT;
  }
  const configurations = [...new Set(bad.map((c) => c.configurationPath))];
  return fail(`connector ${listNames(bad.map(connectorName))} in ${configurations.join(', ')} has a password`);
});

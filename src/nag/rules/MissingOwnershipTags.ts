import { NagRuleCompliance } from 'cdk-nag';
import { defineRule, listNames } from '../private/rule-kit';

/**
 * A broker should carry the ownership tags (`ownershipTagKeys`); without configured keys, it should carry at
 * least one user tag (`aws:` tags do not count).
 */
export default defineRule(__filename, ({ broker, index, fail }) => {
  const tags = Object.keys(broker.tags.tagValues()).filter((k) => !k.startsWith('aws:'));
  const keys = index.options.ownershipTagKeys ?? [];
  if (keys.length === 0) {
    return tags.length > 0 ? NagRuleCompliance.COMPLIANT : fail('it has no tags');
  }
  const missing = keys.filter((k) => !tags.includes(k));
  return missing.length === 0 ? NagRuleCompliance.COMPLIANT : fail(`it lacks the tag ${listNames(missing)}`);
});

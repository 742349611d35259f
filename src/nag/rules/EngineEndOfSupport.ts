import { Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { endOfSupportFor } from '../../config';
import { defineRule } from '../private/rule-kit';

/** A broker's engine version should not be at or past its announced end of support. */
export default defineRule(__filename, ({ broker, fail }) => {
  const version = Stack.of(broker).resolve(broker.engineVersion);
  if (typeof version !== 'string') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const end = endOfSupportFor(version);
  if (end === undefined || Date.now() < Date.parse(`${end}T00:00:00Z`)) {
    return NagRuleCompliance.COMPLIANT;
  }
  return fail(`EngineVersion ${version} reached end of support on ${end}`);
});

import { NagRuleCompliance } from 'cdk-nag';
import { booleanProperty, defineRule } from '../private/rule-kit';

/** A broker must not be publicly accessible. */
export default defineRule(__filename, ({ broker, fail }) => {
  return booleanProperty(broker, broker.publiclyAccessible, 'PubliclyAccessible') === true
    ? fail('PubliclyAccessible is true')
    : NagRuleCompliance.COMPLIANT;
});

import { NagRuleCompliance } from 'cdk-nag';
import { booleanProperty, defineRule, field, objectProperty } from '../private/rule-kit';

/** A broker should publish its general log to CloudWatch Logs (`Logs.General: true`). */
export default defineRule(__filename, ({ broker, fail }) => {
  const logs = objectProperty(broker, broker.logs, 'Logs');
  return booleanProperty(broker, field(logs, 'general'), 'Logs.General') === true
    ? NagRuleCompliance.COMPLIANT
    : fail('Logs.General is not true');
});

import { NagRuleCompliance } from 'cdk-nag';
import { booleanProperty, defineRule, field, objectProperty } from '../private/rule-kit';

/** A broker should publish its audit log to CloudWatch Logs (`Logs.Audit: true`). */
export default defineRule(__filename, ({ broker, fail }) => {
  const logs = objectProperty(broker, broker.logs, 'Logs');
  return booleanProperty(broker, field(logs, 'audit'), 'Logs.Audit') === true
    ? NagRuleCompliance.COMPLIANT
    : fail('Logs.Audit is not true');
});

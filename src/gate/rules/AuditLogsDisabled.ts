import { logEnabled } from './logs';
import { defineRule, unlessUnknown } from './rule';

/** A broker should publish its audit log to CloudWatch Logs (`Logs.Audit: true`). */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'does not publish audit logs to CloudWatch Logs',
  fix: 'set Logs.Audit to true',
  explanation: 'Audit logs record management actions on the broker (JMX, console); Security Hub MQ.2 requires them.',
  check: (b) => unlessUnknown(() => (logEnabled(b.props, 'Audit') ? undefined : { detail: 'Logs.Audit is not true' })),
});

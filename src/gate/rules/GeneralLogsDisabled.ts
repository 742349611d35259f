import { logEnabled } from './logs';
import { defineRule, unlessUnknown } from './rule';

/** A broker should publish its general log to CloudWatch Logs (`Logs.General: true`). */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'does not publish general logs to CloudWatch Logs',
  fix: 'set Logs.General to true',
  explanation: 'General logs show network connector failures and broker restarts, which is how a broken bridge is found.',
  check: (b) => unlessUnknown(() => (logEnabled(b.props, 'General') ? undefined : { detail: 'Logs.General is not true' })),
});

import { booleanValue } from './booleans';
import { defineRule, unlessUnknown } from './rule';

/** A broker should take automatic minor version upgrades (`AutoMinorVersionUpgrade: true`). */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'does not take automatic minor version upgrades',
  fix: 'set AutoMinorVersionUpgrade to true',
  explanation: 'Minor versions carry security fixes; Amazon MQ requires automatic upgrades from 5.18 on, and Security Hub MQ.3 checks it.',
  check: (b) => unlessUnknown(() => {
    const v = booleanValue(b.props.AutoMinorVersionUpgrade, 'AutoMinorVersionUpgrade');
    return v === true ? undefined : { detail: `AutoMinorVersionUpgrade is ${v === undefined ? 'not set' : 'false'}` };
  }),
});

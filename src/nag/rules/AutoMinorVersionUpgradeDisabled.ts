import { NagRuleCompliance } from 'cdk-nag';
import { booleanProperty, defineRule } from '../private/rule-kit';

/** A broker should take automatic minor version upgrades (`AutoMinorVersionUpgrade: true`). */
export default defineRule(__filename, ({ broker, fail }) => {
  const v = booleanProperty(broker, broker.autoMinorVersionUpgrade, 'AutoMinorVersionUpgrade');
  return v === true ? NagRuleCompliance.COMPLIANT : fail(`AutoMinorVersionUpgrade is ${v === undefined ? 'not set' : 'false'}`);
});

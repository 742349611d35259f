import { Stack } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { defineRule } from '../private/rule-kit';

/** A broker of a network of brokers should not be a micro instance: the survivors carry the load of a lost node. */
export default defineRule(__filename, ({ broker, index, fail }) => {
  if (index.componentOf(broker).length < 2) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const type = Stack.of(broker).resolve(broker.hostInstanceType);
  return typeof type === 'string' && /micro/i.test(type)
    ? fail(`HostInstanceType is ${type}`)
    : NagRuleCompliance.COMPLIANT;
});

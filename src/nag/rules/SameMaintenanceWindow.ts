import { Stack } from 'aws-cdk-lib';
import { CfnBroker } from 'aws-cdk-lib/aws-amazonmq';
import { NagRuleCompliance } from 'cdk-nag';
import { defineRule, field } from '../private/rule-kit';

/**
 * The brokers of one network of brokers should not all share one maintenance window: Amazon MQ may then
 * restart every node at once.
 */
export default defineRule(__filename, ({ broker, index, fail }) => {
  const mesh = index.componentOf(broker);
  if (mesh.length < 2) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const shared = index.memo(`window|${mesh[0].node.path}`, () => {
    const windows = new Set(mesh.map(windowOf));
    const only = [...windows][0];
    return windows.size === 1 && only !== undefined ? only : undefined;
  });
  return shared === undefined
    ? NagRuleCompliance.COMPLIANT
    : fail(`all ${mesh.length} brokers of its network of brokers start maintenance at ${shared}`);
});

function windowOf(b: CfnBroker): string | undefined {
  const w = Stack.of(b).resolve(b.maintenanceWindowStartTime);
  if (w === undefined || w === null || typeof w !== 'object') {
    return undefined;
  }
  const day = field(w, 'dayOfWeek');
  const time = field(w, 'timeOfDay');
  const zone = field(w, 'timeZone') ?? 'UTC';
  if (typeof day !== 'string' || typeof time !== 'string' || typeof zone !== 'string') {
    return undefined;
  }
  return `${day.toUpperCase()} ${time} ${zone}`;
}

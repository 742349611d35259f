import { componentOf } from './mesh-component';
import { defineRule } from './rule';
import { isObject } from '../../cfn';
import { keyString } from '../private/app-world';
import { BrokerFacts } from '../private/brokers';

/** The brokers of one network of brokers should not all share one maintenance window. */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'shares one maintenance window with every other broker of its network of brokers',
  fix: 'give the brokers different MaintenanceWindowStartTime days or times',
  explanation: 'Amazon MQ may reboot every node in the same window, taking the whole network down at once.',
  check: (b, ctx) => {
    const mesh = componentOf(b, ctx);
    if (mesh.length < 2) return undefined;
    const shared = ctx.memo(`window|${keyString(mesh[0].key)}`, () => {
      const windows = new Set(mesh.map(windowOf));
      const only = [...windows][0];
      return windows.size === 1 && only !== undefined ? only : undefined;
    });
    return shared === undefined ? undefined : { detail: `all ${mesh.length} brokers of its network of brokers start maintenance at ${shared}`, involved: mesh.map((m) => m.key) };
  },
});

function windowOf(b: BrokerFacts): string | undefined {
  const w = b.props.MaintenanceWindowStartTime;
  if (!isObject(w)) return undefined;
  const zone = w.TimeZone ?? 'UTC';
  if (typeof w.DayOfWeek !== 'string' || typeof w.TimeOfDay !== 'string' || typeof zone !== 'string') return undefined;
  return `${w.DayOfWeek.toUpperCase()} ${w.TimeOfDay} ${zone}`;
}

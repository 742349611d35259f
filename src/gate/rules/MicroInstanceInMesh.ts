import { componentOf } from './mesh-component';
import { defineRule } from './rule';

/** A broker of a network of brokers should not be a micro instance: the survivors carry the load of a lost node. */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'is a micro instance in a network of brokers',
  fix: 'use mq.m5.large or larger for brokers of a network',
  explanation: 'When a node fails its clients move to the others, which must carry the extra load; micro instances have '
    + 'burstable CPU and a 300-connection limit.',
  check: (b, ctx) => {
    if (componentOf(b, ctx).length < 2) return undefined;
    const type = b.props.HostInstanceType;
    return typeof type === 'string' && /micro/i.test(type) ? { detail: `HostInstanceType is ${type}` } : undefined;
  },
});

import { defineRule } from './rule';
import { endOfSupportFor } from '../../config';

/** A broker's engine version should not be at or past its announced end of support. */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'runs an ActiveMQ version at or past its end of support',
  fix: 'set EngineVersion to 5.19 (ActiveMqEngineVersion.V5_19)',
  explanation: 'Amazon MQ stops patching and then upgrades or refuses brokers on unsupported versions.',
  check: (b, ctx) => {
    const version = b.props.EngineVersion;
    if (typeof version !== 'string') return undefined;
    const end = endOfSupportFor(version);
    return end === undefined || ctx.today < end ? undefined : { detail: `EngineVersion ${version} reached end of support on ${end}` };
  },
});

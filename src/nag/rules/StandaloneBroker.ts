import { NagRuleCompliance } from 'cdk-nag';
import { defineRule } from '../private/rule-kit';

/**
 * An ActiveMQ broker must be part of a network of brokers: its configuration (through `Configuration` or a
 * `ConfigurationAssociation`) declares a `<networkConnector>`, or another broker's connector points at it. An
 * active/standby broker alone is still standalone. Configuration data that cannot be read fails closed.
 */
export default defineRule(__filename, ({ broker, index, facts, fail }) => {
  if (facts.engine === 'UNKNOWN') {
    return fail('its EngineType is not known at synth time, so it could not be verified');
  }
  if (!index.isIsolated(broker) || facts.connectors.length > 0) {
    return NagRuleCompliance.COMPLIANT;
  }
  if (facts.configurationError !== undefined) {
    return fail(`it could not be verified: ${facts.configurationError}`);
  }
  const where = facts.configurationPaths.length === 0
    ? 'it has no configuration'
    : `its configuration ${facts.configurationPaths.join(', ')} declares no networkConnector`;
  return fail(`${where} and no other broker's connector points at it`);
}, { unknownEngine: true });

import { Duration } from 'aws-cdk-lib';
import { UsageError } from './args';
import { FailoverOptions, FailoverUri } from '../uri';

const BOOLEAN_KEYS: { [key: string]: keyof FailoverOptions } = {
  randomize: 'randomize',
  useExponentialBackOff: 'useExponentialBackOff',
};
const MILLIS_KEYS: { [key: string]: keyof FailoverOptions } = {
  initialReconnectDelay: 'initialReconnectDelay',
  maxReconnectDelay: 'maxReconnectDelay',
  timeout: 'timeout',
};
const NUMBER_KEYS: { [key: string]: keyof FailoverOptions } = {
  reconnectDelayExponent: 'backOffMultiplier',
  maxReconnectAttempts: 'maxReconnectAttempts',
  startupMaxReconnectAttempts: 'startupMaxReconnectAttempts',
};

/**
 * The `--failover` value as FailoverOptions for `FailoverUri.openWire` (which merges them over
 * `FailoverUri.LIBRARY_DEFAULTS`): 'library' → none, 'activemq' → `FailoverUri.ACTIVEMQ_DEFAULTS`, or an
 * OpenWire failover query string whose known keys map to the typed options and the rest to `extraOptions`.
 */
export function failoverOptionsFor(spec: string): FailoverOptions {
  if (spec === 'library') {
    return {};
  }
  if (spec === 'activemq') {
    return FailoverUri.ACTIVEMQ_DEFAULTS;
  }
  const options: { [key: string]: unknown } = {};
  const extra: { [key: string]: string } = {};
  for (const pair of spec.split('&')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (BOOLEAN_KEYS[key]) {
      if (value !== 'true' && value !== 'false') {
        throw new UsageError(`--failover ${key} must be true or false, got '${value}'.`);
      }
      options[BOOLEAN_KEYS[key]] = value === 'true';
    } else if (MILLIS_KEYS[key] || NUMBER_KEYS[key]) {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        throw new UsageError(`--failover ${key} must be a number${MILLIS_KEYS[key] ? ' of milliseconds' : ''}, got '${value}'.`);
      }
      if (MILLIS_KEYS[key]) {
        options[MILLIS_KEYS[key]] = Duration.millis(n);
      } else {
        options[NUMBER_KEYS[key]] = n;
      }
    } else {
      extra[key] = value;
    }
  }
  if (Object.keys(extra).length > 0) {
    options.extraOptions = extra;
  }
  return options as FailoverOptions;
}

/**
 * The failover URI the drill's client uses, through the library's own FailoverUri.openWire. `ordered`: the endpoints'
 * order decides where the client connects first (`randomize=false`), unless `spec` sets `randomize` itself.
 */
export function drillFailoverUri(endpoints: string[], spec: string, ordered = false): string {
  try {
    const options = failoverOptionsFor(spec);
    return FailoverUri.openWire(endpoints, ordered && !/(^|&)randomize=/.test(spec) ? { ...options, randomize: false } : options);
  } catch (e) {
    if (e instanceof UsageError) {
      throw e;
    }
    throw new UsageError(`--failover '${spec}' is not valid: ${(e as Error).message}`);
  }
}

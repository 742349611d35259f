import { Duration, Token } from 'aws-cdk-lib';

/** How often the Provider framework polls a rebooting broker. */
export const REBOOT_QUERY_INTERVAL = Duration.seconds(30);
/** The default wait per broker. */
export const DEFAULT_REBOOT_TIMEOUT = Duration.minutes(45);

/**
 * Returns the reboot timeout in seconds (or the unresolved token), throwing for values the Provider framework
 * cannot honour; the message names `prop`.
 */
export function validateRebootTimeout(timeout: Duration, prop: string): number {
  const seconds = timeout.toSeconds();
  if (Token.isUnresolved(seconds)) {
    return seconds;
  }
  const interval = REBOOT_QUERY_INTERVAL.toSeconds();
  if (seconds < 300 || seconds > 3300) {
    throw new Error(`${prop} must be between 5 and 55 minutes, got ${timeout.toHumanString()}: a broker reboot `
      + 'takes several minutes and CloudFormation fails a custom resource after one hour; '
      + `set ${prop} to a value such as Duration.minutes(45).`);
  }
  if (seconds % interval !== 0) {
    throw new Error(`${prop} must be a whole number of ${interval}-second query intervals, got `
      + `${timeout.toHumanString()}: the Provider framework polls every ${interval} seconds; `
      + `set ${prop} in whole minutes, e.g. Duration.minutes(45).`);
  }
  return seconds;
}

// Internal: the reboot timeout check, shared by RollingReboot and ActiveMqBrokerMesh (which names its own prop).
import { Duration, Token } from 'aws-cdk-lib';

/** Returns the timeout in seconds (or the unresolved token), throwing for values the Provider cannot honour. */
export function validateRebootTimeout(timeout: Duration, prop: string, queryInterval: Duration): number {
  const seconds = timeout.toSeconds();
  if (Token.isUnresolved(seconds)) {
    return seconds;
  }
  const interval = queryInterval.toSeconds();
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

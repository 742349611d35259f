/**
 * PURE: what a broker still has to apply, and what the rolling reboot does about it, decided from DescribeBroker
 * alone (never from which properties of the custom resource changed).
 */
import { DescribeBrokerResponse } from '@aws-sdk/client-mq';

/**
 * Broker states from which no reboot brings the broker back without a human. `CRITICAL_ACTION_REQUIRED` means
 * Amazon MQ needs the owner to act (for example a KMS key or subnet problem).
 */
export const FAILED_STATES: readonly string[] = ['CREATION_FAILED', 'DELETION_IN_PROGRESS', 'CRITICAL_ACTION_REQUIRED', 'REPLICA'];

/**
 * The changes a broker applies only at its next reboot (empty when there are none): a pending configuration
 * revision, pending user changes, a pending engine version, host instance type, authentication strategy, LDAP
 * settings or data replication mode. Pending security groups are not listed: Amazon MQ does not document that a
 * reboot applies them, and waiting for them could never end.
 */
export function pendingChanges(broker: DescribeBrokerResponse): string[] {
  const pending: string[] = [];
  const cfg = broker.Configurations;
  if (cfg?.Pending && (cfg.Pending.Id !== cfg.Current?.Id || cfg.Pending.Revision !== cfg.Current?.Revision)) {
    pending.push(`configuration ${cfg.Pending.Id} revision ${cfg.Pending.Revision} (running ${cfg.Current?.Id ?? 'none'} revision ${cfg.Current?.Revision ?? 'none'})`);
  }
  const users = (broker.Users ?? []).filter((u) => u.PendingChange);
  if (users.length > 0) {
    pending.push(`users ${users.map((u) => `${u.Username} (${u.PendingChange})`).join(', ')}`);
  }
  if (broker.PendingEngineVersion) {
    pending.push(`engine version ${broker.PendingEngineVersion} (running ${broker.EngineVersion ?? 'unknown'})`);
  }
  if (broker.PendingHostInstanceType) {
    pending.push(`host instance type ${broker.PendingHostInstanceType} (running ${broker.HostInstanceType ?? 'unknown'})`);
  }
  if (broker.PendingAuthenticationStrategy) {
    pending.push(`authentication strategy ${broker.PendingAuthenticationStrategy}`);
  }
  if (broker.PendingLdapServerMetadata) {
    pending.push('LDAP server settings');
  }
  if (broker.PendingDataReplicationMode) {
    pending.push(`data replication mode ${broker.PendingDataReplicationMode}`);
  }
  return pending;
}

/** What the reboot job does next. */
export type RebootDecision =
  /** The broker is RUNNING with nothing pending: done, without (another) reboot. */
  | 'DONE'
  /** The broker is RUNNING with pending changes and this job has not rebooted it yet: reboot it, once. */
  | 'REBOOT'
  /** The broker is busy (creating, rebooting), or this job's reboot has not finished applying: poll again. */
  | 'WAIT'
  /** The broker is in a state no reboot fixes. */
  | 'BROKEN';

/**
 * Decides from the broker's state and pending changes alone. `rebootRequested` is true once this job has called
 * RebootBroker: it then never reboots again, so one change causes at most one reboot.
 */
export function decideReboot(broker: DescribeBrokerResponse, rebootRequested: boolean): RebootDecision {
  const state = broker.BrokerState ?? 'UNKNOWN';
  if (FAILED_STATES.includes(state)) {
    return 'BROKEN';
  }
  if (state !== 'RUNNING') {
    return 'WAIT';
  }
  if (pendingChanges(broker).length === 0) {
    return 'DONE';
  }
  return rebootRequested ? 'WAIT' : 'REBOOT';
}

/** `name (id)`, or the id alone. */
export function brokerLabel(brokerId: string, broker?: DescribeBrokerResponse): string {
  return broker?.BrokerName ? `${broker.BrokerName} (${brokerId})` : brokerId;
}

/** A duration in words: `44 minutes 30 seconds`. */
export function describeDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [minutes > 0 ? `${minutes} minutes` : '', rest > 0 || minutes === 0 ? `${rest} seconds` : ''];
  return parts.filter((p) => p !== '').join(' ');
}

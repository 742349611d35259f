/**
 * `Custom::ActiveMqBrokerReboot`: applies what one broker has pending by rebooting it at most once, and waits until
 * it is RUNNING with nothing pending. Every decision comes from DescribeBroker:
 * - nothing pending (a Create on a healthy broker, an upgrade of this library, a rollback that restores what runs):
 *   no reboot;
 * - pending changes on a RUNNING broker: one RebootBroker, then wait; never a second reboot for the same request;
 * - a busy broker (creating, rebooting): wait, then decide;
 * - a broken broker (CRITICAL_ACTION_REQUIRED, ...), or the timeout: the request fails, except during a rollback,
 *   which is never failed (the broker is left as it is and a warning is logged and returned).
 */
import { DescribeBrokerCommand, DescribeBrokerResponse, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { errorName, isThrottlingError, log, mq, withThrottlingRetry } from './aws';
import { brokerLabel, decideReboot, describeDuration, pendingChanges } from './broker-state';
import { CfnRequest } from './cfn-response';
import { isRollingBack, Outcome, POLL_SECONDS, requiredProp, stringProp } from './job';
import { rotationsInProgress } from './rotation-lock';

/** The custom resource type. */
export const REBOOT_RESOURCE_TYPE = 'Custom::ActiveMqBrokerReboot';

/** The properties whose change means "look at the broker"; others (ServiceToken, ServiceTimeout) do not. */
export const REBOOT_PROPERTY_KEYS = [
  'BrokerId', 'ConfigurationId', 'ConfigurationRevision', 'EngineVersion', 'HostInstanceType', 'UsersHash',
] as const;

/** The job's state between steps. */
export interface RebootState {
  readonly brokerId: string;
  readonly startedAt: number;
  readonly timeoutSeconds: number;
  readonly rollback: boolean;
  readonly rebootRequested: boolean;
  readonly rotatedSecretArns: string[];
}

/** True when none of the properties that matter changed between the old and the new resource. */
export function noRelevantChange(oldProps: Record<string, unknown> | undefined, newProps: Record<string, unknown>): boolean {
  return REBOOT_PROPERTY_KEYS.every((k) => stringProp(oldProps, k) === stringProp(newProps, k));
}

/** Starts the job for a request: Delete and irrelevant updates finish at once, the rest is decided by `pollReboot`. */
export async function beginReboot(request: CfnRequest, now: number = Date.now()): Promise<Outcome> {
  const props = request.ResourceProperties;
  if (request.RequestType === 'Delete') {
    return { done: true, physicalResourceId: request.PhysicalResourceId ?? 'none' };
  }
  const brokerId = requiredProp(props, 'BrokerId', REBOOT_RESOURCE_TYPE);
  if (request.RequestType === 'Update' && noRelevantChange(request.OldResourceProperties, props)) {
    log('no relevant change, no reboot', { brokerId });
    return { done: true, physicalResourceId: brokerId, data: { Rebooted: 'false' } };
  }
  const timeoutSeconds = Number(stringProp(props, 'TimeoutSeconds') || 2700);
  const rotated = props.RotatedSecretArns;
  const state: RebootState = {
    brokerId,
    startedAt: now,
    timeoutSeconds,
    rollback: request.RequestType === 'Update' && await isRollingBack(request.StackId),
    rebootRequested: false,
    rotatedSecretArns: Array.isArray(rotated) ? rotated.map(String) : [],
  };
  return pollReboot(state as unknown as Record<string, unknown>, now);
}

/** One look at the broker: done, reboot (once), or wait. */
export async function pollReboot(raw: Record<string, unknown>, now: number = Date.now()): Promise<Outcome> {
  const state = raw as unknown as RebootState;
  const elapsedSeconds = Math.max(0, Math.round((now - state.startedAt) / 1000));
  // Fail one poll early, so that this message, not CloudFormation's bare timeout, is what the user reads.
  const outOfTime = elapsedSeconds >= state.timeoutSeconds - POLL_SECONDS;
  const wait = (next: RebootState = state): Outcome => ({
    done: false, state: next as unknown as Record<string, unknown>, waitSeconds: POLL_SECONDS,
  });
  const giveUp = (why: string): Outcome => {
    if (state.rollback) {
      const warning = `${why} The rollback leaves broker ${state.brokerId} as it is; reboot it by hand once it is healthy.`;
      log('rollback: not failing', { brokerId: state.brokerId, warning });
      return { done: true, physicalResourceId: state.brokerId, data: { Rebooted: String(state.rebootRequested) }, warning };
    }
    throw new Error(why);
  };

  if (state.rotatedSecretArns.length > 0 && !state.rebootRequested) {
    const busy = await rotationsInProgress(state.rotatedSecretArns);
    if (busy.length > 0) {
      const why = `A credential rotation of this mesh is in progress (${busy.join(', ')}); it reboots the brokers itself.`;
      if (state.rollback) return giveUp(why);
      if (outOfTime) return giveUp(`${why} Deploy again once it has finished (timeout ${describeDuration(state.timeoutSeconds)}).`);
      log('waiting for a rotation to finish', { brokerId: state.brokerId, busy });
      return wait();
    }
  }

  let broker: DescribeBrokerResponse;
  try {
    broker = await withThrottlingRetry(`DescribeBroker ${state.brokerId}`, () => mq().send(new DescribeBrokerCommand({ BrokerId: state.brokerId })));
  } catch (err) {
    if (isThrottlingError(err) && !outOfTime) {
      return wait();
    }
    return giveUp(`DescribeBroker ${state.brokerId} failed: ${(err as Error).message}`);
  }
  const label = brokerLabel(state.brokerId, broker);
  const brokerState = broker.BrokerState ?? 'UNKNOWN';
  const pending = pendingChanges(broker);
  const decision = decideReboot(broker, state.rebootRequested);
  log('reboot decision', { brokerId: state.brokerId, state: brokerState, pending, decision, rollback: state.rollback, elapsedSeconds });

  switch (decision) {
    case 'DONE':
      return { done: true, physicalResourceId: state.brokerId, data: { Rebooted: String(state.rebootRequested), FinalState: brokerState } };
    case 'BROKEN':
      return giveUp(`Broker ${label} is in state ${brokerState} and cannot be rebooted to apply its configuration: `
        + 'fix the broker (see the Amazon MQ console and its events), then deploy again.');
    case 'REBOOT':
      try {
        await withThrottlingRetry(`RebootBroker ${state.brokerId}`, () => mq().send(new RebootBrokerCommand({ BrokerId: state.brokerId })));
      } catch (err) {
        // The broker left RUNNING between the two calls (e.g. a maintenance reboot): decide again next time.
        log('RebootBroker refused; deciding again at the next poll', { brokerId: state.brokerId, error: errorName(err) });
        return outOfTime ? giveUp(`RebootBroker ${label} failed: ${(err as Error).message}`) : wait();
      }
      log('reboot requested', { brokerId: state.brokerId, pending });
      return wait({ ...state, rebootRequested: true });
    default:
      if (outOfTime) {
        return giveUp(`Timed out after ${describeDuration(elapsedSeconds)} waiting for broker ${label} to apply its `
          + `configuration (timeout ${describeDuration(state.timeoutSeconds)}): last state ${brokerState}, still pending: `
          + `${pending.length > 0 ? pending.join('; ') : 'nothing'}. Check the broker in the Amazon MQ console; if reboots `
          + 'of this instance type take longer, raise rebootTimeout (at most 55 minutes), or use '
          + 'ConfigurationApply.MAINTENANCE_WINDOW.');
      }
      return wait();
  }
}

/**
 * Lambda handler of the rolling-reboot custom resource (CDK Provider framework).
 *
 * The same bundle backs two functions; `REBOOT_BROKER_PHASE` says which one it is:
 * - `onEvent`: Create/Update with a relevant change reboots the broker if it is RUNNING. If the broker is
 *   not RUNNING yet (CREATION_IN_PROGRESS, REBOOT_IN_PROGRESS), it does not reboot now; `isComplete` waits
 *   for RUNNING and reboots then only if changes are still pending (a reboot already under way may have
 *   applied them). Delete is a no-op. An Update whose relevant properties are unchanged does nothing.
 * - `isComplete`: DescribeBroker; complete when the broker is RUNNING with nothing pending (configuration
 *   revision, users, engine version, host instance type, security groups, authentication strategy). It
 *   fails with its own message, naming the broker, its last state and the timeout, one query interval
 *   before the Provider framework's `totalTimeout` would fail with a bare "Operation timed out".
 *
 * Throttling (`ThrottlingException`, `TooManyRequestsException`, HTTP 429) is retried twice over: by the
 * SDK's standard retry strategy inside each call, and by this handler with exponential backoff around it.
 */
import * as sdk from '@aws-sdk/client-mq';
import {
  DescribeBrokerCommand,
  DescribeBrokerResponse,
  MqClient,
  MqClientConfig,
  RebootBrokerCommand,
} from '@aws-sdk/client-mq';

/** The request the Provider framework passes to onEvent (a CloudFormation custom resource event). */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
  readonly PhysicalResourceId?: string;
  readonly [key: string]: unknown;
}

/** What onEvent returns to the Provider framework. */
export interface OnEventResponse {
  readonly PhysicalResourceId?: string;
  readonly Data?: Record<string, string>;
}

/** The request the Provider framework passes to isComplete: the onEvent request merged with its response. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly Data?: Record<string, string>;
}

/** What isComplete returns; `Data` is only allowed when complete. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

/** The custom resource's properties; CloudFormation passes every value as a string. */
export const PROPERTY_KEYS = ['BrokerId', 'ConfigurationRevision', 'UsersHash', 'HostInstanceType'] as const;

/** Broker states from which no reboot can bring the broker back without a human. */
const FAILED_STATES = ['CREATION_FAILED', 'DELETION_IN_PROGRESS', 'CRITICAL_ACTION_REQUIRED', 'REPLICA'];

/** Error names the handler treats as throttling (besides HTTP 429). */
const THROTTLING_ERRORS = ['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException'];

/** Handler-level attempts for a throttled call (each attempt also has the SDK's own retries). */
export const THROTTLE_ATTEMPTS = 5;
/** First backoff delay for a throttled call, doubled each attempt, capped at {@link THROTTLE_MAX_DELAY_MS}. */
export const THROTTLE_BASE_DELAY_MS = 1000;
export const THROTTLE_MAX_DELAY_MS = 16000;
/** After RebootBroker, how often and how long onEvent watches for the broker to leave RUNNING. */
export const OBSERVE_INTERVAL_MS = 5000;
export const OBSERVE_ATTEMPTS = 12;

/** What onEvent decided; passed to isComplete in `Data.Action`. */
export type RebootAction = 'REBOOT' | 'WAIT' | 'NONE';

type MqClientClass = new (config: MqClientConfig) => MqClient;

/**
 * The SDK's client class. The bundle leaves `@aws-sdk/*` to the Lambda runtime, whose SDK may be older than
 * ours: older releases call the class `MQClient`, newer ones (3.1048 here) `MqClient`. The commands kept their names.
 */
function clientClass(): MqClientClass {
  const exported = sdk as unknown as Record<string, MqClientClass | undefined>;
  const found = exported.MqClient ?? exported.MQClient;
  if (!found) {
    throw new Error('@aws-sdk/client-mq exports neither MqClient nor MQClient; the Lambda runtime\'s AWS SDK is not the expected v3.');
  }
  return found;
}

/** Creates the MQ client the handler uses (exported so tests exercise the same retry settings). */
export function createMqClient(config: MqClientConfig = {}): MqClient {
  const Client = clientClass();
  return new Client({ retryMode: 'standard', maxAttempts: 3, ...config });
}

let client: MqClient | undefined;
function mq(): MqClient {
  client ??= createMqClient();
  return client;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ message, ...fields }));
}

/** True for throttling errors, by name or HTTP status 429. */
export function isThrottlingError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return !!e && (THROTTLING_ERRORS.includes(e.name ?? '') || e.$metadata?.httpStatusCode === 429);
}

/** Runs `call`, retrying throttling errors with exponential backoff and jitter; other errors propagate. */
export async function withThrottlingRetry<T>(what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (!isThrottlingError(err) || attempt >= THROTTLE_ATTEMPTS) {
        throw err;
      }
      const ceiling = Math.min(THROTTLE_MAX_DELAY_MS, THROTTLE_BASE_DELAY_MS * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
      log('throttled, retrying', { what, attempt, delayMs: delay, error: (err as Error).name });
      await sleep(delay);
    }
  }
}

async function describe(brokerId: string): Promise<DescribeBrokerResponse> {
  return withThrottlingRetry(`DescribeBroker ${brokerId}`, () => mq().send(new DescribeBrokerCommand({ BrokerId: brokerId })));
}

async function reboot(brokerId: string): Promise<void> {
  await withThrottlingRetry(`RebootBroker ${brokerId}`, () => mq().send(new RebootBrokerCommand({ BrokerId: brokerId })));
}

/** The changes a broker still has to apply (empty when there are none). */
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
    pending.push(`engine version ${broker.PendingEngineVersion}`);
  }
  if (broker.PendingHostInstanceType) {
    pending.push(`host instance type ${broker.PendingHostInstanceType}`);
  }
  if (broker.PendingSecurityGroups && broker.PendingSecurityGroups.length > 0) {
    pending.push(`security groups ${broker.PendingSecurityGroups.join(', ')}`);
  }
  if (broker.PendingAuthenticationStrategy) {
    pending.push(`authentication strategy ${broker.PendingAuthenticationStrategy}`);
  }
  return pending;
}

function brokerLabel(brokerId: string, broker?: DescribeBrokerResponse): string {
  return broker?.BrokerName ? `${broker.BrokerName} (${brokerId})` : brokerId;
}

function failIfBroken(brokerId: string, broker: DescribeBrokerResponse): void {
  const state = broker.BrokerState ?? 'UNKNOWN';
  if (FAILED_STATES.includes(state)) {
    throw new Error(`Broker ${brokerLabel(brokerId, broker)} is in state ${state} and cannot be rebooted to apply its `
      + 'configuration: fix the broker (see the Amazon MQ console and its events), then deploy again.');
  }
}

function brokerIdOf(props: Record<string, unknown> | undefined): string {
  const brokerId = props?.BrokerId;
  if (typeof brokerId !== 'string' || brokerId === '') {
    throw new Error(`The reboot resource needs a BrokerId property, got ${JSON.stringify(brokerId)}.`);
  }
  return brokerId;
}

/** True when none of the properties that matter changed between the old and the new resource. */
export function noRelevantChange(oldProps: Record<string, unknown> | undefined, newProps: Record<string, unknown>): boolean {
  return PROPERTY_KEYS.every((k) => String(oldProps?.[k] ?? '') === String(newProps[k] ?? ''));
}

/**
 * Reboots a RUNNING broker and watches (up to a minute) for it to leave RUNNING, so that isComplete cannot
 * mistake the moment before the reboot for its end.
 */
async function rebootAndObserve(brokerId: string): Promise<boolean> {
  await reboot(brokerId);
  for (let i = 0; i < OBSERVE_ATTEMPTS; i++) {
    await sleep(OBSERVE_INTERVAL_MS);
    const state = (await describe(brokerId)).BrokerState;
    if (state !== 'RUNNING') {
      log('reboot under way', { brokerId, state });
      return true;
    }
  }
  log('broker still reports RUNNING after RebootBroker; isComplete will wait for pending changes to clear', { brokerId });
  return false;
}

/** Provider framework onEvent. */
export async function onEvent(event: OnEventRequest): Promise<OnEventResponse> {
  log('onEvent', { requestType: event.RequestType, properties: event.ResourceProperties, old: event.OldResourceProperties });
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { Action: 'NONE' } };
  }
  const props = event.ResourceProperties as Record<string, unknown>;
  const brokerId = brokerIdOf(props);
  const startedAt = new Date().toISOString();
  if (event.RequestType === 'Update' && noRelevantChange(event.OldResourceProperties, props)) {
    log('no relevant change, no reboot', { brokerId });
    return { PhysicalResourceId: brokerId, Data: { Action: 'NONE', StartedAt: startedAt } };
  }
  const broker = await describe(brokerId);
  failIfBroken(brokerId, broker);
  const state = broker.BrokerState ?? 'UNKNOWN';
  if (state === 'RUNNING') {
    const observed = await rebootAndObserve(brokerId);
    return {
      PhysicalResourceId: brokerId,
      Data: { Action: 'REBOOT', StartedAt: startedAt, InitialState: state, RebootObserved: String(observed) },
    };
  }
  log('broker not RUNNING, waiting before deciding to reboot', { brokerId, state });
  return { PhysicalResourceId: brokerId, Data: { Action: 'WAIT', StartedAt: startedAt, InitialState: state } };
}

function settings(): { timeoutSeconds: number; queryIntervalSeconds: number } {
  const timeoutSeconds = Number(process.env.REBOOT_BROKER_TIMEOUT_SECONDS ?? 2700);
  const queryIntervalSeconds = Number(process.env.REBOOT_BROKER_QUERY_INTERVAL_SECONDS ?? 30);
  return { timeoutSeconds, queryIntervalSeconds };
}

function describeDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [minutes > 0 ? `${minutes} minutes` : '', rest > 0 || minutes === 0 ? `${rest} seconds` : ''];
  return parts.filter((p) => p !== '').join(' ');
}

/** Provider framework isComplete. */
export async function isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  const data = (event.Data ?? {}) as Record<string, string>;
  const action = (data.Action ?? 'WAIT') as RebootAction;
  if (action === 'NONE') {
    return { IsComplete: true };
  }
  const brokerId = brokerIdOf(event.ResourceProperties as Record<string, unknown>);
  const { timeoutSeconds, queryIntervalSeconds } = settings();
  const startedAtMs = Date.parse(data.StartedAt ?? '');
  const elapsedSeconds = Number.isNaN(startedAtMs) ? 0 : (Date.now() - startedAtMs) / 1000;
  // Fail one query interval early, so that this message, not the framework's bare timeout, reaches CloudFormation.
  const outOfTime = elapsedSeconds >= timeoutSeconds - queryIntervalSeconds;

  let broker: DescribeBrokerResponse;
  try {
    broker = await describe(brokerId);
  } catch (err) {
    if (isThrottlingError(err) && !outOfTime) {
      log('still throttled, polling again later', { brokerId });
      return { IsComplete: false };
    }
    throw err;
  }
  failIfBroken(brokerId, broker);
  const state = broker.BrokerState ?? 'UNKNOWN';
  const pending = pendingChanges(broker);
  log('isComplete', { brokerId, action, state, pending, elapsedSeconds: Math.round(elapsedSeconds) });

  if (state === 'RUNNING' && pending.length === 0) {
    return { IsComplete: true, Data: { FinalState: state } };
  }
  if (outOfTime) {
    throw new Error(`Timed out after ${describeDuration(Math.round(elapsedSeconds))} waiting for broker `
      + `${brokerLabel(brokerId, broker)} to apply its configuration (timeout ${describeDuration(timeoutSeconds)}): `
      + `last state ${state}, still pending: ${pending.length > 0 ? pending.join('; ') : 'nothing'}. `
      + 'Check the broker in the Amazon MQ console; if reboots of this instance type take longer, raise the '
      + 'RollingReboot timeout (at most 55 minutes), or use ConfigurationApply.MAINTENANCE_WINDOW.');
  }
  if (state === 'RUNNING' && action === 'WAIT') {
    // The broker was busy when onEvent ran, and that did not apply everything: reboot now.
    log('broker RUNNING with pending changes after waiting, rebooting', { brokerId, pending });
    await rebootAndObserve(brokerId);
  }
  return { IsComplete: false };
}

/** Lambda entry point: dispatches on `REBOOT_BROKER_PHASE` (`onEvent` or `isComplete`). */
export async function handler(event: OnEventRequest | IsCompleteRequest): Promise<OnEventResponse | IsCompleteResponse> {
  const phase = process.env.REBOOT_BROKER_PHASE;
  if (phase === 'onEvent') {
    return onEvent(event as OnEventRequest);
  }
  if (phase === 'isComplete') {
    return isComplete(event as IsCompleteRequest);
  }
  throw new Error(`REBOOT_BROKER_PHASE must be 'onEvent' or 'isComplete', got ${JSON.stringify(phase)}.`);
}

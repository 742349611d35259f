/**
 * AWS SDK v3 clients of the lifecycle handler, created once per Lambda container, with the SDK's standard retry
 * strategy, plus a second, handler-level retry with backoff for throttling. Bundled into the handler (no reliance on
 * the runtime's SDK). Logging helper that never receives secret values.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { MqClient } from '@aws-sdk/client-mq';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';

const CLIENT_CONFIG = { retryMode: 'standard', maxAttempts: 3 } as const;

interface Clients {
  mq?: MqClient;
  secrets?: SecretsManagerClient;
  sfn?: SFNClient;
  cfn?: CloudFormationClient;
  ssm?: SSMClient;
}
const clients: Clients = {};

/** The Amazon MQ client. */
export function mq(): MqClient {
  return clients.mq ??= new MqClient(CLIENT_CONFIG);
}

/** The Secrets Manager client. */
export function secrets(): SecretsManagerClient {
  return clients.secrets ??= new SecretsManagerClient(CLIENT_CONFIG);
}

/** The Step Functions client. */
export function sfn(): SFNClient {
  return clients.sfn ??= new SFNClient(CLIENT_CONFIG);
}

/** The CloudFormation client. */
export function cloudFormation(): CloudFormationClient {
  return clients.cfn ??= new CloudFormationClient(CLIENT_CONFIG);
}

/** The SSM client. */
export function ssm(): SSMClient {
  return clients.ssm ??= new SSMClient(CLIENT_CONFIG);
}

/** Error names treated as throttling (besides HTTP 429). */
const THROTTLING_ERRORS = ['ThrottlingException', 'TooManyRequestsException', 'Throttling', 'ThrottledException'];
/** Handler-level attempts for a throttled call (each attempt also has the SDK's own retries). */
export const THROTTLE_ATTEMPTS = 5;
/** First backoff delay for a throttled call, doubled each attempt, capped at {@link THROTTLE_MAX_DELAY_MS}. */
export const THROTTLE_BASE_DELAY_MS = 1000;
/** The longest backoff delay. */
export const THROTTLE_MAX_DELAY_MS = 16000;

/** True for throttling errors, by name or HTTP status 429. */
export function isThrottlingError(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return !!e && (THROTTLING_ERRORS.includes(e.name ?? '') || e.$metadata?.httpStatusCode === 429);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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

/** One structured log line. Callers pass identifiers and states only, never a secret value. */
export function log(message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ message, ...fields }));
}

/** The name of an AWS error (e.g. `NotFoundException`), or undefined. */
export function errorName(err: unknown): string | undefined {
  return (err as { name?: string } | undefined)?.name;
}

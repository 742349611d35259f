/**
 * The stack's rotation function, as Secrets Manager calls it (`createSecret`, `setSecret`, `testSecret`,
 * `finishSecret`). A broker password only takes effect when each broker reboots, one at a time, which takes far
 * longer than one Lambda invocation; so `createSecret` starts the rotation workflow (the stack's lifecycle state
 * machine), which writes the new version as `AWSPENDING`, applies it to every broker, and promotes it to
 * `AWSCURRENT` itself once every broker runs it. The other steps have nothing left to do. Until the workflow
 * promotes the version, `AWSPENDING` stays on it, which is Secrets Manager's own "rotation in progress" mark: no
 * second rotation of the secret can start, and the mesh's deploy-time jobs wait.
 */
import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { log, sfn, withThrottlingRetry } from './aws';
import { WorkflowState } from './job';

/** What Secrets Manager sends a rotation function. */
export interface RotationRequest {
  readonly SecretId: string;
  readonly ClientRequestToken: string;
  readonly Step: string;
}

/** True for a Secrets Manager rotation request. */
export function isRotationRequest(event: unknown): event is RotationRequest {
  const e = event as Partial<RotationRequest> | undefined;
  return !!e && typeof e.SecretId === 'string' && typeof e.ClientRequestToken === 'string' && typeof e.Step === 'string';
}

/** The workflow input that (re)starts the rotation of `secretArn` to the version `token`. */
export function rotationInput(secretArn: string, token: string): WorkflowState {
  return { job: { kind: 'rotation', state: { secretArn, token, phase: 'start', cursor: 0, rebootRequested: false } }, done: false, waitSeconds: 0 };
}

/** Handles one rotation step. */
export async function rotationEntry(request: RotationRequest): Promise<void> {
  if (request.Step !== 'createSecret') {
    log('rotation step left to the workflow', { secretId: request.SecretId, step: request.Step });
    return;
  }
  const name = `rotate-${request.ClientRequestToken.replace(/[^A-Za-z0-9_-]/g, '')}`.slice(0, 80);
  try {
    await withThrottlingRetry('StartExecution', () => sfn().send(new StartExecutionCommand({
      stateMachineArn: process.env.LIFECYCLE_STATE_MACHINE_ARN,
      name,
      input: JSON.stringify(rotationInput(request.SecretId, request.ClientRequestToken)),
    })));
    log('rotation workflow started', { secretId: request.SecretId, execution: name });
  } catch (err) {
    if (err instanceof ExecutionAlreadyExists || (err as Error).name === 'ExecutionAlreadyExists') {
      log('rotation workflow already running', { secretId: request.SecretId, execution: name });
      return;
    }
    throw err;
  }
}

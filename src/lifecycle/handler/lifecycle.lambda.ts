/**
 * The lifecycle function of a stack's meshes (one function per stack). It is invoked by:
 * - CloudFormation, for `Custom::ActiveMqBrokerReboot` and `Custom::ActiveMqMeshUsers` requests: it decides at once
 *   and answers CloudFormation, or starts the stack's lifecycle state machine, which calls back here ("step") every
 *   `waitSeconds` until the job is done and CloudFormation has its answer;
 * - the state machine: `{ kind: 'step' }` advances a job, `{ kind: 'abort' }` reports a job whose step failed
 *   beyond the state machine's retries;
 * - Secrets Manager, when this is the stack's rotation function (`LIFECYCLE_ROLE=rotation`).
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { errorName, log, sfn, withThrottlingRetry } from './aws';
import { CfnRequest, isCfnRequest, respond } from './cfn-response';
import { CustomResourceJob, Job, Outcome, WorkflowState } from './job';
import { beginReboot, pollReboot, REBOOT_RESOURCE_TYPE } from './reboot-job';
import { isRotationRequest, rotationEntry, RotationRequest } from './rotation-entry';
import { abortRotation, pollRotation } from './rotation-job';
import { beginUsers, pollUsers, USERS_RESOURCE_TYPE } from './users-job';

/** A step or abort invocation from the state machine. */
interface WorkflowInvocation {
  readonly kind: 'step' | 'abort';
  readonly job: Job;
  readonly error?: { readonly Error?: string; readonly Cause?: string };
}

/** Lambda entry point. */
export async function handler(event: unknown): Promise<WorkflowState | void> {
  if (process.env.LIFECYCLE_ROLE === 'rotation') {
    if (!isRotationRequest(event)) {
      throw new Error('The rotation function only handles Secrets Manager rotation requests.');
    }
    return rotationEntry(event as RotationRequest);
  }
  if (isCfnRequest(event)) {
    return onCustomResource(event);
  }
  const invocation = event as WorkflowInvocation;
  if (invocation?.kind === 'step') {
    return step(invocation.job);
  }
  if (invocation?.kind === 'abort') {
    return abort(invocation.job, invocation.error);
  }
  throw new Error(`Unknown lifecycle request: ${JSON.stringify(Object.keys((event ?? {}) as object))}.`);
}

async function begin(request: CfnRequest): Promise<Outcome> {
  switch (request.ResourceType) {
    case REBOOT_RESOURCE_TYPE: return beginReboot(request);
    case USERS_RESOURCE_TYPE: return beginUsers(request);
    default: throw new Error(`The lifecycle function does not handle ${request.ResourceType}.`);
  }
}

async function poll(job: CustomResourceJob): Promise<Outcome> {
  switch (job.request.ResourceType) {
    case REBOOT_RESOURCE_TYPE: return pollReboot(job.state);
    case USERS_RESOURCE_TYPE: return pollUsers(job.request, job.state);
    default: throw new Error(`The lifecycle function does not handle ${job.request.ResourceType}.`);
  }
}

/** The physical id to report when a request fails before the job decided one. */
function fallbackPhysicalId(request: CfnRequest): string {
  return request.PhysicalResourceId ?? `${request.LogicalResourceId}-${request.RequestId}`.slice(0, 200);
}

async function finish(request: CfnRequest, outcome: Outcome & { done: true }): Promise<void> {
  await respond(request, {
    status: 'SUCCESS',
    physicalResourceId: outcome.physicalResourceId,
    data: outcome.warning ? { ...outcome.data, Warning: outcome.warning } : outcome.data,
    reason: outcome.warning,
  });
}

async function onCustomResource(request: CfnRequest): Promise<void> {
  log('custom resource request', {
    requestType: request.RequestType,
    resourceType: request.ResourceType,
    logicalResourceId: request.LogicalResourceId,
    physicalResourceId: request.PhysicalResourceId,
  });
  let outcome: Outcome;
  try {
    outcome = await begin(request);
  } catch (err) {
    await respond(request, { status: 'FAILED', physicalResourceId: fallbackPhysicalId(request), reason: (err as Error).message });
    return;
  }
  if (outcome.done) {
    await finish(request, outcome);
    return;
  }
  const input: WorkflowState = { job: { kind: 'custom-resource', request, state: outcome.state }, done: false, waitSeconds: outcome.waitSeconds };
  try {
    await withThrottlingRetry('StartExecution', () => sfn().send(new StartExecutionCommand({
      stateMachineArn: process.env.LIFECYCLE_STATE_MACHINE_ARN,
      // One execution per request: CloudFormation may deliver a request twice; the same name and input is idempotent.
      name: executionName(request),
      input: JSON.stringify(input),
    })));
  } catch (err) {
    await respond(request, { status: 'FAILED', physicalResourceId: fallbackPhysicalId(request), reason: `Could not start the lifecycle workflow: ${errorName(err) ?? ''} ${(err as Error).message}` });
  }
}

/** A valid, unique Step Functions execution name for a request (at most 80 characters of `[A-Za-z0-9-_]`). */
export function executionName(request: CfnRequest): string {
  const clean = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '');
  return `${clean(request.LogicalResourceId).slice(0, 40)}-${clean(request.RequestId)}`.slice(0, 80);
}

async function step(job: Job): Promise<WorkflowState> {
  if (job.kind === 'rotation') {
    return pollRotation(job);
  }
  let outcome: Outcome;
  try {
    outcome = await poll(job);
  } catch (err) {
    await respond(job.request, { status: 'FAILED', physicalResourceId: fallbackPhysicalId(job.request), reason: (err as Error).message });
    return { job, done: true, failed: true, waitSeconds: 0 };
  }
  if (outcome.done) {
    await finish(job.request, outcome);
    return { job, done: true, waitSeconds: 0 };
  }
  return { job: { ...job, state: outcome.state }, done: false, waitSeconds: outcome.waitSeconds };
}

async function abort(job: Job, error: WorkflowInvocation['error']): Promise<void> {
  const why = `${error?.Error ?? 'Error'}: ${error?.Cause ?? 'the lifecycle step failed'}`;
  log('job aborted by the state machine', { kind: job.kind, error: why });
  if (job.kind === 'rotation') {
    await abortRotation(job, why);
  } else {
    await respond(job.request, { status: 'FAILED', physicalResourceId: fallbackPhysicalId(job.request), reason: `The lifecycle workflow failed: ${why}` });
  }
}

/**
 * The contract between the lifecycle function and its state machine: a job is started by a custom resource
 * request (or a rotation), and advanced by "step" invocations until it is done. The state machine only waits
 * `waitSeconds` between steps; every decision is made here.
 */
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { cloudFormation, errorName, log, withThrottlingRetry } from './aws';
import { CfnRequest } from './cfn-response';

/** A custom resource request being worked on, with the job's own state. */
export interface CustomResourceJob {
  readonly kind: 'custom-resource';
  readonly request: CfnRequest;
  readonly state: Record<string, unknown>;
}

/** A rotation of one user's secret, with the workflow's state. */
export interface RotationJob {
  readonly kind: 'rotation';
  readonly state: Record<string, unknown>;
}

/** Any job the state machine advances. */
export type Job = CustomResourceJob | RotationJob;

/** What a step decided. */
export type Outcome =
  | { readonly done: true; readonly physicalResourceId: string; readonly data?: Record<string, string>; readonly warning?: string }
  | { readonly done: false; readonly state: Record<string, unknown>; readonly waitSeconds: number };

/** The state machine's input and each step's output. */
export interface WorkflowState {
  readonly job: Job;
  readonly done: boolean;
  readonly failed?: boolean;
  readonly waitSeconds: number;
}

/** How often a waiting job is looked at again. */
export const POLL_SECONDS = 30;

/** The stack statuses in which CloudFormation is rolling back an update (the request restores old properties). */
const ROLLBACK_STATUSES = ['UPDATE_ROLLBACK_IN_PROGRESS', 'ROLLBACK_IN_PROGRESS', 'IMPORT_ROLLBACK_IN_PROGRESS'];

/**
 * True when the request's stack is rolling back. CloudFormation's request does not say so, so the stack is asked
 * (`cloudformation:DescribeStacks` on the stack's own ARN). If the question cannot be answered, the answer is
 * false: the job then behaves as on a forward update.
 */
export async function isRollingBack(stackId: string): Promise<boolean> {
  try {
    const out = await withThrottlingRetry('DescribeStacks', () => cloudFormation().send(new DescribeStacksCommand({ StackName: stackId })));
    const status = out.Stacks?.[0]?.StackStatus ?? '';
    return ROLLBACK_STATUSES.includes(status);
  } catch (err) {
    log('could not read the stack status; assuming a forward update', { stackId, error: errorName(err) });
    return false;
  }
}

/** The string value of a custom resource property (CloudFormation passes scalars as strings). */
export function stringProp(props: Record<string, unknown> | undefined, key: string): string {
  const value = props?.[key];
  return value === undefined || value === null ? '' : String(value);
}

/** A required string property, or a clear error naming it. */
export function requiredProp(props: Record<string, unknown>, key: string, resourceType: string): string {
  const value = props[key];
  if (typeof value !== 'string' || value === '') {
    throw new Error(`${resourceType} needs a ${key} property, got ${JSON.stringify(value)}.`);
  }
  return value;
}

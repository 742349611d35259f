/**
 * The lifecycle state machine (Amazon States Language): it only waits and calls the lifecycle function, which makes
 * every decision. `Wait` for the job's `waitSeconds`, `Step` (the function advances the job), `Done?`; a step that
 * fails beyond the retries goes to `Abort` (the function reports the failure: to CloudFormation for a custom
 * resource, in its log with the resume input for a rotation).
 */

/** The substitution variable of the function ARN in the definition. */
export const FUNCTION_ARN_VARIABLE = 'LifecycleFunctionArn';

/** Errors of the Lambda service itself, worth retrying. */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException',
];

function invoke(payload: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: `\${${FUNCTION_ARN_VARIABLE}}`, Payload: payload },
    OutputPath: '$.Payload',
  };
}

/** The definition, with `${LifecycleFunctionArn}` to substitute. */
export function lifecycleDefinition(): Record<string, unknown> {
  const serviceRetry = { ErrorEquals: LAMBDA_SERVICE_ERRORS, IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2 };
  return {
    Comment: 'cdk-activemq-mesh lifecycle: waits between the steps of a job; the lifecycle function decides everything.',
    StartAt: 'Wait',
    States: {
      'Wait': { Type: 'Wait', SecondsPath: '$.waitSeconds', Next: 'Step' },
      'Step': {
        ...invoke({ 'kind': 'step', 'job.$': '$.job' }),
        Retry: [serviceRetry, { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 30, MaxAttempts: 2, BackoffRate: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Abort' }],
        Next: 'Done?',
      },
      'Done?': {
        Type: 'Choice',
        Choices: [
          { And: [{ Variable: '$.failed', IsPresent: true }, { Variable: '$.failed', BooleanEquals: true }], Next: 'Failed' },
          { Variable: '$.done', BooleanEquals: true, Next: 'Succeeded' },
        ],
        Default: 'Wait',
      },
      'Abort': {
        ...invoke({ 'kind': 'abort', 'job.$': '$.job', 'error.$': '$.error' }),
        Retry: [serviceRetry],
        Next: 'Failed',
      },
      'Succeeded': { Type: 'Succeed' },
      'Failed': { Type: 'Fail', Error: 'LifecycleJobFailed', Cause: 'The job failed; its reason is in the lifecycle function log and, for a custom resource, in the stack events.' },
    },
  };
}

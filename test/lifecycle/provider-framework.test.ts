/**
 * The bundled handler under the real CDK Provider framework runtime (aws-cdk-lib's
 * custom-resources/lib/provider-framework/runtime/framework.js), run in-process. What only AWS provides is
 * replaced at the framework's own seams:
 * - Lambda Invoke of the user functions calls the bundle's `handler` with the phase's environment;
 * - the Step Functions waiter is a loop that retries isComplete every 30 s of (fake) time, `totalTimeout /
 *   queryInterval` times, then calls the framework's onTimeout, as the waiter state machine does;
 * - the PUT to CloudFormation's pre-signed URL is captured;
 * - the MQ API is aws-sdk-client-mock.
 * This proves what CloudFormation would receive: status, physical id, and our error text as the Reason.
 */
import * as path from 'path';
import { DescribeBrokerCommand, DescribeBrokerResponse, MqClient, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { mockClient } from 'aws-sdk-client-mock';

// The framework's outbound module loads these clients; its calls go through the functions replaced below.
jest.mock('@aws-sdk/client-lambda', () => ({ LambdaClient: class {}, InvokeCommand: class {}, waitUntilFunctionActiveV2: async () => ({}) }), { virtual: true });
jest.mock('@aws-sdk/client-sfn', () => ({ SFNClient: class {}, StartExecutionCommand: class {} }), { virtual: true });

const RUNTIME = path.join(path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources', 'lib', 'provider-framework', 'runtime');
const BUNDLE = path.join(__dirname, '..', '..', 'assets', 'lifecycle', 'reboot-broker.lambda', 'index.js');
const BROKER_ID = 'b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9';
const PROPS = { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:framework-onEvent', BrokerId: BROKER_ID, ConfigurationRevision: '2', UsersHash: 'abc', HostInstanceType: 'mq.m5.large' };
const QUERY_INTERVAL_SECONDS = 30;
const TIMEOUT_SECONDS = 2700;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
const framework = require(path.join(RUNTIME, 'framework.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
const outbound = require(path.join(RUNTIME, 'outbound.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loads a built JavaScript file by path
const bundle = require(BUNDLE);
const mq = mockClient(MqClient);

interface CfnResponse { Status: string; Reason: string; PhysicalResourceId: string; Data?: Record<string, string> }

let responses: CfnResponse[] = [];
let waiterInput: string | undefined;
let isCompleteCalls = 0;

outbound.httpRequest = async (_options: unknown, body: string) => { responses.push(JSON.parse(body)); };
outbound.startExecution = async (req: { input: string }) => { waiterInput = req.input; return {}; };
outbound.invokeFunction = async (req: { FunctionName: string; Payload: string }) => {
  const phase = req.FunctionName.endsWith(':user-on-event') ? 'onEvent' : 'isComplete';
  if (phase === 'isComplete') isCompleteCalls++;
  process.env.REBOOT_BROKER_PHASE = phase;
  try {
    const out = await bundle.handler(JSON.parse(req.Payload));
    return { Payload: Buffer.from(JSON.stringify(out ?? {})) };
  } catch (e) {
    return { FunctionError: 'Unhandled', Payload: Buffer.from(JSON.stringify({ errorMessage: (e as Error).message, trace: [] })) };
  }
};

async function run<T>(promise: Promise<T>): Promise<T> {
  const settled = promise.then((value) => ({ value }), (error) => ({ error }));
  await jest.runAllTimersAsync();
  const result = await settled as { value?: T; error?: unknown };
  if ('error' in result) throw result.error;
  return result.value as T;
}

/** One CloudFormation request through the framework; returns what CloudFormation receives. */
async function cloudFormation(request: Record<string, unknown>): Promise<CfnResponse> {
  responses = [];
  waiterInput = undefined;
  isCompleteCalls = 0;
  const event = {
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/abc?X-Amz-Signature=x',
    StackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Mesh/1',
    RequestId: 'req-1',
    LogicalResourceId: 'RollingRebootNode0',
    ResourceType: 'Custom::ActiveMqBrokerReboot',
    ServiceToken: PROPS.ServiceToken,
    ...request,
  };
  await run(framework.onEvent(event));
  if (responses.length > 0) return responses[0];
  expect(waiterInput).toBeDefined();
  const input = JSON.parse(waiterInput!);
  const maxAttempts = TIMEOUT_SECONDS / QUERY_INTERVAL_SECONDS;
  // The waiter state machine: first attempt at once, then `maxAttempts` retries one interval apart.
  for (let attempt = 0; attempt <= maxAttempts; attempt++) {
    try {
      await run(framework.isComplete(input));
      return responses[0];
    } catch (e) {
      if ((e as Error).constructor.name !== 'Retry') throw e;
    }
    jest.setSystemTime(Date.now() + QUERY_INTERVAL_SECONDS * 1000);
  }
  await framework.onTimeout({ Cause: JSON.stringify({ errorMessage: JSON.stringify(input) }) });
  return responses[0];
}

function broker(state: string, extra: Partial<DescribeBrokerResponse> = {}): DescribeBrokerResponse {
  return { BrokerId: BROKER_ID, BrokerName: 'mesh-broker-0', BrokerState: state as DescribeBrokerResponse['BrokerState'], ...extra };
}

beforeEach(() => {
  mq.reset();
  jest.useFakeTimers();
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    USER_ON_EVENT_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:111111111111:function:user-on-event',
    USER_IS_COMPLETE_FUNCTION_ARN: 'arn:aws:lambda:us-east-1:111111111111:function:user-is-complete',
    WAITER_STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:111111111111:stateMachine:waiter',
    REBOOT_BROKER_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    REBOOT_BROKER_QUERY_INTERVAL_SECONDS: String(QUERY_INTERVAL_SECONDS),
  });
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('rolling reboot under the real Provider framework', () => {
  test('Create: CloudFormation gets SUCCESS, the broker id as physical id, after one reboot', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('RUNNING', { PendingEngineVersion: '5.19' }))
      .resolvesOnce(broker('REBOOT_IN_PROGRESS'))
      .resolvesOnce(broker('REBOOT_IN_PROGRESS'))
      .resolvesOnce(broker('REBOOT_IN_PROGRESS'))
      .resolves(broker('RUNNING'));
    mq.on(RebootBrokerCommand).resolves({});
    const response = await cloudFormation({ RequestType: 'Create', ResourceProperties: PROPS });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT', FinalState: 'RUNNING' } });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(isCompleteCalls).toBe(3);
  });

  test('a reboot that never finishes fails with our message, before the framework\'s bare "Operation timed out"', async () => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING')).resolves(broker('REBOOT_IN_PROGRESS'));
    mq.on(RebootBrokerCommand).resolves({});
    const response = await cloudFormation({ RequestType: 'Create', ResourceProperties: PROPS });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`waiting for broker mesh-broker-0 (${BROKER_ID}) to apply its configuration (timeout 45 minutes): last state REBOOT_IN_PROGRESS`);
    expect(response.Reason).not.toContain('Operation timed out');
    expect(isCompleteCalls).toBeLessThanOrEqual(TIMEOUT_SECONDS / QUERY_INTERVAL_SECONDS);
  });

  test('Update with no relevant change: SUCCESS, same physical id, no MQ call', async () => {
    const response = await cloudFormation({
      RequestType: 'Update', PhysicalResourceId: BROKER_ID, ResourceProperties: { ...PROPS, ServiceToken: 'other' }, OldResourceProperties: PROPS,
    });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID });
    expect(mq.calls()).toHaveLength(0);
  });

  test('Delete: SUCCESS, same physical id, no MQ call', async () => {
    const response = await cloudFormation({ RequestType: 'Delete', PhysicalResourceId: BROKER_ID, ResourceProperties: PROPS });
    expect(response).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID });
    expect(mq.calls()).toHaveLength(0);
  });

  test('a broken broker fails the deployment at once with its name and state', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('CRITICAL_ACTION_REQUIRED'));
    const response = await cloudFormation({ RequestType: 'Create', ResourceProperties: PROPS });
    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`Broker mesh-broker-0 (${BROKER_ID}) is in state CRITICAL_ACTION_REQUIRED`);
    expect(isCompleteCalls).toBe(0);
  });
});

import { Readable } from 'stream';
import { DescribeBrokerCommand, DescribeBrokerResponse, MqClient, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { mockClient } from 'aws-sdk-client-mock';
import {
  createMqClient,
  handler,
  isComplete,
  IsCompleteRequest,
  isThrottlingError,
  onEvent,
  OnEventRequest,
  pendingChanges,
  THROTTLE_ATTEMPTS,
} from '../../src/lifecycle/reboot-broker.lambda';

const mq = mockClient(MqClient);
const BROKER_ID = 'b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9';
const PROPS = { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:framework', BrokerId: BROKER_ID, ConfigurationRevision: '2', UsersHash: 'abc', HostInstanceType: 'mq.m5.large' };

/** A DescribeBroker answer: `state`, and nothing pending unless `extra` says so. */
function broker(state: string, extra: Partial<DescribeBrokerResponse> = {}): DescribeBrokerResponse {
  return {
    BrokerId: BROKER_ID,
    BrokerName: 'mesh-broker-1',
    BrokerState: state as DescribeBrokerResponse['BrokerState'],
    Configurations: { Current: { Id: 'c-1', Revision: 2 }, History: [] },
    Users: [{ Username: 'bridge' }],
    ...extra,
  };
}

const PENDING_CONFIG: Partial<DescribeBrokerResponse> = {
  Configurations: { Current: { Id: 'c-1', Revision: 1 }, Pending: { Id: 'c-1', Revision: 2 }, History: [] },
};

function createEvent(): OnEventRequest {
  return { RequestType: 'Create', ResourceProperties: PROPS };
}

function updateEvent(newProps: Record<string, unknown>): OnEventRequest {
  return { RequestType: 'Update', PhysicalResourceId: BROKER_ID, ResourceProperties: newProps, OldResourceProperties: PROPS };
}

/** The request the Provider framework builds for isComplete from the onEvent request and its response. */
function completeEvent(event: OnEventRequest, response: { PhysicalResourceId?: string; Data?: Record<string, string> }): IsCompleteRequest {
  return { ...event, ...response };
}

/** Runs a handler call to the end with fake timers (the handler sleeps between polls and retries). */
async function run<T>(promise: Promise<T>): Promise<T> {
  const settled = promise.then((value) => ({ value }), (error) => ({ error }));
  await jest.runAllTimersAsync();
  const result = await settled as { value?: T; error?: unknown };
  if ('error' in result) throw result.error;
  return result.value as T;
}

function throttling(name: string): Error {
  return Object.assign(new Error(`Rate exceeded (${name})`), { name, $metadata: { httpStatusCode: name === 'TooManyRequestsException' ? 429 : 400 } });
}

beforeEach(() => {
  mq.reset();
  jest.useFakeTimers();
  process.env.AWS_REGION = 'us-east-1';
  process.env.REBOOT_BROKER_TIMEOUT_SECONDS = '2700';
  process.env.REBOOT_BROKER_QUERY_INTERVAL_SECONDS = '30';
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('onEvent + isComplete', () => {
  test('RUNNING -> reboot -> REBOOT_IN_PROGRESS -> RUNNING completes after exactly one reboot', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG)) // onEvent: state at the start
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG)) // onEvent: 5 s after RebootBroker, not started yet
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // onEvent: reboot observed
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // isComplete #1
      .resolvesOnce(broker('RUNNING')); // isComplete #2: running, nothing pending
    mq.on(RebootBrokerCommand).resolves({});

    const event = createEvent();
    const response = await run(onEvent(event));
    expect(response.PhysicalResourceId).toBe(BROKER_ID);
    expect(response.Data).toMatchObject({ Action: 'REBOOT', InitialState: 'RUNNING', RebootObserved: 'true' });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(mq.commandCalls(RebootBrokerCommand)[0].args[0].input).toEqual({ BrokerId: BROKER_ID });

    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: false });
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: true, Data: { FinalState: 'RUNNING' } });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(5);
  });

  test('a broker not RUNNING at the start is not rebooted until it is RUNNING, then rebooted if changes are still pending', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // onEvent
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // isComplete #1
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG)) // isComplete #2: the earlier reboot did not apply it
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // isComplete #2: watching our reboot start
      .resolvesOnce(broker('REBOOT_IN_PROGRESS')) // isComplete #3
      .resolvesOnce(broker('RUNNING')); // isComplete #4
    mq.on(RebootBrokerCommand).resolves({});

    const event = createEvent();
    const response = await run(onEvent(event));
    expect(response.Data).toMatchObject({ Action: 'WAIT', InitialState: 'REBOOT_IN_PROGRESS' });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);

    const req = completeEvent(event, response);
    await expect(run(isComplete(req))).resolves.toEqual({ IsComplete: false });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
    await expect(run(isComplete(req))).resolves.toEqual({ IsComplete: false });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    await expect(run(isComplete(req))).resolves.toEqual({ IsComplete: false });
    await expect(run(isComplete(req))).resolves.toMatchObject({ IsComplete: true });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
  });

  test('a broker still being created completes without a reboot if it comes up with nothing pending', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('CREATION_IN_PROGRESS'))
      .resolvesOnce(broker('CREATION_IN_PROGRESS'))
      .resolvesOnce(broker('RUNNING'));
    const event = createEvent();
    const response = await run(onEvent(event));
    expect(response.Data).toMatchObject({ Action: 'WAIT' });
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: false });
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toMatchObject({ IsComplete: true });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
  });

  test('a broker that never seems to leave RUNNING after RebootBroker is still waited for until nothing is pending', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING', PENDING_CONFIG));
    mq.on(RebootBrokerCommand).resolves({});
    const event = createEvent();
    const response = await run(onEvent(event));
    expect(response.Data).toMatchObject({ Action: 'REBOOT', RebootObserved: 'false' });
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(1 + 12);
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: false });
    // No second reboot from isComplete after onEvent rebooted.
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
  });

  test.each([
    ['a pending configuration revision', PENDING_CONFIG, 'configuration c-1 revision 2 (running c-1 revision 1)'],
    ['a pending user change', { Users: [{ Username: 'bridge', PendingChange: 'UPDATE' }] }, 'users bridge (UPDATE)'],
    ['a pending engine version', { PendingEngineVersion: '5.19' }, 'engine version 5.19'],
    ['a pending host instance type', { PendingHostInstanceType: 'mq.m5.xlarge' }, 'host instance type mq.m5.xlarge'],
    ['pending security groups', { PendingSecurityGroups: ['sg-1'] }, 'security groups sg-1'],
    ['a pending authentication strategy', { PendingAuthenticationStrategy: 'LDAP' }, 'authentication strategy LDAP'],
  ] as Array<[string, Partial<DescribeBrokerResponse>, string]>)('%s keeps isComplete false while RUNNING', async (_name, extra, described) => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING', extra));
    const req = completeEvent(createEvent(), { PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT', StartedAt: new Date().toISOString() } });
    await expect(run(isComplete(req))).resolves.toEqual({ IsComplete: false });
    expect(pendingChanges(broker('RUNNING', extra))).toEqual([described]);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
  });

  test('a configuration whose pending revision equals the current one is not pending', () => {
    expect(pendingChanges(broker('RUNNING', {
      Configurations: { Current: { Id: 'c-1', Revision: 2 }, Pending: { Id: 'c-1', Revision: 2 }, History: [] },
    }))).toEqual([]);
  });

  test.each(['CREATION_FAILED', 'DELETION_IN_PROGRESS', 'CRITICAL_ACTION_REQUIRED'])('a broker in %s fails at once, naming the broker and the state', async (state) => {
    mq.on(DescribeBrokerCommand).resolves(broker(state));
    await expect(run(onEvent(createEvent()))).rejects.toThrow(`Broker mesh-broker-1 (${BROKER_ID}) is in state ${state} and cannot be rebooted`);
    const req = completeEvent(createEvent(), { PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT', StartedAt: new Date().toISOString() } });
    await expect(run(isComplete(req))).rejects.toThrow(`is in state ${state}`);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
  });
});

describe('timeout', () => {
  function startedMinutesAgo(minutes: number): IsCompleteRequest {
    const startedAt = new Date(Date.now() - minutes * 60_000).toISOString();
    return completeEvent(createEvent(), { PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT', StartedAt: startedAt } });
  }

  test('one query interval before the total timeout, isComplete fails with the broker, its last state, what is pending and the timeout', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('REBOOT_IN_PROGRESS', PENDING_CONFIG));
    await expect(run(isComplete(startedMinutesAgo(44.5)))).rejects.toThrow(
      `Timed out after 44 minutes 30 seconds waiting for broker mesh-broker-1 (${BROKER_ID}) to apply its configuration `
      + '(timeout 45 minutes): last state REBOOT_IN_PROGRESS, still pending: configuration c-1 revision 2 (running c-1 revision 1). ');
  });

  test('before that, a slow reboot keeps polling', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('REBOOT_IN_PROGRESS'));
    await expect(run(isComplete(startedMinutesAgo(44)))).resolves.toEqual({ IsComplete: false });
  });

  test('a broker that finishes at the last moment still completes', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
    await expect(run(isComplete(startedMinutesAgo(44.9)))).resolves.toMatchObject({ IsComplete: true });
  });

  test('the timeout follows the configured value', async () => {
    process.env.REBOOT_BROKER_TIMEOUT_SECONDS = '600';
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING', { PendingEngineVersion: '5.19' }));
    await expect(run(isComplete(startedMinutesAgo(9.5)))).rejects.toThrow(/\(timeout 10 minutes\): last state RUNNING, still pending: engine version 5.19/);
  });
});

describe('throttling', () => {
  test.each(['ThrottlingException', 'TooManyRequestsException'])('%s is retried with backoff, then the call succeeds', async (name) => {
    mq.on(DescribeBrokerCommand)
      .rejectsOnce(throttling(name))
      .rejectsOnce(throttling(name))
      .resolvesOnce(broker('RUNNING'))
      .resolves(broker('REBOOT_IN_PROGRESS'));
    mq.on(RebootBrokerCommand).rejectsOnce(throttling(name)).resolves({});
    const started = Date.now();
    const response = await run(onEvent(createEvent()));
    expect(response.Data).toMatchObject({ Action: 'REBOOT', RebootObserved: 'true' });
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(4);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(2);
    // Backoff: at least 0.5 s + 1 s for the two describe retries, 0.5 s for the reboot retry, then one 5 s observation wait.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500 + 1000 + 500 + 5000);
  });

  test('persistent throttling fails onEvent after the handler attempts, with the SDK error', async () => {
    mq.on(DescribeBrokerCommand).rejects(throttling('ThrottlingException'));
    await expect(run(onEvent(createEvent()))).rejects.toThrow('Rate exceeded (ThrottlingException)');
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(THROTTLE_ATTEMPTS);
  });

  test('persistent throttling in isComplete just polls again later', async () => {
    mq.on(DescribeBrokerCommand).rejects(throttling('TooManyRequestsException'));
    const req = completeEvent(createEvent(), { PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT', StartedAt: new Date().toISOString() } });
    await expect(run(isComplete(req))).resolves.toEqual({ IsComplete: false });
  });

  test('other errors are not retried', async () => {
    mq.on(DescribeBrokerCommand).rejects(Object.assign(new Error('Broker not found'), { name: 'NotFoundException' }));
    await expect(run(onEvent(createEvent()))).rejects.toThrow('Broker not found');
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(1);
  });
});

describe('no-ops', () => {
  test('Delete does nothing and keeps the physical id', async () => {
    const event: OnEventRequest = { RequestType: 'Delete', PhysicalResourceId: BROKER_ID, ResourceProperties: PROPS };
    const response = await run(onEvent(event));
    expect(response.PhysicalResourceId).toBe(BROKER_ID);
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: true });
    expect(mq.calls()).toHaveLength(0);
  });

  test('Update with no relevant change (only the service token changed) does not reboot', async () => {
    const event = updateEvent({ ...PROPS, ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:other' });
    const response = await run(onEvent(event));
    expect(response).toMatchObject({ PhysicalResourceId: BROKER_ID, Data: { Action: 'NONE' } });
    await expect(run(isComplete(completeEvent(event, response)))).resolves.toEqual({ IsComplete: true });
    expect(mq.calls()).toHaveLength(0);
  });

  test.each([
    ['ConfigurationRevision', '3'],
    ['UsersHash', 'def'],
    ['HostInstanceType', 'mq.m5.xlarge'],
  ])('Update of %s reboots the same broker under the same physical id', async (key, value) => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING')).resolves(broker('REBOOT_IN_PROGRESS'));
    mq.on(RebootBrokerCommand).resolves({});
    const response = await run(onEvent(updateEvent({ ...PROPS, [key]: value })));
    expect(response).toMatchObject({ PhysicalResourceId: BROKER_ID, Data: { Action: 'REBOOT' } });
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
  });

  test('a replaced broker gets its own physical id', async () => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING')).resolves(broker('REBOOT_IN_PROGRESS'));
    mq.on(RebootBrokerCommand).resolves({});
    const response = await run(onEvent(updateEvent({ ...PROPS, BrokerId: 'b-new' })));
    expect(response.PhysicalResourceId).toBe('b-new');
    expect(mq.commandCalls(RebootBrokerCommand)[0].args[0].input).toEqual({ BrokerId: 'b-new' });
  });

  test('a missing BrokerId is a clear error', async () => {
    await expect(run(onEvent({ RequestType: 'Create', ResourceProperties: {} }))).rejects.toThrow('The reboot resource needs a BrokerId property, got undefined.');
  });
});

describe('entry point', () => {
  test('dispatches on REBOOT_BROKER_PHASE', async () => {
    const event: OnEventRequest = { RequestType: 'Delete', PhysicalResourceId: BROKER_ID, ResourceProperties: PROPS };
    process.env.REBOOT_BROKER_PHASE = 'onEvent';
    await expect(run(handler(event))).resolves.toMatchObject({ PhysicalResourceId: BROKER_ID });
    process.env.REBOOT_BROKER_PHASE = 'isComplete';
    await expect(run(handler(event))).resolves.toEqual({ IsComplete: true });
    process.env.REBOOT_BROKER_PHASE = 'other';
    await expect(run(handler(event))).rejects.toThrow("REBOOT_BROKER_PHASE must be 'onEvent' or 'isComplete', got \"other\".");
    delete process.env.REBOOT_BROKER_PHASE;
  });
});

describe('SDK retry strategy (real middleware stack, fake HTTP handler)', () => {
  beforeEach(() => {
    mq.restore();
    jest.useRealTimers();
  });
  afterAll(() => {
    mockClient(MqClient);
  });

  /** An HTTP handler that answers with the given status codes in turn, counting requests. */
  function httpHandler(statuses: number[], errorType: string) {
    const requests: string[] = [];
    return {
      requests,
      handle: async (request: { method: string; path: string }) => {
        requests.push(`${request.method} ${request.path}`);
        const status = statuses[Math.min(requests.length - 1, statuses.length - 1)];
        const body = status === 200
          ? JSON.stringify({ brokerId: BROKER_ID, brokerState: 'RUNNING' })
          : JSON.stringify({ message: 'Rate exceeded' });
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (status !== 200) headers['x-amzn-errortype'] = errorType;
        return { response: { statusCode: status, headers, body: Readable.from([Buffer.from(body)]) } };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    };
  }

  test('the client the handler builds retries HTTP 429 TooManyRequestsException by itself', async () => {
    const fake = httpHandler([429, 429, 200], 'TooManyRequestsException');
    const client = createMqClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }, requestHandler: fake as any });
    const out = await client.send(new DescribeBrokerCommand({ BrokerId: BROKER_ID }));
    expect(out.BrokerState).toBe('RUNNING');
    expect(fake.requests).toEqual(Array(3).fill(`GET /v1/brokers/${BROKER_ID}`));
  }, 20_000);

  test('after its 3 attempts the SDK gives up and the error reaches the handler as a throttling error', async () => {
    const fake = httpHandler([429], 'TooManyRequestsException');
    const client = createMqClient({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' }, requestHandler: fake as any });
    const err = await client.send(new DescribeBrokerCommand({ BrokerId: BROKER_ID })).catch((e) => e);
    expect(err.$metadata.httpStatusCode).toBe(429);
    expect(err.$metadata.attempts).toBe(3);
    expect(fake.requests).toHaveLength(3);
    expect(isThrottlingError(err)).toBe(true);
  }, 20_000);
});

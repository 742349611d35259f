/**
 * `Custom::ActiveMqBrokerReboot` through the lifecycle function and the state machine loop, every state and
 * transition: the MQ, CloudFormation and Step Functions APIs are aws-sdk-client-mock; CloudFormation's answer is a
 * real HTTP PUT to a local server.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeBrokerCommand, DescribeBrokerResponse, MqClient, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { cfnRequest, ResponseServer, runJob } from './harness';
import { decideReboot, pendingChanges } from '../../src/lifecycle/handler/broker-state';
import { handler } from '../../src/lifecycle/handler/lifecycle.lambda';
import { noRelevantChange } from '../../src/lifecycle/handler/reboot-job';

const mq = mockClient(MqClient);
const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);
const sm = mockClient(SecretsManagerClient);
const BROKER_ID = 'b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9';
const PROPS = {
  BrokerId: BROKER_ID,
  ConfigurationId: 'c-1',
  ConfigurationRevision: '2',
  EngineVersion: '5.19',
  HostInstanceType: 'mq.m5.large',
  UsersHash: 'abc',
  TimeoutSeconds: '2700',
};
let server: ResponseServer;
let logs: string[];

/** A DescribeBroker answer: `state`, nothing pending unless `extra` says so. */
function broker(state: string, extra: Partial<DescribeBrokerResponse> = {}): DescribeBrokerResponse {
  return {
    BrokerId: BROKER_ID,
    BrokerName: 'mesh-broker-1',
    BrokerState: state as DescribeBrokerResponse['BrokerState'],
    Configurations: { Current: { Id: 'c-1', Revision: 2 }, Pending: { Id: 'c-1', Revision: 2 }, History: [] },
    Users: [{ Username: 'admin' }],
    EngineVersion: '5.19',
    ...extra,
  };
}
const PENDING_CONFIG: Partial<DescribeBrokerResponse> = { Configurations: { Current: { Id: 'c-1', Revision: 1 }, Pending: { Id: 'c-1', Revision: 2 } } };

function stackStatus(status: string): void {
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Mesh', StackStatus: status as any, CreationTime: new Date() }] });
}

function lastResponse() {
  return server.responses[server.responses.length - 1];
}

beforeAll(async () => { server = await ResponseServer.start(); });
afterAll(async () => server.close());
beforeEach(() => {
  mq.reset(); sfn.reset(); cfn.reset(); sm.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:aws:states:us-east-1:111111111111:execution:m:e', startDate: new Date() });
  stackStatus('UPDATE_IN_PROGRESS');
  server.responses.length = 0;
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(line); });
});
afterEach(() => jest.restoreAllMocks());

describe('pure decisions', () => {
  test('pendingChanges lists what a reboot applies, and nothing for a broker that runs what it should', () => {
    expect(pendingChanges(broker('RUNNING'))).toEqual([]);
    expect(pendingChanges(broker('RUNNING', {
      ...PENDING_CONFIG,
      Users: [{ Username: 'app', PendingChange: 'CREATE' }],
      PendingEngineVersion: '5.19',
      EngineVersion: '5.18',
      PendingHostInstanceType: 'mq.m5.xlarge',
      HostInstanceType: 'mq.m5.large',
      PendingAuthenticationStrategy: 'LDAP',
      PendingLdapServerMetadata: { Hosts: ['h'], RoleBase: 'r', RoleSearchMatching: 'm', ServiceAccountUsername: 'u', UserBase: 'b', UserSearchMatching: 'x' },
      PendingDataReplicationMode: 'CRDR',
      PendingSecurityGroups: ['sg-1'],
    }))).toEqual([
      'configuration c-1 revision 2 (running c-1 revision 1)', 'users app (CREATE)', 'engine version 5.19 (running 5.18)',
      'host instance type mq.m5.xlarge (running mq.m5.large)', 'authentication strategy LDAP', 'LDAP server settings',
      'data replication mode CRDR',
    ]);
  });

  test.each([
    ['RUNNING', {}, false, 'DONE'],
    ['RUNNING', PENDING_CONFIG, false, 'REBOOT'],
    ['RUNNING', PENDING_CONFIG, true, 'WAIT'],
    ['REBOOT_IN_PROGRESS', PENDING_CONFIG, false, 'WAIT'],
    ['CREATION_IN_PROGRESS', {}, false, 'WAIT'],
    ['CRITICAL_ACTION_REQUIRED', {}, false, 'BROKEN'],
    ['CREATION_FAILED', {}, true, 'BROKEN'],
    ['DELETION_IN_PROGRESS', {}, false, 'BROKEN'],
  ])('%s with %j, reboot requested %s: %s', (state, extra, requested, decision) => {
    expect(decideReboot(broker(state, extra as any), requested as boolean)).toBe(decision);
  });

  test('only the properties that can need a reboot count as a change', () => {
    expect(noRelevantChange(PROPS, { ...PROPS, ServiceToken: 'other', ServiceTimeout: '100' })).toBe(true);
    for (const key of ['BrokerId', 'ConfigurationId', 'ConfigurationRevision', 'EngineVersion', 'HostInstanceType', 'UsersHash']) {
      expect(noRelevantChange(PROPS, { ...PROPS, [key]: 'changed' })).toBe(false);
    }
  });
});

describe('Custom::ActiveMqBrokerReboot', () => {
  const create = () => cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Create', PROPS);
  const update = (props: Record<string, unknown>) => cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Update', props,
    { old: PROPS, physicalResourceId: BROKER_ID });

  test('Create on a healthy broker with nothing pending: SUCCESS at once, no reboot, no workflow', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
    const run = await runJob(sfn, create());
    expect(run.started).toBe(false);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID, Data: { Rebooted: 'false' } });
  });

  test('pending configuration: exactly one reboot, even while the broker still reports RUNNING with the change pending', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG)) // begin: reboot
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG)) // the reboot has not started yet: wait, no second reboot
      .resolvesOnce(broker('REBOOT_IN_PROGRESS', PENDING_CONFIG))
      .resolves(broker('RUNNING'));
    mq.on(RebootBrokerCommand).resolves({});
    const run = await runJob(sfn, create());
    expect(run).toMatchObject({ started: true, aborted: false });
    expect(run.steps).toBe(3);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID, Data: { Rebooted: 'true', FinalState: 'RUNNING' } });
    const start = sfn.commandCalls(StartExecutionCommand)[0].args[0].input;
    expect(start.name).toMatch(/^MeshRollingRebootNode0-req-\d+$/);
    expect(start.stateMachineArn).toBe(process.env.LIFECYCLE_STATE_MACHINE_ARN);
  });

  test.each([
    ['engine version', { PendingEngineVersion: '5.19', EngineVersion: '5.18' }],
    ['instance type', { PendingHostInstanceType: 'mq.m5.xlarge' }],
    ['users', { Users: [{ Username: 'orders', PendingChange: 'CREATE' as const }] }],
  ])('pending %s: one reboot', async (_what, extra) => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING', extra)).resolves(broker('RUNNING'));
    mq.on(RebootBrokerCommand).resolves({});
    await runJob(sfn, create());
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(lastResponse().Status).toBe('SUCCESS');
  });

  test('a broker still being created: wait, then reboot once if something is pending', async () => {
    mq.on(DescribeBrokerCommand)
      .resolvesOnce(broker('CREATION_IN_PROGRESS'))
      .resolvesOnce(broker('RUNNING', PENDING_CONFIG))
      .resolves(broker('RUNNING'));
    mq.on(RebootBrokerCommand).resolves({});
    await runJob(sfn, create());
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
    expect(lastResponse().Status).toBe('SUCCESS');
  });

  test('a reboot already under way that applies the change: no reboot of our own', async () => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('REBOOT_IN_PROGRESS', PENDING_CONFIG)).resolves(broker('RUNNING'));
    await runJob(sfn, create());
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', Data: { Rebooted: 'false' } });
  });

  test('RebootBroker refused (the broker just left RUNNING): decide again at the next step', async () => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING', PENDING_CONFIG)).resolvesOnce(broker('RUNNING', PENDING_CONFIG)).resolves(broker('RUNNING'));
    mq.on(RebootBrokerCommand).rejectsOnce(Object.assign(new Error('Broker is not RUNNING'), { name: 'BadRequestException' })).resolves({});
    await runJob(sfn, create());
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(2);
    expect(lastResponse().Status).toBe('SUCCESS');
  });

  test('Update without a relevant change and Delete: SUCCESS without looking at the broker', async () => {
    await runJob(sfn, update({ ...PROPS, ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:new' }));
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID });
    await runJob(sfn, cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Delete', PROPS, { physicalResourceId: BROKER_ID }));
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID });
    expect(mq.calls()).toHaveLength(0);
  });

  test('upgrading from the Provider-framework version (new properties, nothing pending): no reboot', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
    await runJob(sfn, cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Update', PROPS,
      { old: { BrokerId: BROKER_ID, ConfigurationRevision: '2', UsersHash: 'old', HostInstanceType: 'mq.m5.large' }, physicalResourceId: BROKER_ID }));
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
    expect(lastResponse()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: BROKER_ID });
  });

  test('CRITICAL_ACTION_REQUIRED on a forward update: FAILED, naming the broker and its state', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('CRITICAL_ACTION_REQUIRED'));
    await runJob(sfn, update({ ...PROPS, ConfigurationRevision: '3' }));
    expect(lastResponse().Status).toBe('FAILED');
    expect(lastResponse().Reason).toMatch(/^Broker mesh-broker-1 \(b-1234a5b6.*\) is in state CRITICAL_ACTION_REQUIRED and cannot be rebooted/);
    expect(lastResponse().PhysicalResourceId).toBe(BROKER_ID);
  });

  describe('rollback (the stack is UPDATE_ROLLBACK_IN_PROGRESS)', () => {
    beforeEach(() => stackStatus('UPDATE_ROLLBACK_IN_PROGRESS'));

    test('restoring what the broker runs: no reboot', async () => {
      mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
      await runJob(sfn, update({ ...PROPS, ConfigurationRevision: '1' }));
      expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
      expect(lastResponse().Status).toBe('SUCCESS');
    });

    test('the forward update had applied the new revision: one reboot brings the old one back', async () => {
      mq.on(DescribeBrokerCommand).resolvesOnce(broker('RUNNING', { Configurations: { Current: { Id: 'c-1', Revision: 2 }, Pending: { Id: 'c-1', Revision: 1 } } })).resolves(broker('RUNNING'));
      mq.on(RebootBrokerCommand).resolves({});
      await runJob(sfn, update({ ...PROPS, ConfigurationRevision: '1' }));
      expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
      expect(lastResponse().Status).toBe('SUCCESS');
    });

    test('CRITICAL_ACTION_REQUIRED never fails the rollback', async () => {
      mq.on(DescribeBrokerCommand).resolves(broker('CRITICAL_ACTION_REQUIRED'));
      await runJob(sfn, update({ ...PROPS, ConfigurationRevision: '1' }));
      expect(lastResponse().Status).toBe('SUCCESS');
      expect(lastResponse().Data?.Warning).toMatch(/CRITICAL_ACTION_REQUIRED.*rollback leaves broker/);
    });

    test('REBOOT_IN_PROGRESS past the timeout never fails the rollback', async () => {
      mq.on(DescribeBrokerCommand).resolves(broker('REBOOT_IN_PROGRESS', PENDING_CONFIG));
      const run = await runJob(sfn, update({ ...PROPS, ConfigurationRevision: '1' }), {
        beforeStep: (job, step) => step === 2 ? { ...job, state: { ...job.state, startedAt: Date.now() - 2700 * 1000 } } : job,
      });
      expect(run.aborted).toBe(false);
      expect(lastResponse().Status).toBe('SUCCESS');
      expect(lastResponse().Reason).toMatch(/Timed out/);
    });
  });

  test('forward timeout: FAILED with the broker, its last state, what is pending and the timeout', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('REBOOT_IN_PROGRESS', PENDING_CONFIG));
    await runJob(sfn, create(), {
      beforeStep: (job, step) => step === 2 ? { ...job, state: { ...job.state, startedAt: Date.now() - 2680 * 1000 } } : job,
    });
    expect(lastResponse().Status).toBe('FAILED');
    expect(lastResponse().Reason).toMatch(/^Timed out after 44 minutes 4\d seconds waiting for broker mesh-broker-1 \(b-.*\) to apply its configuration \(timeout 45 minutes\): last state REBOOT_IN_PROGRESS, still pending: configuration c-1 revision 2 \(running c-1 revision 1\)/);
  });

  test('a rotation of the mesh in progress: the reboot waits for it', async () => {
    sm.on(DescribeSecretCommand)
      .resolvesOnce({ VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] } })
      .resolves({ VersionIdsToStages: { v2: ['AWSCURRENT', 'AWSPENDING'], v1: ['AWSPREVIOUS'] } });
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
    const run = await runJob(sfn, create().ResourceProperties ? cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Create', { ...PROPS, RotatedSecretArns: ['arn:aws:secretsmanager:us-east-1:111111111111:secret:bridge'] }) : create());
    expect(run.steps).toBe(1);
    expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(1);
    expect(lastResponse().Status).toBe('SUCCESS');
  });

  test('throttled DescribeBroker: retried with backoff, then the job goes on', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } });
      mq.on(DescribeBrokerCommand).rejectsOnce(throttled).rejectsOnce(throttled).resolves(broker('RUNNING'));
      const done = handler(create());
      await jest.runAllTimersAsync();
      await done;
      expect(mq.commandCalls(DescribeBrokerCommand)).toHaveLength(3);
      expect(lastResponse().Status).toBe('SUCCESS');
    } finally {
      jest.useRealTimers();
    }
  });

  test('the workflow cannot start: FAILED with the reason', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING', PENDING_CONFIG));
    mq.on(RebootBrokerCommand).resolves({});
    sfn.on(StartExecutionCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await handler(create());
    expect(lastResponse()).toMatchObject({ Status: 'FAILED' });
    expect(lastResponse().Reason).toMatch(/^Could not start the lifecycle workflow: AccessDeniedException not authorized/);
  });

  test('a step that cannot read the broker: FAILED, and the execution ends failed', async () => {
    mq.on(DescribeBrokerCommand).resolvesOnce(broker('CREATION_IN_PROGRESS'))
      .rejects(Object.assign(new Error('User is not authorized to perform mq:DescribeBroker'), { name: 'ForbiddenException' }));
    const run = await runJob(sfn, create());
    expect(run.finalState).toMatchObject({ done: true, failed: true });
    expect(lastResponse().Status).toBe('FAILED');
    expect(lastResponse().Reason).toMatch(/not authorized/);
  });

  test('abort from the state machine (a step failed beyond its retries): FAILED with the cause', async () => {
    const request = cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Update', PROPS, { old: PROPS, physicalResourceId: BROKER_ID });
    await handler({ kind: 'abort', job: { kind: 'custom-resource', request, state: {} }, error: { Error: 'Lambda.Unknown', Cause: 'Task timed out' } });
    expect(lastResponse()).toMatchObject({ Status: 'FAILED', PhysicalResourceId: BROKER_ID, Reason: 'The lifecycle workflow failed: Lambda.Unknown: Task timed out' });
  });

  test('an unknown request is refused', async () => {
    await expect(handler({ hello: 'world' })).rejects.toThrow(/Unknown lifecycle request/);
    await handler(cfnRequest(server, 'Custom::Other', 'Create', {}));
    expect(lastResponse()).toMatchObject({ Status: 'FAILED', Reason: 'The lifecycle function does not handle Custom::Other.' });
  });

  test('a missing BrokerId is a clear FAILED', async () => {
    await handler(cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Create', { ...PROPS, BrokerId: '' }));
    expect(lastResponse().Reason).toBe('Custom::ActiveMqBrokerReboot needs a BrokerId property, got "".');
  });

  test('the log never carries the pre-signed response URL', async () => {
    mq.on(DescribeBrokerCommand).resolves(broker('RUNNING'));
    await runJob(sfn, create());
    expect(logs.join('\n')).not.toContain('X-Amz-Signature');
  });
});

/**
 * `Custom::ActiveMqMeshUsers` through the lifecycle function: the MQ user API and Secrets Manager are
 * aws-sdk-client-mock; CloudFormation's answer is a real HTTP PUT to a local server.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateUserCommand, DeleteUserCommand, DescribeUserCommand, ListUsersCommand, MqClient, UpdateUserCommand, UserSummary,
} from '@aws-sdk/client-mq';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { cfnRequest, ResponseServer, runJob } from './harness';
import { diffUsers, parseUsers } from '../../src/lifecycle/handler/user-spec';
import { pollUsers } from '../../src/lifecycle/handler/users-job';

const mq = mockClient(MqClient);
const sfn = mockClient(SFNClient);
const cfn = mockClient(CloudFormationClient);
const sm = mockClient(SecretsManagerClient);
const BRIDGE_SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:bridge-AbCdEf';
const APP_SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-AbCdEf';
const PASSWORDS: Record<string, string> = { [BRIDGE_SECRET]: 'bridge-pw-3x4mpl3-V4lue', [APP_SECRET]: 'orders-pw-3x4mpl3-V4lue' };
const BRIDGE = { Username: 'mesh-bridge', SecretArn: BRIDGE_SECRET, ConsoleAccess: 'false', Role: 'inter-broker' };
const ORDERS = { Username: 'orders', SecretArn: APP_SECRET, ConsoleAccess: 'false', Groups: ['apps'], Role: 'application' };
const PROPS = { BrokerIds: ['b-0', 'b-1'], Users: [BRIDGE, ORDERS], ApplyMode: 'ROLLING_REBOOT', TimeoutSeconds: '2700' };
let server: ResponseServer;
let logs: string[];
let present: Record<string, UserSummary[]>;

function last() {
  return server.responses[server.responses.length - 1];
}

beforeAll(async () => { server = await ResponseServer.start(); });
afterAll(async () => server.close());
beforeEach(() => {
  mq.reset(); sfn.reset(); cfn.reset(); sm.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'e', startDate: new Date() });
  cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Mesh', StackStatus: 'UPDATE_IN_PROGRESS', CreationTime: new Date() }] });
  sm.on(GetSecretValueCommand).callsFake((input) => {
    if (input.VersionStage && input.VersionStage !== 'AWSCURRENT') {
      throw Object.assign(new Error('no such stage'), { name: 'ResourceNotFoundException' });
    }
    const username = input.SecretId === BRIDGE_SECRET ? 'mesh-bridge' : 'orders';
    return { SecretString: JSON.stringify({ username, password: PASSWORDS[input.SecretId] }) };
  });
  present = { 'b-0': [{ Username: 'admin' }], 'b-1': [{ Username: 'admin' }] };
  mq.on(ListUsersCommand).callsFake((input) => ({ Users: present[input.BrokerId] }));
  mq.on(CreateUserCommand).resolves({});
  mq.on(UpdateUserCommand).resolves({});
  mq.on(DeleteUserCommand).resolves({});
  server.responses.length = 0;
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(line); });
});
afterEach(() => jest.restoreAllMocks());

const create = (props: Record<string, unknown> = PROPS) => cfnRequest(server, 'Custom::ActiveMqMeshUsers', 'Create', props, { logicalId: 'MeshUsers' });
const update = (props: Record<string, unknown>, old: Record<string, unknown> = PROPS) =>
  cfnRequest(server, 'Custom::ActiveMqMeshUsers', 'Update', props, { old, physicalResourceId: 'MeshUsers-users', logicalId: 'MeshUsers' });

function calls(command: any) {
  return mq.commandCalls(command).map((c) => c.args[0].input as any);
}

describe('Custom::ActiveMqMeshUsers', () => {
  test('Create: every user on every broker, with its secret\'s password, groups and console access; SUCCESS at once', async () => {
    const run = await runJob(sfn, create());
    expect(run.started).toBe(false);
    expect(calls(CreateUserCommand)).toEqual([
      { BrokerId: 'b-0', Username: 'mesh-bridge', Password: PASSWORDS[BRIDGE_SECRET], Groups: [], ConsoleAccess: false },
      { BrokerId: 'b-0', Username: 'orders', Password: PASSWORDS[APP_SECRET], Groups: ['apps'], ConsoleAccess: false },
      { BrokerId: 'b-1', Username: 'mesh-bridge', Password: PASSWORDS[BRIDGE_SECRET], Groups: [], ConsoleAccess: false },
      { BrokerId: 'b-1', Username: 'orders', Password: PASSWORDS[APP_SECRET], Groups: ['apps'], ConsoleAccess: false },
    ]);
    expect(last()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'MeshUsers-users', Data: { Brokers: '2', Users: '2' } });
    // The secret values went to the MQ API only: never to the log, nor to CloudFormation.
    const everything = logs.join('\n') + JSON.stringify(server.responses);
    for (const pw of Object.values(PASSWORDS)) expect(everything).not.toContain(pw);
    expect(calls(UpdateUserCommand)).toHaveLength(0);
    expect(calls(DeleteUserCommand)).toHaveLength(0);
  });

  test('users that already exist (an upgrade from the template users) are adopted without a password write', async () => {
    present = { 'b-0': [{ Username: 'admin' }, { Username: 'mesh-bridge' }, { Username: 'orders' }], 'b-1': [{ Username: 'admin' }, { Username: 'mesh-bridge' }, { Username: 'orders' }] };
    await runJob(sfn, create());
    expect(mq.commandCalls(CreateUserCommand)).toHaveLength(0);
    expect(mq.commandCalls(UpdateUserCommand)).toHaveLength(0);
    expect(last().Status).toBe('SUCCESS');
  });

  test('upgrade: a user CloudFormation marked for deletion gets its deletion replaced by an update', async () => {
    present = { 'b-0': [{ Username: 'admin' }, { Username: 'mesh-bridge', PendingChange: 'DELETE' }, { Username: 'orders', PendingChange: 'DELETE' }], 'b-1': [{ Username: 'admin' }] };
    mq.on(DescribeUserCommand).resolves({ Username: 'x', Pending: { PendingChange: 'UPDATE' } });
    await runJob(sfn, create());
    expect(calls(UpdateUserCommand)).toEqual([
      { BrokerId: 'b-0', Username: 'mesh-bridge', Password: PASSWORDS[BRIDGE_SECRET], Groups: [], ConsoleAccess: false },
      { BrokerId: 'b-0', Username: 'orders', Password: PASSWORDS[APP_SECRET], Groups: ['apps'], ConsoleAccess: false },
    ]);
    expect(calls(CreateUserCommand).map((c) => `${c.BrokerId}/${c.Username}`)).toEqual(['b-1/mesh-bridge', 'b-1/orders']);
    expect(last().Status).toBe('SUCCESS');
  });

  test('if Amazon MQ keeps the deletion mark, FAILED before any reboot, saying what to do', async () => {
    present = { 'b-0': [{ Username: 'mesh-bridge', PendingChange: 'DELETE' }], 'b-1': [] };
    mq.on(DescribeUserCommand).resolves({ Username: 'mesh-bridge', Pending: { PendingChange: 'DELETE' } });
    await runJob(sfn, create());
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toMatch(/^User 'mesh-bridge' of broker b-0 is marked for deletion and Amazon MQ kept the mark after UpdateUser\. No broker has been rebooted/);
  });

  test('Update: a new broker gets every user; existing brokers get only what changed', async () => {
    present = {
      'b-0': [{ Username: 'mesh-bridge' }, { Username: 'orders' }, { Username: 'gone' }],
      'b-1': [{ Username: 'mesh-bridge' }, { Username: 'orders' }, { Username: 'gone' }],
      'b-2': [{ Username: 'admin' }],
    };
    const old = { ...PROPS, Users: [BRIDGE, ORDERS, { Username: 'gone', SecretArn: APP_SECRET, ConsoleAccess: 'false', Role: 'application' }] };
    const now = {
      ...PROPS,
      BrokerIds: ['b-0', 'b-1', 'b-2'],
      Users: [BRIDGE, { ...ORDERS, Groups: ['apps', 'audit'] }, { Username: 'billing', SecretArn: APP_SECRET, ConsoleAccess: 'true', Role: 'application' }],
    };
    await runJob(sfn, update(now, old));
    expect(calls(CreateUserCommand).map((c) => `${c.BrokerId}/${c.Username}`)).toEqual([
      'b-0/billing', 'b-1/billing', 'b-2/mesh-bridge', 'b-2/orders', 'b-2/billing',
    ]);
    expect(calls(UpdateUserCommand)).toEqual([
      { BrokerId: 'b-0', Username: 'orders', Groups: ['apps', 'audit'], ConsoleAccess: false },
      { BrokerId: 'b-1', Username: 'orders', Groups: ['apps', 'audit'], ConsoleAccess: false },
    ]);
    expect(calls(DeleteUserCommand).map((c) => `${c.BrokerId}/${c.Username}`)).toEqual(['b-0/gone', 'b-1/gone']);
    expect(last().Status).toBe('SUCCESS');
  });

  test('a new secret for a user sets its password again on every broker', async () => {
    present = { 'b-0': [{ Username: 'mesh-bridge' }, { Username: 'orders' }], 'b-1': [{ Username: 'mesh-bridge' }, { Username: 'orders' }] };
    await runJob(sfn, update({ ...PROPS, Users: [{ ...BRIDGE, SecretArn: APP_SECRET }, ORDERS] }));
    expect(calls(UpdateUserCommand).map((c) => `${c.BrokerId}/${c.Username}/${c.Password === PASSWORDS[APP_SECRET]}`)).toEqual([
      'b-0/mesh-bridge/true', 'b-1/mesh-bridge/true',
    ]);
  });

  test('MAINTENANCE_WINDOW refuses a new inter-broker secret (bridges would break for days), but not in a rollback', async () => {
    present = { 'b-0': [{ Username: 'mesh-bridge' }], 'b-1': [{ Username: 'mesh-bridge' }] };
    const mw = { ...PROPS, ApplyMode: 'MAINTENANCE_WINDOW' };
    await runJob(sfn, update({ ...mw, Users: [{ ...BRIDGE, SecretArn: APP_SECRET }] }, { ...mw, Users: [BRIDGE] }));
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toMatch(/^The inter-broker user 'mesh-bridge' now uses a different secret .* configurationApply is MAINTENANCE_WINDOW/);
    expect(mq.commandCalls(UpdateUserCommand)).toHaveLength(0);
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Mesh', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date() }] });
    await runJob(sfn, update({ ...mw, Users: [{ ...BRIDGE, SecretArn: APP_SECRET }] }, { ...mw, Users: [BRIDGE] }));
    expect(last().Status).toBe('SUCCESS');
  });

  test('during a rotation of a rotated user the job waits; a rollback leaves the users as they are', async () => {
    const rotated = { ...PROPS, Users: [{ ...BRIDGE, AlternateUsername: 'mesh-bridge_clone', Rotation: 'alternating-users' }] };
    sm.on(DescribeSecretCommand).resolvesOnce({ VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] } }).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    const run = await runJob(sfn, create(rotated));
    expect(run.steps).toBe(1);
    expect(last().Status).toBe('SUCCESS');
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'Mesh', StackStatus: 'UPDATE_ROLLBACK_IN_PROGRESS', CreationTime: new Date() }] });
    sm.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] } });
    mq.resetHistory();
    await runJob(sfn, update(rotated, PROPS));
    expect(last()).toMatchObject({ Status: 'SUCCESS' });
    expect(last().Data?.Warning).toMatch(/rotation of this mesh is in progress/);
    expect(mq.calls()).toHaveLength(0);
  });

  test('a rotation that does not finish within the timeout: FAILED, naming it', async () => {
    const rotated = { ...PROPS, Users: [{ ...BRIDGE, Rotation: 'alternating-users', AlternateUsername: 'mesh-bridge_clone' }] };
    sm.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'], v2: ['AWSPENDING'] } });
    await runJob(sfn, create(rotated), { beforeStep: (job) => ({ ...job, state: { ...job.state, startedAt: Date.now() - 2700 * 1000 } }) });
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toMatch(/Users cannot change during a rotation; deploy again once it has finished/);
  });

  test('the alternate user is created where its password exists (after a rotation), and skipped before', async () => {
    const rotated = { ...PROPS, Users: [{ ...BRIDGE, AlternateUsername: 'mesh-bridge_clone', Rotation: 'alternating-users' }] };
    sm.on(DescribeSecretCommand).resolves({ VersionIdsToStages: { v1: ['AWSCURRENT'] } });
    await runJob(sfn, create(rotated));
    expect(calls(CreateUserCommand).map((c) => c.Username)).toEqual(['mesh-bridge', 'mesh-bridge']);
    mq.resetHistory();
    sm.on(GetSecretValueCommand).callsFake((input) => input.VersionStage === 'AWSPREVIOUS'
      ? { SecretString: JSON.stringify({ username: 'mesh-bridge', password: 'previous-pw-V4lue-0001' }) }
      : { SecretString: JSON.stringify({ username: 'mesh-bridge_clone', password: 'current-pw-V4lue-0002' }) });
    await runJob(sfn, create(rotated));
    expect(calls(CreateUserCommand).map((c) => `${c.Username}:${c.Password}`)).toEqual([
      'mesh-bridge:previous-pw-V4lue-0001', 'mesh-bridge_clone:current-pw-V4lue-0002',
      'mesh-bridge:previous-pw-V4lue-0001', 'mesh-bridge_clone:current-pw-V4lue-0002',
    ]);
  });

  test('a secret without a password is a clear FAILED that shows no secret content', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ username: 'orders', pass: 'hunter2-hunter2' }) });
    await runJob(sfn, create());
    expect(last().Status).toBe('FAILED');
    expect(last().Reason).toBe(`Secret ${BRIDGE_SECRET} has no 'password' key: store the broker password under the key 'password'.`);
    expect(JSON.stringify(server.responses) + logs.join('')).not.toContain('hunter2');
  });

  test('Delete leaves the users on the brokers', async () => {
    await runJob(sfn, cfnRequest(server, 'Custom::ActiveMqMeshUsers', 'Delete', PROPS, { physicalResourceId: 'MeshUsers-users' }));
    expect(last()).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'MeshUsers-users' });
    expect(mq.calls()).toHaveLength(0);
  });

  test('malformed properties are a clear FAILED', async () => {
    await runJob(sfn, create({ ...PROPS, BrokerIds: 'b-0' }));
    expect(last().Reason).toBe('Custom::ActiveMqMeshUsers.BrokerIds must be a list of broker ids, got "b-0".');
    await runJob(sfn, create({ ...PROPS, Users: [{ Username: 'x' }] }));
    expect(last().Reason).toMatch(/Users\[0\] needs a Username and a SecretArn/);
  });

  test('many brokers: the work is split over steps within the time budget, and ListUsers pages are followed', async () => {
    const brokerIds = Array.from({ length: 5 }, (_, i) => `b-${i}`);
    mq.on(ListUsersCommand).callsFake((input) => input.NextToken
      ? { Users: [{ Username: 'orders' }] }
      : { Users: [{ Username: 'admin' }], NextToken: 'page2' });
    const request = create({ ...PROPS, BrokerIds: brokerIds });
    const first = await pollUsers(request as any, { next: 0, startedAt: Date.now(), rollback: false }, Date.now(), 0);
    expect(first).toMatchObject({ done: false, waitSeconds: 0, state: { next: 1 } });
    expect(calls(CreateUserCommand).map((c) => `${c.BrokerId}/${c.Username}`)).toEqual(['b-0/mesh-bridge']);
    const rest = await pollUsers(request as any, (first as any).state, Date.now());
    expect(rest).toMatchObject({ done: true });
    expect(calls(CreateUserCommand)).toHaveLength(5);
  });
});

describe('user specs', () => {
  test('diff: added, secret changed, attributes changed (group order ignored), removed; alternates are never removed', () => {
    const before = parseUsers([BRIDGE, ORDERS, { Username: 'old', SecretArn: 's', Role: 'application' }, { Username: 'mesh-bridge_clone', SecretArn: 's' }], 'u');
    const after = parseUsers([{ ...BRIDGE, AlternateUsername: 'mesh-bridge_clone' }, { ...ORDERS, Groups: ['apps'] }, { Username: 'new', SecretArn: 's' }], 'u');
    const d = diffUsers(before, after);
    expect(d.added.map((u) => u.username)).toEqual(['new']);
    expect(d.secretChanged).toEqual([]);
    expect(d.attributesChanged).toEqual([]);
    expect(d.removed).toEqual(['old']);
    expect(diffUsers(parseUsers([{ ...ORDERS, Groups: ['b', 'a'] }], 'u'), parseUsers([{ ...ORDERS, Groups: ['a', 'b'] }], 'u')).attributesChanged).toEqual([]);
    expect(() => parseUsers('x', 'u')).toThrow(/u.Users must be a list/);
    expect(parseUsers(undefined, 'u')).toEqual([]);
  });
});

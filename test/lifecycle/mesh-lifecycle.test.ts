/**
 * The stack's lifecycle resources as synthesized: one set per stack, log retention, the newest runtime, least
 * privilege, the state machine (ASL schema-valid, and executed against the real handler), rotation resources.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DescribeBrokerCommand, MqClient, RebootBrokerCommand } from '@aws-sdk/client-mq';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import aslValidator from 'asl-validator';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { cfnRequest, ResponseServer } from './harness';
import { ActiveMqBrokerMesh, ActiveMqBrokerMeshProps } from '../../src';
import { handler } from '../../src/lifecycle/handler/lifecycle.lambda';
import { runDefinition } from '../helpers/asl-run';
import { resourcesOfType } from '../helpers/template';

const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

function stackWith(...meshes: Array<Partial<ActiveMqBrokerMeshProps>>) {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS, natGateways: 1 });
  const built = meshes.map((p, i) => new ActiveMqBrokerMesh(stack, `Mesh${i}`, { vpc, brokerNamePrefix: `m${i}`, ...p }));
  return { stack, meshes: built, template: () => Template.fromStack(stack).toJSON() };
}

function policyStatements(t: any, roleIdPrefix: string): any[] {
  const role = Object.entries(resourcesOfType(t, 'AWS::IAM::Role')).find(([id]) => id.startsWith(roleIdPrefix))![1];
  expect(role.Properties.ManagedPolicyArns).toHaveLength(1);
  const policy = t.Resources[role.Properties.ManagedPolicyArns[0].Ref];
  expect(policy.Type).toBe('AWS::IAM::ManagedPolicy');
  return policy.Properties.PolicyDocument.Statement;
}

const ROTATING: Partial<ActiveMqBrokerMeshProps> = {
  interBrokerUser: { rotationSchedule: Duration.days(30) },
  users: [{ username: 'orders', rotationSchedule: Duration.days(7) }, { username: 'billing' }],
};

describe('the stack lifecycle', () => {
  test('one set of lifecycle resources serves every mesh of the stack', () => {
    const t = stackWith({}, { brokerCount: 2 }).template();
    expect(Object.keys(resourcesOfType(t, 'AWS::Lambda::Function'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(t, 'AWS::StepFunctions::StateMachine'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(t, 'AWS::SQS::Queue'))).toHaveLength(1);
    expect(Object.keys(resourcesOfType(t, 'Custom::ActiveMqMeshUsers'))).toHaveLength(2);
    expect(Object.keys(resourcesOfType(t, 'Custom::ActiveMqBrokerReboot'))).toHaveLength(5);
    const mqStatement = policyStatements(t, 'ActiveMqMeshLifecycleFunctionRole').find((s) => JSON.stringify(s.Action).includes('mq:RebootBroker'));
    expect(mqStatement.Resource).toHaveLength(5);
    expect(mqStatement.Resource.every((r: any) => r['Fn::GetAtt'][1] === 'Arn')).toBe(true);
  });

  test('every log group has a retention, and the function and the state machine log into it', () => {
    const t = stackWith({}).template();
    const groups = resourcesOfType(t, 'AWS::Logs::LogGroup');
    expect(Object.values(groups).map((g: any) => g.Properties.RetentionInDays)).toEqual([365]);
    const [logId] = Object.keys(groups);
    const [fn] = Object.values(resourcesOfType(t, 'AWS::Lambda::Function')) as any[];
    expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: logId }, LogFormat: 'JSON' });
    const [sm] = Object.values(resourcesOfType(t, 'AWS::StepFunctions::StateMachine')) as any[];
    expect(sm.Properties.LoggingConfiguration).toEqual({
      Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [logId, 'Arn'] } } }],
    });
    expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
  });

  test('the function runs on the newest Node.js runtime this aws-cdk-lib knows, with a dead-letter queue that refuses plain HTTP', () => {
    const t = stackWith({}).template();
    const [fn] = Object.values(resourcesOfType(t, 'AWS::Lambda::Function')) as any[];
    const newest = Runtime.ALL.map((r) => r.name).filter((n) => /^nodejs\d+\.x$/.test(n)).sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
    expect(fn.Properties.Runtime).toBe(newest);
    const [queueId, queue] = Object.entries(resourcesOfType(t, 'AWS::SQS::Queue'))[0] as [string, any];
    expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    expect(fn.Properties.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    const [policy] = Object.values(resourcesOfType(t, 'AWS::SQS::QueuePolicy')) as any[];
    expect(policy.Properties.PolicyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
  });

  test('least privilege: customer-managed policies, no wildcard resource for the function, and no AWS managed policy anywhere', () => {
    const t = stackWith(ROTATING).template();
    for (const role of Object.values(resourcesOfType(t, 'AWS::IAM::Role')) as any[]) {
      for (const arn of role.Properties.ManagedPolicyArns ?? []) expect(arn).toEqual({ Ref: expect.any(String) });
    }
    const statements = policyStatements(t, 'ActiveMqMeshLifecycleFunctionRole');
    for (const s of statements) expect(JSON.stringify(s.Resource)).not.toMatch(/"\*"|:\*"/);
    const byAction = (action: string) => statements.find((s) => [s.Action].flat().includes(action));
    expect(byAction('secretsmanager:GetSecretValue').Resource).toHaveLength(3); // bridge, orders, billing (the admin is read by CloudFormation itself)
    expect(byAction('secretsmanager:PutSecretValue').Resource).toHaveLength(2); // the rotated bridge and orders secrets only
    expect(byAction('ssm:GetParameter').Resource).toHaveLength(2);
    expect(byAction('mq:UpdateConfiguration').Resource.every((r: any) => r['Fn::GetAtt'][1] === 'Arn')).toBe(true);
    expect(byAction('cloudformation:DescribeStacks').Resource).toEqual({ Ref: 'AWS::StackId' });
    expect(byAction('kms:Decrypt').Condition).toEqual({ StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } });
  });

  test('the rotation function may only start the workflow (and log)', () => {
    const t = stackWith(ROTATING).template();
    const statements = policyStatements(t, 'ActiveMqMeshLifecycleRotationRole');
    expect(statements.map((s) => s.Action)).toEqual([['logs:CreateLogStream', 'logs:PutLogEvents'], 'sqs:SendMessage', 'states:StartExecution']);
    const [permission] = Object.values(resourcesOfType(t, 'AWS::Lambda::Permission')) as any[];
    expect(permission.Properties).toMatchObject({ Principal: 'secretsmanager.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } });
  });

  test('rotation: a schedule per rotated secret, not immediately, with the contract marker; the secret points at the mesh coordinates', () => {
    const { stack, template } = stackWith(ROTATING);
    const t = template();
    const schedules = Object.values(resourcesOfType(t, 'AWS::SecretsManager::RotationSchedule')) as any[];
    expect(schedules.map((s) => s.Properties.RotationRules.ScheduleExpression).sort()).toEqual(['rate(30 days)', 'rate(7 days)']);
    for (const s of schedules) {
      expect(s.Properties.RotateImmediatelyOnUpdate).toBe(false);
      expect(s.Properties.RotationLambdaARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ActiveMqMeshLifecycleRotationFunction/), 'Arn'] });
    }
    expect(schedules.map((s) => s.Metadata['cdk-activemq-mesh:rotation'].strategy).sort()).toEqual(['alternating-users', 'single-user']);
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers')) as any[];
    expect(users.Properties.Users[0]).toMatchObject({ Username: 'mesh-bridge', AlternateUsername: 'mesh-bridge_clone', Rotation: 'alternating-users' });
    expect(users.Properties.Users[1]).toMatchObject({ Username: 'orders', Rotation: 'single-user' });
    expect(users.Properties.Users[2].Rotation).toBeUndefined();
    const bridgeSecret = Object.entries(resourcesOfType(t, 'AWS::SecretsManager::Secret')).find(([id]) => id.startsWith('Mesh0InterBrokerUser'))![1] as any;
    const tag = bridgeSecret.Properties.Tags.find((x: any) => x.Key === 'cdk-activemq-mesh:rotation');
    const parameter = t.Resources[tag.Value.Ref];
    expect(parameter.Type).toBe('AWS::SSM::Parameter');
    const reboots = Object.values(resourcesOfType(t, 'Custom::ActiveMqBrokerReboot')) as any[];
    expect(reboots[0].Properties.RotatedSecretArns).toHaveLength(2);
    void stack;
  });

  test('one-way connectors both ways: the rotation coordinates ask for two rolls', () => {
    const t = stackWith({ networkConnector: { duplex: false }, interBrokerUser: { rotationSchedule: Duration.days(30) } }).template();
    const [parameter] = Object.values(resourcesOfType(t, 'AWS::SSM::Parameter')) as any[];
    expect(JSON.stringify(parameter.Properties.Value)).toContain('\\"twoPhase\\":true');
    const plain = stackWith({ interBrokerUser: { rotationSchedule: Duration.days(30) } }).template();
    const [p2] = Object.values(resourcesOfType(plain, 'AWS::SSM::Parameter')) as any[];
    expect(JSON.stringify(p2.Properties.Value)).not.toContain('twoPhase');
  });

  test('no secret value in any property: the users resource names secrets, the brokers hold dynamic references', () => {
    const t = stackWith(ROTATING).template();
    const json = JSON.stringify(t);
    expect(json).not.toMatch(/"Password":"[^{]/);
    expect(json).not.toMatch(/"SecretString"/);
    for (const s of Object.values(resourcesOfType(t, 'AWS::SecretsManager::Secret')) as any[]) expect(s.Properties.GenerateSecretString).toBeDefined();
    const [users] = Object.values(resourcesOfType(t, 'Custom::ActiveMqMeshUsers')) as any[];
    expect(JSON.stringify(users.Properties)).not.toMatch(/password|resolve:/i);
  });

  test('the state machine definition is valid ASL and substitutes the function ARN', () => {
    const t = stackWith({}).template();
    const [sm] = Object.values(resourcesOfType(t, 'AWS::StepFunctions::StateMachine')) as any[];
    expect(Object.keys(sm.Properties.DefinitionSubstitutions)).toEqual(['LifecycleFunctionArn']);
    const definition = JSON.parse(JSON.stringify(sm.Properties.Definition).replace('${LifecycleFunctionArn}', 'arn:aws:lambda:us-east-1:111111111111:function:f'));
    expect(aslValidator(definition)).toMatchObject({ isValid: true, errors: [] });
    // The function finds the state machine by the ARN built from its name (no Ref: that would be a cycle).
    const [fn] = Object.values(resourcesOfType(t, 'AWS::Lambda::Function')) as any[];
    const arnParts = fn.Properties.Environment.Variables.LIFECYCLE_STATE_MACHINE_ARN['Fn::Join'][1];
    expect(arnParts[arnParts.length - 1]).toBe(`:stateMachine:${sm.Properties.StateMachineName}`);
  });

  test('the synthesized definition, run against the real handler, carries a reboot job from start to CloudFormation\'s answer', async () => {
    const mq = mockClient(MqClient);
    const sfn = mockClient(SFNClient);
    const cfn = mockClient(CloudFormationClient);
    const server = await ResponseServer.start();
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'S', StackStatus: 'CREATE_IN_PROGRESS', CreationTime: new Date() }] });
      sfn.on(StartExecutionCommand).resolves({ executionArn: 'e', startDate: new Date() });
      mq.on(DescribeBrokerCommand)
        .resolvesOnce({ BrokerState: 'RUNNING', Configurations: { Current: { Id: 'c', Revision: 1 }, Pending: { Id: 'c', Revision: 2 } } })
        .resolvesOnce({ BrokerState: 'REBOOT_IN_PROGRESS' })
        .resolves({ BrokerState: 'RUNNING', Configurations: { Current: { Id: 'c', Revision: 2 }, Pending: { Id: 'c', Revision: 2 } } });
      mq.on(RebootBrokerCommand).resolves({});
      await handler(cfnRequest(server, 'Custom::ActiveMqBrokerReboot', 'Create', { BrokerId: 'b-1', TimeoutSeconds: '2700' }));
      const input = JSON.parse(sfn.commandCalls(StartExecutionCommand)[0].args[0].input.input!);
      const t = stackWith({}).template();
      const [sm] = Object.values(resourcesOfType(t, 'AWS::StepFunctions::StateMachine')) as any[];
      const run = await runDefinition(sm.Properties.Definition, input, (_fn, payload) => handler(payload));
      expect(run.status).toBe('SUCCEEDED');
      expect(run.states).toEqual(['Wait', 'Step', 'Done?', 'Wait', 'Step', 'Done?', 'Succeeded']);
      expect(server.responses.map((r) => r.Status)).toEqual(['SUCCESS']);
      expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(1);
      // A step that throws goes to Abort, which answers CloudFormation, and the execution fails.
      const failing = await runDefinition(sm.Properties.Definition, { job: { kind: 'rotation', state: { phase: 'start', secretArn: 'x' } }, done: false, waitSeconds: 0 },
        async (_fn, payload) => { if (payload.kind === 'step') throw Object.assign(new Error('boom'), { name: 'Error' }); return handler(payload); });
      expect(failing).toMatchObject({ status: 'FAILED', error: 'LifecycleJobFailed' });
      expect(failing.states).toEqual(['Wait', 'Step', 'Abort', 'Failed']);
    } finally {
      await server.close();
      jest.restoreAllMocks();
      mq.restore(); sfn.restore(); cfn.restore();
    }
  });
});

describe('rotation props', () => {
  test.each([
    [{ interBrokerUser: { rotationSchedule: Duration.hours(36) } }, /^interBrokerUser\.rotationSchedule must be a whole number of days from 1 to 1000, got 1 day 12 hours/],
    [{ interBrokerUser: { rotationSchedule: Duration.days(1001) } }, /^interBrokerUser\.rotationSchedule must be a whole number of days/],
    [{ users: [{ username: 'orders', rotationSchedule: Duration.days(30) }], configurationApply: 'MAINTENANCE_WINDOW' as any },
      /^users\[0\]\.rotationSchedule is set, but configurationApply is MAINTENANCE_WINDOW/],
    [{ interBrokerUser: { username: 'x'.repeat(95), rotationSchedule: Duration.days(30) } }, /too long for rotation: the alternate user/],
  ])('refused: %j', (props, message) => {
    expect(() => stackWith(props as any)).toThrow(message);
  });

  test('a supplied secret cannot be rotated by the library', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: AZS });
    const mesh = new ActiveMqBrokerMesh(stack, 'Mesh', { vpc });
    const secret = mesh.adminUser.secret;
    expect(() => mesh.addUser('X', { username: 'x1', secret, rotationSchedule: Duration.days(30) }))
      .toThrow(/^addUser\('X'\)\.rotationSchedule is set, but addUser\('X'\)\.secret is a supplied secret/);
  });
});

/**
 * The rotation workflow through the lifecycle functions (the rotation function as Secrets Manager calls it, then
 * the state machine loop of steps), against an in-memory Amazon MQ and Secrets Manager served by
 * aws-sdk-client-mock. After EVERY step the bridges are checked with the rollout model: a bridge is up when the
 * connector's user has the same applied password on both brokers.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { MqClient, RebootBrokerCommand, UpdateConfigurationCommand } from '@aws-sdk/client-mq';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { FakeAws } from './fake-aws';
import { connectorUsers, switchConnectorUser } from '../../src/lifecycle/handler/connector-user';
import { handler } from '../../src/lifecycle/handler/lifecycle.lambda';
import { generatePassword } from '../../src/lifecycle/handler/rotation-job';
import { brokenBridges, hasCycle, MeshTopology, rebootOrder, RolloutLink } from '../../src/topology';

const mq = mockClient(MqClient);
const sm = mockClient(SecretsManagerClient);
const ssm = mockClient(SSMClient);
const cfn = mockClient(CloudFormationClient);
const sfn = mockClient(SFNClient);
process.env.LIFECYCLE_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:111111111111:stateMachine:lifecycle';
process.env.AWS_REGION = 'us-east-1';
const TOKEN = '6e3c7a1b-0000-4000-8000-00000000aaaa';
let logs: string[];

function mesh(topology: MeshTopology, n: number, strategy: 'alternating-users' | 'single-user' = 'alternating-users', duplex?: boolean): FakeAws {
  const l = topology._links(n, duplex).map((x) => ({ from: x.from, to: x.to, duplex: x.duplex }));
  const fake = new FakeAws(n, l, {
    stackId: 'arn:aws:cloudformation:us-east-1:111111111111:stack/Mesh/1',
    brokers: Array.from({ length: n }, (_, i) => `b-${i}`),
    order: rebootOrder(n, l),
    twoPhase: hasCycle(n, l),
    username: strategy === 'alternating-users' ? 'mesh-bridge' : 'orders',
    ...(strategy === 'alternating-users' ? { alternateUsername: 'mesh-bridge_clone' } : {}),
    strategy,
  }, strategy === 'alternating-users' ? { 'admin': 'admin-pw-0000-AAAA', 'mesh-bridge': 'bridge-pw-1111-BBBB' } : { 'mesh-bridge': 'bridge-pw-1111-BBBB', 'orders': 'orders-pw-2222-CCCC' });
  fake.addVersion(strategy === 'alternating-users' ? { username: 'mesh-bridge', password: 'bridge-pw-1111-BBBB' } : { username: 'orders', password: 'orders-pw-2222-CCCC' }, ['AWSCURRENT']);
  fake.install(mq, sm, ssm, cfn);
  return fake;
}

/** Secrets Manager calls the rotation function's four steps; then the state machine runs the workflow. */
async function rotate(fake: FakeAws, options: { token?: string; input?: any; afterStep?: (step: number) => void } = {}) {
  const token = options.token ?? TOKEN;
  let input = options.input;
  if (!input) {
    process.env.LIFECYCLE_ROLE = 'rotation';
    try {
      for (const step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
        await handler({ SecretId: fake.secretArn, ClientRequestToken: token, Step: step });
      }
    } finally {
      delete process.env.LIFECYCLE_ROLE;
    }
    const starts = sfn.commandCalls(StartExecutionCommand);
    input = JSON.parse(starts[starts.length - 1].args[0].input.input!);
  }
  let state = input;
  const downAt: Array<{ step: number; down: RolloutLink[] }> = [];
  let steps = 0;
  while (!state.done) {
    steps++;
    try {
      state = await handler({ kind: 'step', job: state.job });
    } catch (err) {
      await handler({ kind: 'abort', job: state.job, error: { Error: 'Error', Cause: (err as Error).message } });
      const down = brokenBridges(fake.model(), fake.links);
      if (down.length > 0) downAt.push({ step: steps, down });
      return { aborted: true, error: (err as Error).message, downAt, steps };
    }
    options.afterStep?.(steps);
    const down = brokenBridges(fake.model(), fake.links);
    if (down.length > 0) downAt.push({ step: steps, down });
  }
  return { aborted: false, downAt, steps };
}

beforeEach(() => {
  mq.reset(); sm.reset(); ssm.reset(); cfn.reset(); sfn.reset();
  sfn.on(StartExecutionCommand).resolves({ executionArn: 'e', startDate: new Date() });
  logs = [];
  jest.spyOn(console, 'log').mockImplementation((line: string) => { logs.push(line); });
});
afterEach(() => jest.restoreAllMocks());

describe('inter-broker rotation with alternating users', () => {
  test.each([
    ['full mesh, 3 nodes', MeshTopology.fullMesh(), 3],
    ['full mesh, 6 nodes', MeshTopology.fullMesh(), 6],
    ['hub and spoke, hub 2', MeshTopology.hubAndSpoke({ hubIndex: 2 }), 4],
    ['concentrator', MeshTopology.concentrator({ concentratorCount: 2 }), 5],
  ])('%s: no bridge down at any step; every broker ends on the clone user with the new password', async (_name, topology, n) => {
    const fake = mesh(topology, n);
    const run = await rotate(fake);
    expect(run).toMatchObject({ aborted: false, downAt: [] });
    const current = fake.versionWith('AWSCURRENT')!;
    expect(current.username).toBe('mesh-bridge_clone');
    expect(fake.versionWith('AWSPREVIOUS')).toEqual({ username: 'mesh-bridge', password: 'bridge-pw-1111-BBBB' });
    const declaring = new Set(fake.links.map((l) => l.from));
    fake.model().forEach((node, i) => {
      expect(node.applied['mesh-bridge_clone']).toBe(current.password);
      expect(node.applied['mesh-bridge']).toBe('bridge-pw-1111-BBBB');
      expect(node.connectorUser).toBe(declaring.has(i) ? 'mesh-bridge_clone' : '(none)');
    });
    // One reboot per broker, targets before sources.
    expect(fake.reboots).toEqual(rebootOrder(n, fake.links).map((i) => `b-${i}`));
    expect(Object.values(fake.secretStages()).filter((s) => s.includes('AWSPENDING') && !s.includes('AWSCURRENT'))).toEqual([]);
    // Neither the new password nor the old one is ever logged.
    expect(logs.join('\n')).not.toContain(current.password);
    expect(logs.join('\n')).not.toContain('bridge-pw-1111-BBBB');
  });

  test('one-way connectors both ways (a cycle): two rolls, the password first, then the switch; no bridge down at any step', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 4, 'alternating-users', false);
    const run = await rotate(fake);
    expect(run).toMatchObject({ aborted: false, downAt: [] });
    expect(fake.reboots).toEqual(['b-0', 'b-1', 'b-2', 'b-3', 'b-0', 'b-1', 'b-2', 'b-3']);
    const current = fake.versionWith('AWSCURRENT')!;
    expect(fake.model().every((node) => node.connectorUser === 'mesh-bridge_clone' && node.applied['mesh-bridge_clone'] === current.password)).toBe(true);
  });

  test('a two-roll rotation that stops in its first roll resumes there (no switch before every broker has the password)', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3, 'alternating-users', false);
    fake.brokers.get('b-1')!.failOnReboot = true;
    const run = await rotate(fake);
    expect(run).toMatchObject({ aborted: true, downAt: [] });
    expect(mq.commandCalls(UpdateConfigurationCommand)).toHaveLength(0);
    const stopped = logs.map((l) => JSON.parse(l)).find((l) => l.message === 'ROTATION STOPPED');
    const resume = JSON.parse(/--input '(.*)'$/.exec(stopped.resume)![1]);
    expect(resume.job.state).toMatchObject({ phase: 'reboot', round: 1, cursor: 0 });
    fake.brokers.get('b-1')!.state = 'RUNNING';
    fake.brokers.get('b-1')!.failOnReboot = false;
    const resumed = await rotate(fake, { input: resume });
    expect(resumed).toMatchObject({ aborted: false, downAt: [] });
    expect(fake.model().every((node) => node.connectorUser === 'mesh-bridge_clone')).toBe(true);
  });

  test('the next rotation rotates the other user back, just as safely', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3);
    await rotate(fake);
    const first = fake.versionWith('AWSCURRENT')!;
    const run = await rotate(fake, { token: '6e3c7a1b-0000-4000-8000-00000000bbbb' });
    expect(run.downAt).toEqual([]);
    const second = fake.versionWith('AWSCURRENT')!;
    expect(second.username).toBe('mesh-bridge');
    expect(second.password).not.toBe('bridge-pw-1111-BBBB');
    expect(fake.versionWith('AWSPREVIOUS')).toEqual(first);
    expect(fake.model().slice(1).every((n) => n.connectorUser === 'mesh-bridge' && n.applied['mesh-bridge'] === second.password)).toBe(true);
  });

  test('a broker that fails half way: the workflow stops with every bridge up, reverts the switches not yet applied, keeps the lock; resuming finishes with every broker agreeing', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 4);
    fake.brokers.get('b-2')!.failOnReboot = true;
    const run = await rotate(fake);
    expect(run.aborted).toBe(true);
    expect(run.error).toMatch(/Broker mesh-2 is in state CRITICAL_ACTION_REQUIRED; the rotation stopped before rebooting it/);
    expect(run.downAt).toEqual([]);
    // Rebooted so far: b-0, b-1 (new user); b-2 failed; b-3 keeps the old user and no pending switch.
    const model = fake.model();
    expect(model.map((n) => n.connectorUser)).toEqual(['(none)', 'mesh-bridge_clone', 'mesh-bridge', 'mesh-bridge']);
    expect(fake.brokers.get('b-3')!.pending).toBeUndefined();
    expect(fake.versionWith('AWSCURRENT')!.username).toBe('mesh-bridge');
    expect(fake.versionWith('AWSPENDING')!.username).toBe('mesh-bridge_clone');
    // The log says how to resume; the operator fixes the broker and starts the state machine with that input.
    const stopped = logs.map((l) => JSON.parse(l)).find((l) => l.message === 'ROTATION STOPPED');
    const resume = JSON.parse(/--input '(.*)'$/.exec(stopped.resume)![1]);
    fake.brokers.get('b-2')!.state = 'RUNNING';
    fake.brokers.get('b-2')!.failOnReboot = false;
    const resumed = await rotate(fake, { input: resume });
    expect(resumed).toMatchObject({ aborted: false, downAt: [] });
    const current = fake.versionWith('AWSCURRENT')!;
    expect(current.username).toBe('mesh-bridge_clone');
    for (const node of fake.model()) expect(node.applied['mesh-bridge_clone']).toBe(current.password);
    expect(fake.model().slice(1).every((n) => n.connectorUser === 'mesh-bridge_clone')).toBe(true);
    expect(fake.reboots.filter((b) => b === 'b-0' || b === 'b-1')).toEqual(['b-0', 'b-1']); // not rebooted again
  });

  test('a deployment in progress: the rotation waits for it, changing nothing meanwhile', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3);
    fake.stackStatus = 'UPDATE_IN_PROGRESS';
    const run = await rotate(fake, { afterStep: (step) => { if (step === 2) fake.stackStatus = 'UPDATE_COMPLETE'; } });
    expect(run.aborted).toBe(false);
    expect(run.steps).toBeGreaterThan(2);
    expect(fake.versionWith('AWSCURRENT')!.username).toBe('mesh-bridge_clone');
  });

  test('connectors already split between the two users (not from this rotation): refused before any change', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3);
    const cfg = fake.configs.get('c-2')!;
    cfg.set(1, switchConnectorUser(cfg.get(1)!, 'mesh-bridge_clone'));
    const run = await rotate(fake);
    expect(run.aborted).toBe(true);
    expect(run.error).toMatch(/use several users \(mesh-bridge, mesh-bridge_clone\)/);
    expect(mq.commandCalls(UpdateConfigurationCommand)).toHaveLength(0);
    expect(mq.commandCalls(RebootBrokerCommand)).toHaveLength(0);
  });

  test('another unfinished rotation: refused, naming the version to resume', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3);
    fake.addVersion({ username: 'mesh-bridge_clone', password: 'x' }, ['AWSPENDING']);
    const run = await rotate(fake);
    expect(run.error).toMatch(/already has a pending version v2 from a rotation that did not finish/);
  });
});

describe('single-user rotation (application and admin users)', () => {
  test('the new password on every broker, one reboot each, then the secret', async () => {
    const fake = mesh(MeshTopology.fullMesh(), 3, 'single-user');
    const run = await rotate(fake);
    expect(run.aborted).toBe(false);
    expect(run.downAt).toEqual([]); // the bridge user is not touched
    const current = fake.versionWith('AWSCURRENT')!;
    expect(current.username).toBe('orders');
    expect(current.password).not.toBe('orders-pw-2222-CCCC');
    for (const node of fake.model()) expect(node.applied.orders).toBe(current.password);
    expect(mq.commandCalls(UpdateConfigurationCommand)).toHaveLength(0);
    expect(fake.reboots).toEqual(['b-0', 'b-1', 'b-2']);
  });
});

describe('rotation function', () => {
  test('createSecret starts one workflow execution per version; the other steps leave the work to it', async () => {
    process.env.LIFECYCLE_ROLE = 'rotation';
    try {
      await handler({ SecretId: 's', ClientRequestToken: TOKEN, Step: 'createSecret' });
      sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));
      await handler({ SecretId: 's', ClientRequestToken: TOKEN, Step: 'createSecret' });
      await handler({ SecretId: 's', ClientRequestToken: TOKEN, Step: 'finishSecret' });
      const starts = sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
      expect(starts.map((s) => s.name)).toEqual([`rotate-${TOKEN}`, `rotate-${TOKEN}`]);
      expect(JSON.parse(starts[0].input!)).toEqual({
        job: { kind: 'rotation', state: { secretArn: 's', token: TOKEN, phase: 'start', cursor: 0, rebootRequested: false } }, done: false, waitSeconds: 0,
      });
      await expect(handler({ RequestType: 'Create' })).rejects.toThrow(/only handles Secrets Manager rotation requests/);
    } finally {
      delete process.env.LIFECYCLE_ROLE;
    }
  });
});

describe('connector user switch (pure)', () => {
  const xml = '<broker xmlns="http://activemq.apache.org/schema/core"><!-- <networkConnector userName="old" uri="x"/> -->'
    + "<networkConnectors><networkConnector name='a' userName='bridge' uri='static:(ssl://h:61617)'/>"
    + '<networkConnector name="b" uri="static:(ssl://i:61617)"></networkConnector></networkConnectors></broker>';

  test('reads and switches the userName of uncommented connectors only, keeping the rest byte for byte', () => {
    expect(connectorUsers(xml)).toEqual(['bridge']);
    const switched = switchConnectorUser(xml, 'bridge_clone');
    expect(connectorUsers(switched)).toEqual(['bridge_clone']);
    expect(switched).toContain('<!-- <networkConnector userName="old" uri="x"/> -->');
    expect(switched).toContain("<networkConnector name='a' userName='bridge_clone' uri='static:(ssl://h:61617)'/>");
    expect(switched).toContain('<networkConnector userName="bridge_clone" name="b" uri="static:(ssl://i:61617)">');
    expect(() => switchConnectorUser(xml, 'bad user"')).toThrow(/not an Amazon MQ username/);
  });

  test('generated passwords meet Amazon MQ\'s rules', () => {
    for (let i = 0; i < 50; i++) {
      const pw = generatePassword();
      expect(pw).toHaveLength(32);
      expect(pw).not.toMatch(/[,:=]/);
      expect(new Set(pw).size).toBeGreaterThanOrEqual(4);
    }
  });
});

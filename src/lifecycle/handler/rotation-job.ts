/**
 * The rotation workflow of one user's secret, advanced one step at a time by the lifecycle state machine, following
 * `rotationPlan` (src/topology/rollout.ts):
 * 1. start: wait until the stack is not being deployed; read the mesh's coordinates (the SSM parameter named by the
 *    secret's `cdk-activemq-mesh:rotation` tag); choose the user to rotate (alternating users: the one no connector
 *    uses on any broker; single user: the user) and write the new password as the `AWSPENDING` version;
 * 2. set-passwords: UpdateUser (CreateUser for an alternate user's first rotation) on every broker: pending;
 * 3. switch (alternating users only): a new configuration revision per broker whose connectors use the rotated
 *    user: pending;
 * 4. reboot: one broker at a time, targets before sources; each reboot applies that broker's new password and
 *    connector switch together;
 * 5. promote: `AWSPENDING` becomes `AWSCURRENT`.
 * Every phase is idempotent, so the same input resumes a rotation that stopped (see `abortRotation`).
 */
import { randomInt } from 'crypto';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateUserCommand, DescribeBrokerCommand, DescribeBrokerResponse, DescribeConfigurationRevisionCommand, DescribeUserCommand,
  RebootBrokerCommand, UpdateBrokerCommand, UpdateConfigurationCommand, UpdateUserCommand,
} from '@aws-sdk/client-mq';
import { DescribeSecretCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand } from '@aws-sdk/client-ssm';
import { cloudFormation, errorName, log, mq, secrets, ssm, withThrottlingRetry } from './aws';
import { decideReboot, describeDuration } from './broker-state';
import { connectorUsers, switchConnectorUser } from './connector-user';
import { RotationJob, WorkflowState } from './job';
import { readSecret } from './passwords';
import { pendingVersion } from './rotation-lock';
import { GENERATED_PASSWORD_EXCLUDE, GENERATED_PASSWORD_LENGTH } from '../../private/amazon-mq';

/** The secret tag that names the SSM parameter with the mesh's coordinates. */
export const ROTATION_TAG = 'cdk-activemq-mesh:rotation';
/** How long a rotation waits for a deployment of the stack to finish before it gives up (nothing changed yet). */
export const STACK_WAIT_SECONDS = 6 * 3600;
/** How long one broker may take to reboot. */
export const NODE_TIMEOUT_SECONDS = 45 * 60;
const POLL = 30;

/** The mesh as the rotation needs it (the SSM parameter's JSON). */
export interface MeshCoordinates {
  readonly stackId: string;
  readonly brokers: string[];
  readonly order: number[];
  readonly username: string;
  readonly alternateUsername?: string;
  readonly strategy: 'alternating-users' | 'single-user';
  /**
   * The connectors form a cycle (one-way connectors both ways), so no targets-first order exists: alternating users
   * take two rolls, the new password first, then the switch.
   */
  readonly twoPhase?: boolean;
}

/** The workflow's state between steps. */
export interface RotationState {
  readonly secretArn: string;
  readonly token: string;
  readonly phase: 'start' | 'set-passwords' | 'switch' | 'reboot' | 'promote';
  readonly cursor: number;
  readonly rebootRequested: boolean;
  /** The roll under way: 1, or 2 for the switch roll of a two-phase rotation. */
  readonly round?: number;
  readonly startedAt?: number;
  readonly nodeStartedAt?: number;
  readonly mesh?: MeshCoordinates;
  readonly target?: string;
  readonly active?: string;
}

/** A password Amazon MQ accepts: 32 characters, none of the excluded ones, from a CSPRNG. */
export function generatePassword(): string {
  const alphabet = Array.from({ length: 94 }, (_, i) => String.fromCharCode(33 + i)).filter((c) => !GENERATED_PASSWORD_EXCLUDE.includes(c));
  for (;;) {
    const password = Array.from({ length: GENERATED_PASSWORD_LENGTH }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (new Set(password).size >= 4) return password;
  }
}

function continueWith(job: RotationJob, state: RotationState, waitSeconds: number): WorkflowState {
  return { job: { ...job, state: state as unknown as Record<string, unknown> }, done: false, waitSeconds };
}

async function describeBroker(brokerId: string): Promise<DescribeBrokerResponse> {
  return withThrottlingRetry(`DescribeBroker ${brokerId}`, () => mq().send(new DescribeBrokerCommand({ BrokerId: brokerId })));
}

async function revisionXml(configurationId: string, revision: number): Promise<string> {
  const out = await withThrottlingRetry(`DescribeConfigurationRevision ${configurationId}`, () => mq().send(
    new DescribeConfigurationRevisionCommand({ ConfigurationId: configurationId, ConfigurationRevision: String(revision) })));
  return Buffer.from(out.Data ?? '', 'base64').toString('utf8');
}

/** Reads the mesh's coordinates from the SSM parameter named by the secret's tag. */
export async function meshCoordinates(secretArn: string): Promise<MeshCoordinates> {
  const secret = await withThrottlingRetry('DescribeSecret', () => secrets().send(new DescribeSecretCommand({ SecretId: secretArn })));
  const parameter = secret.Tags?.find((t) => t.Key === ROTATION_TAG)?.Value;
  if (!parameter) {
    throw new Error(`Secret ${secretArn} has no '${ROTATION_TAG}' tag: it is not rotated by a cdk-activemq-mesh mesh.`);
  }
  const out = await withThrottlingRetry('GetParameter', () => ssm().send(new GetParameterCommand({ Name: parameter })));
  return JSON.parse(out.Parameter?.Value ?? '{}') as MeshCoordinates;
}

/** The users the connectors of every broker use now (applied configuration revisions). */
async function liveConnectorUsers(mesh: MeshCoordinates): Promise<string[]> {
  const users = new Set<string>();
  for (const brokerId of mesh.brokers) {
    const current = (await describeBroker(brokerId)).Configurations?.Current;
    if (current?.Id && current.Revision !== undefined) {
      connectorUsers(await revisionXml(current.Id, current.Revision)).forEach((u) => users.add(u));
    }
  }
  return [...users];
}

async function start(job: RotationJob, state: RotationState, now: number): Promise<WorkflowState> {
  const startedAt = state.startedAt ?? now;
  const mesh = state.mesh ?? await meshCoordinates(state.secretArn);
  const stack = await withThrottlingRetry('DescribeStacks', () => cloudFormation().send(new DescribeStacksCommand({ StackName: mesh.stackId })));
  const status = stack.Stacks?.[0]?.StackStatus ?? '';
  if (status.endsWith('_IN_PROGRESS')) {
    if ((now - startedAt) / 1000 > STACK_WAIT_SECONDS) {
      throw new Error(`The stack ${mesh.stackId} has been ${status} for ${describeDuration(STACK_WAIT_SECONDS)}; the rotation of `
        + `${state.secretArn} gave up before changing anything. Rotate the secret again later.`);
    }
    log('rotation waits for the stack deployment to finish', { secretArn: state.secretArn, status });
    return continueWith(job, { ...state, startedAt, mesh }, 60);
  }

  const described = await withThrottlingRetry('DescribeSecret', () => secrets().send(new DescribeSecretCommand({ SecretId: state.secretArn })));
  const pending = pendingVersion(described.VersionIdsToStages);
  if (pending !== undefined && pending !== state.token) {
    throw new Error(`Secret ${state.secretArn} already has a pending version ${pending} from a rotation that did not finish; `
      + `resume that one (start the lifecycle state machine with secretArn and token ${pending}) instead of starting another.`);
  }
  let target: string;
  let active: string | undefined;
  const existing = described.VersionIdsToStages?.[state.token] ? await readSecret(state.secretArn, { id: state.token }) : undefined;
  if (existing) {
    target = existing.username ?? mesh.username;
  } else {
    if (mesh.strategy === 'alternating-users') {
      const live = await liveConnectorUsers(mesh);
      if (live.length !== 1) {
        throw new Error(`The connectors of the mesh use ${live.length === 0 ? 'no user' : `several users (${live.join(', ')})`}; `
          + 'an alternating-users rotation needs exactly one bridge user in use. Nothing was changed.');
      }
      active = live[0];
      target = active === mesh.username ? mesh.alternateUsername! : mesh.username;
    } else {
      target = mesh.username;
    }
    await withThrottlingRetry('PutSecretValue', () => secrets().send(new PutSecretValueCommand({
      SecretId: state.secretArn,
      ClientRequestToken: state.token,
      SecretString: JSON.stringify({ username: target, password: generatePassword() }),
      VersionStages: ['AWSPENDING'],
    })));
  }
  log('rotation started', { secretArn: state.secretArn, strategy: mesh.strategy, rotatedUser: target, activeUser: active, brokers: mesh.brokers.length });
  return continueWith(job, { ...state, startedAt, mesh, target, active, phase: 'set-passwords', cursor: 0 }, 0);
}

async function setPasswords(job: RotationJob, state: RotationState): Promise<WorkflowState> {
  const mesh = state.mesh!;
  const target = state.target!;
  const secret = await readSecret(state.secretArn, { id: state.token });
  for (const node of mesh.order) {
    const brokerId = mesh.brokers[node];
    let exists = true;
    try {
      await withThrottlingRetry('DescribeUser', () => mq().send(new DescribeUserCommand({ BrokerId: brokerId, Username: target })));
    } catch (err) {
      if (errorName(err) !== 'NotFoundException') throw err;
      exists = false;
    }
    if (exists) {
      await withThrottlingRetry('UpdateUser', () => mq().send(new UpdateUserCommand({ BrokerId: brokerId, Username: target, Password: secret!.password })));
    } else {
      // An alternate user's first rotation: it takes the groups and console access of the user it alternates with.
      const twin = await withThrottlingRetry('DescribeUser', () => mq().send(new DescribeUserCommand({ BrokerId: brokerId, Username: mesh.username })));
      await withThrottlingRetry('CreateUser', () => mq().send(new CreateUserCommand({
        BrokerId: brokerId, Username: target, Password: secret!.password, Groups: twin.Groups, ConsoleAccess: twin.ConsoleAccess,
      })));
    }
  }
  log('new password set (pending) on every broker', { secretArn: state.secretArn, user: target });
  const next = mesh.strategy === 'alternating-users' && !mesh.twoPhase ? 'switch' : 'reboot';
  return continueWith(job, { ...state, phase: next, cursor: 0, round: 1 }, 0);
}

async function switchConnectors(job: RotationJob, state: RotationState): Promise<WorkflowState> {
  const mesh = state.mesh!;
  const target = state.target!;
  for (const node of mesh.order) {
    const brokerId = mesh.brokers[node];
    const broker = await describeBroker(brokerId);
    const current = broker.Configurations?.Current;
    if (!current?.Id || current.Revision === undefined) continue;
    const pendingCfg = broker.Configurations?.Pending;
    const base = pendingCfg?.Id && pendingCfg.Revision !== undefined && pendingCfg.Revision !== current.Revision
      ? pendingCfg : current;
    const xml = await revisionXml(base.Id!, base.Revision!);
    const users = connectorUsers(xml);
    if (users.length === 0 || (users.length === 1 && users[0] === target)) {
      continue; // no connectors, or already switched (applied or pending: a resumed rotation)
    }
    const updated = await withThrottlingRetry('UpdateConfiguration', () => mq().send(new UpdateConfigurationCommand({
      ConfigurationId: base.Id!,
      Data: Buffer.from(switchConnectorUser(xml, target), 'utf8').toString('base64'),
      Description: `cdk-activemq-mesh rotation ${state.token}: connectors use ${target}`,
    })));
    await withThrottlingRetry('UpdateBroker', () => mq().send(new UpdateBrokerCommand({
      BrokerId: brokerId, Configuration: { Id: base.Id!, Revision: updated.LatestRevision?.Revision },
    })));
  }
  log('connectors switched (pending) on every broker', { secretArn: state.secretArn, user: target });
  return continueWith(job, { ...state, phase: 'reboot', cursor: 0, rebootRequested: false, round: mesh.twoPhase ? 2 : 1 }, 0);
}

async function rebootNext(job: RotationJob, state: RotationState, now: number): Promise<WorkflowState> {
  const mesh = state.mesh!;
  if (state.cursor >= mesh.order.length) {
    const switchNext = mesh.strategy === 'alternating-users' && mesh.twoPhase && (state.round ?? 1) === 1;
    return continueWith(job, { ...state, phase: switchNext ? 'switch' : 'promote', cursor: 0 }, 0);
  }
  const node = mesh.order[state.cursor];
  const brokerId = mesh.brokers[node];
  const nodeStartedAt = state.nodeStartedAt ?? now;
  const broker = await describeBroker(brokerId);
  const decision = decideReboot(broker, state.rebootRequested);
  switch (decision) {
    case 'DONE':
      log('broker runs the rotated credentials', { brokerId, node });
      return continueWith(job, { ...state, cursor: state.cursor + 1, rebootRequested: false, nodeStartedAt: undefined }, 0);
    case 'REBOOT':
      await withThrottlingRetry('RebootBroker', () => mq().send(new RebootBrokerCommand({ BrokerId: brokerId })));
      return continueWith(job, { ...state, rebootRequested: true, nodeStartedAt }, POLL);
    case 'BROKEN':
      throw new Error(`Broker ${broker.BrokerName ?? brokerId} is in state ${broker.BrokerState}; the rotation stopped before rebooting it.`);
    default:
      if ((now - nodeStartedAt) / 1000 > NODE_TIMEOUT_SECONDS) {
        throw new Error(`Broker ${broker.BrokerName ?? brokerId} did not come back RUNNING with nothing pending within ${describeDuration(NODE_TIMEOUT_SECONDS)}.`);
      }
      return continueWith(job, { ...state, nodeStartedAt }, POLL);
  }
}

async function promote(job: RotationJob, state: RotationState): Promise<WorkflowState> {
  const described = await withThrottlingRetry('DescribeSecret', () => secrets().send(new DescribeSecretCommand({ SecretId: state.secretArn })));
  const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  if (current !== state.token) {
    await withThrottlingRetry('UpdateSecretVersionStage', () => secrets().send(new UpdateSecretVersionStageCommand({
      SecretId: state.secretArn, VersionStage: 'AWSCURRENT', MoveToVersionId: state.token, RemoveFromVersionId: current,
    })));
  }
  log('rotation finished: the new version is current', { secretArn: state.secretArn, user: state.target });
  return { job: { ...job, state: { ...state, phase: 'promote' } as unknown as Record<string, unknown> }, done: true, waitSeconds: 0 };
}

/** Advances the rotation by one step. Errors propagate: the state machine retries, then aborts (`abortRotation`). */
export async function pollRotation(job: RotationJob, now: number = Date.now()): Promise<WorkflowState> {
  const state = job.state as unknown as RotationState;
  switch (state.phase) {
    case 'start': return start(job, state, now);
    case 'set-passwords': return setPasswords(job, state);
    case 'switch': return switchConnectors(job, state);
    case 'reboot': return rebootNext(job, state, now);
    default: return promote(job, state);
  }
}

/**
 * A rotation step failed beyond the state machine's retries. Brokers already rebooted run the new credentials and
 * the others the old ones; with alternating users every bridge is up either way (see rollout.ts). So that a
 * maintenance-window reboot cannot apply a connector switch out of order, the brokers not yet rebooted get their
 * running configuration revision back. The pending version stays (the rotation lock): resume with the same input.
 */
export async function abortRotation(job: RotationJob, why: string): Promise<void> {
  const state = job.state as unknown as RotationState;
  const mesh = state.mesh;
  if (mesh && (state.phase === 'switch' || (state.phase === 'reboot' && (!mesh.twoPhase || state.round === 2)))) {
    const notRebooted = state.phase === 'switch' ? mesh.order : mesh.order.slice(state.cursor + (state.rebootRequested ? 1 : 0));
    for (const node of notRebooted) {
      const broker = await describeBroker(mesh.brokers[node]);
      const cfg = broker.Configurations;
      if (cfg?.Current?.Id && cfg.Pending && cfg.Pending.Revision !== cfg.Current.Revision) {
        await withThrottlingRetry('UpdateBroker', () => mq().send(new UpdateBrokerCommand({
          BrokerId: mesh.brokers[node], Configuration: { Id: cfg.Current!.Id!, Revision: cfg.Current!.Revision },
        })));
      }
    }
  }
  const resume = resumeInput(state);
  log('ROTATION STOPPED', {
    secretArn: state.secretArn,
    phase: state.phase,
    cursor: state.cursor,
    rotatedUser: state.target,
    error: why,
    resume: `aws stepfunctions start-execution --state-machine-arn ${process.env.LIFECYCLE_STATE_MACHINE_ARN} --input '${JSON.stringify(resume)}'`,
  });
}

/**
 * The input that resumes a stopped rotation without repeating what is done: a stopped reboot phase resumes at the
 * connector switch (which skips brokers already switched, and redoes the ones `abortRotation` reverted), then reboots
 * only brokers that still have something pending.
 */
export function resumeInput(state: RotationState): WorkflowState {
  // A switch roll resumes at the switch; the first roll of a two-phase rotation (passwords only) resumes as it was.
  const switchRoll = state.mesh?.strategy === 'alternating-users' && (!state.mesh.twoPhase || state.round === 2);
  const phase = state.phase === 'reboot' && switchRoll ? 'switch' : state.phase;
  const resumed: RotationState = { ...state, phase, cursor: 0, rebootRequested: false, nodeStartedAt: undefined };
  return { job: { kind: 'rotation', state: resumed as unknown as Record<string, unknown> }, done: false, waitSeconds: 0 };
}

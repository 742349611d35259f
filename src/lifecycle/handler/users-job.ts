/**
 * `Custom::ActiveMqMeshUsers`: makes every listed user exist, with its secret's password, groups and console
 * access, on every listed broker, through the Amazon MQ user API (the changes are pending until the broker's next
 * reboot, which the rolling reboot that depends on this resource performs). It never touches users it does not
 * manage (the template's admin user, users made in the console), never deletes an alternate (rotation) user, and
 * leaves the users in place on Delete (the brokers are usually retained, and a retained broker still needs them).
 *
 * Works broker by broker within a time budget per step, so 250 users on 21 brokers fit in Lambda's limits.
 */
import { CreateUserCommand, DeleteUserCommand, DescribeUserCommand, ListUsersCommand, UpdateUserCommand, UserSummary } from '@aws-sdk/client-mq';
import { errorName, log, mq, withThrottlingRetry } from './aws';
import { describeDuration } from './broker-state';
import { CfnRequest } from './cfn-response';
import { isRollingBack, Outcome, POLL_SECONDS, stringProp } from './job';
import { passwordFor, SecretContent } from './passwords';
import { rotationsInProgress } from './rotation-lock';
import { diffUsers, parseBrokerIds, parseUsers, UserSpec } from './user-spec';

/** The custom resource type. */
export const USERS_RESOURCE_TYPE = 'Custom::ActiveMqMeshUsers';

/** How long one step may work before handing over to the next (the function's timeout is 15 minutes). */
export const STEP_BUDGET_MS = 8 * 60 * 1000;

interface UsersState {
  readonly next: number;
  readonly startedAt: number;
  readonly rollback: boolean;
}

/** Starts the job: Delete finishes at once; otherwise the brokers are worked through by `pollUsers`. */
export async function beginUsers(request: CfnRequest, now: number = Date.now()): Promise<Outcome> {
  const physicalResourceId = request.PhysicalResourceId ?? `${request.LogicalResourceId}-users`;
  if (request.RequestType === 'Delete') {
    return { done: true, physicalResourceId };
  }
  parseBrokerIds(request.ResourceProperties.BrokerIds, USERS_RESOURCE_TYPE);
  parseUsers(request.ResourceProperties.Users, USERS_RESOURCE_TYPE);
  const rollback = request.RequestType === 'Update' && await isRollingBack(request.StackId);
  return pollUsers(request, { next: 0, startedAt: now, rollback } as unknown as Record<string, unknown>, now);
}

/** Works on brokers from `state.next` until done or out of this step's budget. */
export async function pollUsers(request: CfnRequest, raw: Record<string, unknown>, now: number = Date.now(),
  budgetMs: number = STEP_BUDGET_MS): Promise<Outcome> {
  const state = raw as unknown as UsersState;
  const props = request.ResourceProperties;
  const physicalResourceId = request.PhysicalResourceId ?? `${request.LogicalResourceId}-users`;
  const brokerIds = parseBrokerIds(props.BrokerIds, USERS_RESOURCE_TYPE);
  const users = parseUsers(props.Users, USERS_RESOURCE_TYPE);
  const oldUsers = request.RequestType === 'Update' ? parseUsers(request.OldResourceProperties?.Users, 'old ' + USERS_RESOURCE_TYPE) : [];
  const oldBrokers = new Set(request.RequestType === 'Update' && Array.isArray(request.OldResourceProperties?.BrokerIds)
    ? request.OldResourceProperties!.BrokerIds as string[] : []);
  const timeoutSeconds = Number(stringProp(props, 'TimeoutSeconds') || 2700);
  const elapsedSeconds = Math.round((now - state.startedAt) / 1000);

  const rotated = users.filter((u) => u.rotation !== undefined).map((u) => u.secretArn);
  if (rotated.length > 0) {
    const busy = await rotationsInProgress(rotated);
    if (busy.length > 0) {
      const why = `A credential rotation of this mesh is in progress (${busy.join(', ')}).`;
      if (state.rollback) {
        return { done: true, physicalResourceId, warning: `${why} The rollback leaves the users as they are.` };
      }
      if (elapsedSeconds >= timeoutSeconds - POLL_SECONDS) {
        throw new Error(`${why} Users cannot change during a rotation; deploy again once it has finished (waited ${describeDuration(elapsedSeconds)}).`);
      }
      return { done: false, state: raw, waitSeconds: POLL_SECONDS };
    }
  }

  const diff = diffUsers(oldUsers, users);
  if (stringProp(props, 'ApplyMode') === 'MAINTENANCE_WINDOW' && !state.rollback) {
    const bridge = diff.secretChanged.find((u) => u.role === 'inter-broker');
    if (bridge) {
      throw new Error(`The inter-broker user '${bridge.username}' now uses a different secret (${bridge.secretArn}), but `
        + 'configurationApply is MAINTENANCE_WINDOW: each broker would apply the new password in its own maintenance '
        + 'window, days apart, and the bridges between brokers holding different passwords would be down meanwhile. '
        + 'Keep the old secret, or deploy this change with ConfigurationApply.ROLLING_REBOOT.');
    }
  }

  const cache = new Map<string, SecretContent | undefined>();
  const deadline = Date.now() + budgetMs;
  let next = state.next;
  for (; next < brokerIds.length; next++) {
    if (next > state.next && Date.now() >= deadline) {
      break;
    }
    const brokerId = brokerIds[next];
    await reconcileBroker(brokerId, oldBrokers.has(brokerId), users, diff, cache);
  }
  if (next < brokerIds.length) {
    log('users: continuing in the next step', { done: next, of: brokerIds.length });
    return { done: false, state: { ...raw, next }, waitSeconds: 0 };
  }
  return { done: true, physicalResourceId, data: { Brokers: String(brokerIds.length), Users: String(users.length) } };
}

async function listUsers(brokerId: string): Promise<Map<string, UserSummary>> {
  const found = new Map<string, UserSummary>();
  let nextToken: string | undefined;
  do {
    const out = await withThrottlingRetry(`ListUsers ${brokerId}`, () => mq().send(new ListUsersCommand({ BrokerId: brokerId, MaxResults: 100, NextToken: nextToken })));
    for (const u of out.Users ?? []) {
      if (u.Username) found.set(u.Username, u);
    }
    nextToken = out.NextToken;
  } while (nextToken);
  return found;
}

/** Brings one broker's managed users to the declared state. */
async function reconcileBroker(brokerId: string, existedBefore: boolean, users: UserSpec[], diff: ReturnType<typeof diffUsers>,
  cache: Map<string, SecretContent | undefined>): Promise<void> {
  const present = await listUsers(brokerId);
  const changedSecret = new Set(diff.secretChanged.map((u) => u.username));
  const changedAttributes = new Set(diff.attributesChanged.map((u) => u.username));
  const calls: string[] = [];

  for (const user of users) {
    const names = [user.username, ...(user.alternateUsername ? [user.alternateUsername] : [])];
    for (const username of names) {
      const summary = present.get(username);
      const password = await passwordFor(user.secretArn, username, user.alternateUsername !== undefined, cache);
      if (password === undefined) {
        if (username === user.username) {
          throw new Error(`Secret ${user.secretArn} holds no password for user '${username}' (neither its AWSCURRENT nor its AWSPREVIOUS version is for this username).`);
        }
        continue; // an alternate user before its first rotation: created by the rotation
      }
      const attrs = { BrokerId: brokerId, Username: username, Groups: user.groups, ConsoleAccess: user.consoleAccess };
      if (summary === undefined) {
        await send(`CreateUser ${username}`, () => mq().send(new CreateUserCommand({ ...attrs, Password: password })));
        calls.push(`created ${username}`);
      } else if (summary.PendingChange === 'DELETE') {
        await cancelDeletion(brokerId, username, password, attrs);
        calls.push(`kept ${username} (deletion cancelled)`);
      } else if (existedBefore && changedSecret.has(user.username)) {
        await send(`UpdateUser ${username}`, () => mq().send(new UpdateUserCommand({ ...attrs, Password: password })));
        calls.push(`new password for ${username}`);
      } else if (existedBefore && changedAttributes.has(user.username)) {
        await send(`UpdateUser ${username}`, () => mq().send(new UpdateUserCommand(attrs)));
        calls.push(`updated ${username}`);
      }
    }
  }
  for (const username of diff.removed) {
    const summary = present.get(username);
    if (summary !== undefined && summary.PendingChange !== 'DELETE') {
      await send(`DeleteUser ${username}`, () => mq().send(new DeleteUserCommand({ BrokerId: brokerId, Username: username })));
      calls.push(`deleted ${username}`);
    }
  }
  log('users reconciled', { brokerId, changes: calls });
}

/**
 * A managed user marked for deletion: the first deploy after upgrading from a version that listed every user in the
 * broker's `Users` property, where CloudFormation removes the users that moved into this resource. UpdateUser replaces
 * the pending deletion (unverified against AWS: checked here and reported if it did not).
 */
async function cancelDeletion(brokerId: string, username: string, password: string,
  attrs: { BrokerId: string; Username: string; Groups: string[]; ConsoleAccess: boolean }): Promise<void> {
  await send(`UpdateUser ${username}`, () => mq().send(new UpdateUserCommand({ ...attrs, Password: password })));
  const after = await withThrottlingRetry(`DescribeUser ${username}`, () => mq().send(new DescribeUserCommand({ BrokerId: brokerId, Username: username })));
  if (after.Pending?.PendingChange === 'DELETE') {
    throw new Error(`User '${username}' of broker ${brokerId} is marked for deletion and Amazon MQ kept the mark after UpdateUser. `
      + 'No broker has been rebooted. Remove the mark in the Amazon MQ console (or create the user again after the next '
      + 'reboot), then deploy again.');
  }
}

async function send<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await withThrottlingRetry(what, call);
  } catch (err) {
    throw new Error(`${what} failed: ${errorName(err) ?? 'error'}: ${(err as Error).message}`);
  }
}

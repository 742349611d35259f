import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IConstruct } from 'constructs';
import { ConfigurationApply } from '../../lifecycle/configuration-apply';
import {
  FORBIDDEN_PASSWORD_CHARACTERS, MAX_GROUPS_PER_USER, MIN_DISTINCT_PASSWORD_CHARACTERS, MIN_PASSWORD_LENGTH,
  passwordProblems, USERNAME_PATTERN, USERNAME_RULE,
} from '../../private/amazon-mq';

/** Secrets Manager rotation schedules: `rate(N days)` with N from 1 to 1000. */
const MIN_ROTATION_DAYS = 1;
const MAX_ROTATION_DAYS = 1000;

/** The parts of a user that can be checked before it is created. */
export interface UserToCheck {
  readonly username: string;
  readonly groups?: string[];
  readonly secret?: secretsmanager.ISecret;
  readonly rotationSchedule?: Duration;
}

/**
 * What is wrong with a user under Amazon MQ's rules (username, groups, a supplied secret), or undefined; the
 * message names `prop` (e.g. `users[2]`). Tokens are not checked.
 */
export function checkUser(user: UserToCheck, prop: string, configurationApply?: ConfigurationApply): string | undefined {
  const groups = user.groups ?? [];
  return usernameMessage(user.username, `${prop}.username`)
    ?? groups.map((g, i) => usernameMessage(g, `${prop}.groups[${i}]`)).find((m) => m !== undefined)
    ?? (groups.length > MAX_GROUPS_PER_USER
      ? `${prop}.groups has ${groups.length} groups, but Amazon MQ allows at most ${MAX_GROUPS_PER_USER} per user: remove groups.`
      : undefined)
    ?? (user.secret === undefined ? undefined : suppliedSecretProblem(user.secret, `${prop}.secret`))
    ?? (user.rotationSchedule === undefined ? undefined : rotationProblem(user, prop, configurationApply));
}

/** Rotation is set on a generated secret, in whole days Secrets Manager accepts, with rolling reboots. */
function rotationProblem(user: UserToCheck, prop: string, configurationApply: ConfigurationApply | undefined): string | undefined {
  const schedule = user.rotationSchedule!;
  const days = schedule.toDays({ integral: false });
  if (!Token.isUnresolved(days) && (!Number.isInteger(days) || days < MIN_ROTATION_DAYS || days > MAX_ROTATION_DAYS)) {
    return `${prop}.rotationSchedule must be a whole number of days from ${MIN_ROTATION_DAYS} to ${MAX_ROTATION_DAYS}, got `
      + `${schedule.toHumanString()}: Secrets Manager schedules rotations in days; use for example Duration.days(30).`;
  }
  if (user.secret !== undefined) {
    return `${prop}.rotationSchedule is set, but ${prop}.secret is a supplied secret: the library rotates only the secrets it `
      + `generates (it tags them and writes their new versions); remove ${prop}.secret, or rotate your secret yourself and remove rotationSchedule.`;
  }
  if (configurationApply === ConfigurationApply.MAINTENANCE_WINDOW) {
    return `${prop}.rotationSchedule is set, but configurationApply is MAINTENANCE_WINDOW: each broker would apply the new `
      + 'password in its own maintenance window, days apart, and clients (or bridges) holding one password would be refused by '
      + 'brokers holding the other meanwhile; use ConfigurationApply.ROLLING_REBOOT, or remove rotationSchedule.';
  }
  return undefined;
}

function usernameMessage(username: string, prop: string): string | undefined {
  if (Token.isUnresolved(username) || USERNAME_PATTERN.test(username)) {
    return undefined;
  }
  return `${prop} must be ${USERNAME_RULE}, got '${username}': choose a username that matches ${USERNAME_PATTERN.source}.`;
}

/**
 * Checks a secret supplied for a broker user, as far as it can be seen at synth time: a `Secret` of this app with a
 * generated password must generate at least 12 characters and exclude `,:=`; one with a literal JSON value must
 * hold a `password` that meets Amazon MQ's rules. Imported secrets cannot be inspected and are accepted. The
 * message never contains the password.
 */
function suppliedSecretProblem(secret: secretsmanager.ISecret, prop: string): string | undefined {
  const cfn = (secret as unknown as IConstruct).node?.defaultChild;
  if (!(cfn instanceof secretsmanager.CfnSecret)) return undefined;
  const stack = Stack.of(cfn);
  const generate = stack.resolve(cfn.generateSecretString) as secretsmanager.CfnSecret.GenerateSecretStringProperty | undefined;
  if (generate) {
    if (generate.generateStringKey !== undefined && generate.generateStringKey !== 'password') {
      return `${prop} generates its password under the key '${generate.generateStringKey}', but brokers read the key 'password': set generateStringKey: 'password'.`;
    }
    const length = generate.passwordLength ?? 32;
    if (typeof length === 'number' && length < MIN_PASSWORD_LENGTH) {
      return `${prop} generates passwords of ${length} characters, but Amazon MQ needs at least ${MIN_PASSWORD_LENGTH}: set passwordLength to ${MIN_PASSWORD_LENGTH} or more.`;
    }
    const excluded = generate.excludeCharacters ?? '';
    const missing = generate.excludePunctuation ? [] : FORBIDDEN_PASSWORD_CHARACTERS.filter(c => !excluded.includes(c));
    if (missing.length > 0) {
      return `${prop} may generate passwords containing ${missing.map(c => `'${c}'`).join(', ')}, which Amazon MQ refuses: add ',:=' to excludeCharacters.`;
    }
    return undefined;
  }
  const literal = stack.resolve(cfn.secretString);
  if (typeof literal !== 'string' || Token.isUnresolved(literal)) {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(literal);
  } catch {
    return `${prop} holds a plain-text value, but brokers read a JSON secret with a 'password' key: store {"username": "...", "password": "..."}.`;
  }
  const password = (parsed as { password?: unknown }).password;
  if (typeof password !== 'string') {
    return `${prop} has no 'password' key: store the broker password under the key 'password'.`;
  }
  const problems = passwordProblems(password);
  return problems.length === 0 ? undefined
    : `${prop} holds a password that Amazon MQ refuses (${problems.join('; ')}): use at least ${MIN_PASSWORD_LENGTH} characters, at least ${MIN_DISTINCT_PASSWORD_CHARACTERS} distinct, none of ',:='. Better, let the construct generate it.`;
}

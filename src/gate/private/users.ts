import { createHash } from 'crypto';
import { AppWorld } from './app-world';
import { BrokerFacts, usersOf } from './brokers';
import { CfnValue, describeText, isText, ParameterValue, Symbolic, Text, textKey, wholeDynamicReference } from '../../cfn';

const SECRET_TYPE = 'AWS::SecretsManager::Secret';

/** A broker user as deployed, from the broker's `Users` or a `Custom::ActiveMqMeshUsers`. Never holds a password. */
export interface DeployedUserFacts {
  readonly username: Text;
  /**
   * Who knows the password: equal for users that get the same password at deploy time (the same secret by name or
   * ARN, the same parameter), different otherwise. A literal password is known only by a hash: never by its value.
   */
  readonly passwordIdentity: string;
  /** Where the password comes from, for people ("a secretsmanager dynamic reference", "a literal in the template"). */
  readonly passwordFrom: string;
  readonly groups: Text[];
  /** `Users` of the broker, or the path of the users custom resource. */
  readonly via: string;
  /** For the alternate user of a rotated inter-broker user: the user it takes turns with. */
  readonly alternateOf?: Text;
}

/** The name of the secret a deploy-time value stands for, when the template names it (`Name` of a Secret resource). */
export function secretName(world: AppWorld, s: Symbolic): string | undefined {
  const t = world.targetOf(s);
  if (t === undefined || world.typeOf(t.key) !== SECRET_TYPE) return undefined;
  const name = world.properties(t.key).Name;
  return typeof name === 'string' ? name : undefined;
}

/**
 * A password's identity: a dynamic reference's canonical form (the same secret by name or ARN is the same), a
 * deploy-time value's key (a parameter), or a hash of a literal. Never the value itself.
 */
export function passwordIdentity(world: AppWorld, p: CfnValue | undefined): string {
  if (p === undefined || p === null) return '<none>';
  const v = world.link(p);
  if (!isText(v)) return `<not text:${createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16)}>`;
  const ref = wholeDynamicReference(v, world.placeholders, (s) => secretName(world, s));
  if (ref !== undefined) return `dyn:${ref.identity}`;
  return typeof v === 'string' ? `literal:${createHash('sha256').update(v).digest('hex').slice(0, 16)}` : `text:${textKey(v)}`;
}

function passwordFrom(world: AppWorld, p: CfnValue | undefined): string {
  const v = p === undefined ? undefined : world.link(p);
  if (v === undefined || v === null) return 'no password';
  if (v instanceof ParameterValue) return `the ${v.describe()}`;
  if (!isText(v)) return 'a value that is not text';
  const ref = wholeDynamicReference(v, world.placeholders, (s) => secretName(world, s));
  if (ref !== undefined) return `a ${ref.service} dynamic reference`;
  return typeof v === 'string' ? 'a literal in the template' : `the deploy-time value ${describeText(v)}`;
}

/**
 * Every user of a broker as deployed (`usersOf`: its `Users` and those of the users custom resources that list it),
 * with a password identity each, or why they cannot be known.
 */
export function deployedUsersOf(world: AppWorld, b: BrokerFacts): DeployedUserFacts[] | string {
  const users = usersOf(b);
  if (typeof users === 'string') return users;
  return users.map((u) => ({
    username: u.username,
    // the alternate user takes turns with its user on one secret: at rest their passwords differ
    passwordIdentity: `${passwordIdentity(world, u.password)}${u.alternateOf !== undefined ? '#alternate' : ''}`,
    passwordFrom: u.managedBy !== undefined ? `the secret of ${world.pathOf(u.managedBy)}` : passwordFrom(world, u.password),
    groups: Array.isArray(u.groups) ? u.groups.filter(isText) : [],
    via: u.managedBy !== undefined ? world.pathOf(u.managedBy) : 'Users',
    alternateOf: u.alternateOf,
  }));
}

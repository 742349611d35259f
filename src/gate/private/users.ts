import { createHash } from 'crypto';
import {
  canonicalSecretName, CfnValue, describeText, ImpossibleWorld, isObject, isText, ParameterValue, Symbolic, Text, textKey, wholeDynamicReference,
} from '../../cfn';
import { ResourceKey } from '../model';
import { AppWorld, BROKER, keyString } from './app-world';
import { BrokerFacts, field, referenced, usersOf } from './brokers';

/** The users custom resource of a mesh (CONTRACT-users: one per mesh, its users exist on every broker it lists). */
export const MESH_USERS_TYPE = 'Custom::ActiveMqMeshUsers';
const SECRET_TYPE = 'AWS::SecretsManager::Secret';

/** A broker user as deployed, from the broker's `Users` or a `Custom::ActiveMqMeshUsers`. Never holds a password. */
export interface DeployedUserFacts {
  readonly username: Text;
  /**
   * Who knows the password: equal for users that get the same password at deploy time (the same secret by name or
   * ARN, the same parameter), different otherwise. A literal password is known only by a hash: never by its value.
   */
  readonly passwordIdentity: string;
  /** Where the password comes from, for people ("secret Mesh/BridgeSecret", "a literal in the template"). */
  readonly passwordFrom: string;
  readonly groups: Text[];
  readonly consoleAccess: boolean;
  /** `Users` of the broker, or the path of the users custom resource. */
  readonly via: string;
  /** `inter-broker` or `application` for users of a users custom resource. */
  readonly role?: string;
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

/** The identity of the `password` field of a secret given by its ARN (a `Ref` of a Secret or a literal ARN), as a dynamic reference to it has. */
function secretArnIdentity(world: AppWorld, arn: CfnValue): string | undefined {
  const linked = world.link(arn);
  let id: string | undefined;
  if (typeof linked === 'string' && linked.startsWith('arn:')) id = canonicalSecretName(linked);
  else if (linked instanceof Symbolic && referenced(world, linked) !== undefined && world.typeOf(referenced(world, linked)!) === SECRET_TYPE) {
    id = canonicalSecretName(secretName(world, linked) ?? `<${linked.key}>`);
  }
  return id === undefined ? undefined : `dyn:secretsmanager:${id}:SecretString:password:AWSCURRENT:`;
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

function texts(v: CfnValue | undefined): Text[] {
  return Array.isArray(v) ? v.filter(isText) : [];
}

/**
 * Every user of a broker as deployed: its `Users` and the users of every `Custom::ActiveMqMeshUsers` whose `BrokerIds`
 * holds a `Ref` (or `GetAtt`) of it (with the alternate user of a rotated inter-broker user), or why they cannot be
 * known. Per CONTRACT-users a users resource entry counts only when its `SecretArn` is a `Ref` of a Secret or a literal ARN
 * (the others are `ignored`, in words).
 */
export function deployedUsersOf(world: AppWorld, b: BrokerFacts): { users: DeployedUserFacts[]; problems: string[]; ignored: string[] } {
  const problems: string[] = [];
  const ignored: string[] = [];
  const users: DeployedUserFacts[] = [];
  const own = usersOf(b);
  if (typeof own === 'string') problems.push(own);
  else {
    const raw = b.props.Users as CfnValue[];
    own.forEach((u, i) => users.push({
      username: u.username,
      passwordIdentity: passwordIdentity(world, u.password),
      passwordFrom: passwordFrom(world, u.password),
      groups: texts(field(raw[i], 'Groups')),
      consoleAccess: field(raw[i], 'ConsoleAccess') === true,
      via: 'Users',
    }));
  }
  for (const r of world.resourcesOfType(MESH_USERS_TYPE)) {
    let props;
    try {
      props = world.properties(r);
    } catch (e) {
      if (e instanceof ImpossibleWorld) throw e;
      problems.push(`the users resource ${world.pathOf(r)} cannot be evaluated: ${(e as Error).message}`);
      continue;
    }
    const ids = Array.isArray(props.BrokerIds) ? props.BrokerIds : [];
    if (!ids.some((id) => sameBroker(world, id, b.key))) continue;
    const list = Array.isArray(props.Users) ? props.Users : [];
    list.forEach((u, i) => {
      const username = field(u, 'Username');
      const identity = secretArnIdentity(world, field(u, 'SecretArn') ?? null);
      if (!isObject(u) || username === undefined || !isText(username) || identity === undefined) {
        ignored.push(`Users[${i}] of ${world.pathOf(r)} does not count: it has no literal Username or no SecretArn that is a Ref of a Secret or an ARN`);
        return;
      }
      const base = {
        groups: texts(u.Groups),
        consoleAccess: u.ConsoleAccess === true,
        via: world.pathOf(r),
        role: typeof u.Role === 'string' ? u.Role : undefined,
        passwordFrom: 'its SecretArn (read by the users resource)',
      };
      users.push({ ...base, username, passwordIdentity: identity });
      const alternate = u.AlternateUsername;
      if (alternate !== undefined && isText(alternate)) {
        // the idle user of an alternating rotation: same secret, but the two take turns, so it has its own password
        users.push({ ...base, username: alternate, passwordIdentity: `${identity}#alternate`, alternateOf: username });
      }
    });
  }
  return { users, problems, ignored };
}

function sameBroker(world: AppWorld, id: CfnValue, broker: ResourceKey): boolean {
  const target = referenced(world, id);
  return target !== undefined && world.typeOf(target) === BROKER && keyString(target) === keyString(broker);
}

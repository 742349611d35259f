/**
 * PURE: the users of a `Custom::ActiveMqMeshUsers` resource as the handler reads them from CloudFormation
 * (scalars arrive as strings), and what changed between the old and the new properties.
 */

/** One managed user, as declared (no secret value: only where the secret is). */
export interface UserSpec {
  readonly username: string;
  readonly secretArn: string;
  readonly consoleAccess: boolean;
  readonly groups: string[];
  readonly role: 'inter-broker' | 'application';
  readonly alternateUsername?: string;
  readonly rotation?: 'alternating-users' | 'single-user';
}

/** Reads `Users` from custom resource properties; throws naming the entry for anything malformed. */
export function parseUsers(raw: unknown, where: string): UserSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    throw new Error(`${where}.Users must be a list, got ${JSON.stringify(raw)}.`);
  }
  return raw.map((u, i) => {
    const entry = (u ?? {}) as Record<string, unknown>;
    const username = entry.Username;
    const secretArn = entry.SecretArn;
    if (typeof username !== 'string' || username === '' || typeof secretArn !== 'string' || secretArn === '') {
      throw new Error(`${where}.Users[${i}] needs a Username and a SecretArn, got ${JSON.stringify({ Username: username, SecretArn: secretArn })}.`);
    }
    const groups = Array.isArray(entry.Groups) ? entry.Groups.map(String) : [];
    const alternate = typeof entry.AlternateUsername === 'string' && entry.AlternateUsername !== '' ? entry.AlternateUsername : undefined;
    const rotation = entry.Rotation === 'alternating-users' || entry.Rotation === 'single-user' ? entry.Rotation : undefined;
    return {
      username,
      secretArn,
      consoleAccess: String(entry.ConsoleAccess) === 'true',
      groups,
      role: entry.Role === 'inter-broker' ? 'inter-broker' : 'application',
      alternateUsername: alternate,
      rotation,
    };
  });
}

/** Reads `BrokerIds`. */
export function parseBrokerIds(raw: unknown, where: string): string[] {
  if (!Array.isArray(raw) || raw.some((b) => typeof b !== 'string' || b === '')) {
    throw new Error(`${where}.BrokerIds must be a list of broker ids, got ${JSON.stringify(raw)}.`);
  }
  return raw as string[];
}

/** Whether two specs of the same username differ in what UpdateUser sets without a password. */
export function attributesChanged(before: UserSpec, after: UserSpec): boolean {
  const key = (groups: string[]) => JSON.stringify([...groups].sort());
  return before.consoleAccess !== after.consoleAccess || key(before.groups) !== key(after.groups);
}

/** The per-user plan for one broker that existed before (old properties) and still does. */
export interface UserDiff {
  /** Users added to the resource (create where missing). */
  readonly added: UserSpec[];
  /** Users whose secret changed (set the password again). */
  readonly secretChanged: UserSpec[];
  /** Users whose groups or console access changed (update without password). */
  readonly attributesChanged: UserSpec[];
  /** Usernames removed from the resource (delete). Alternate users are never deleted. */
  readonly removed: string[];
}

/** What changed between the old and the new user list. */
export function diffUsers(before: UserSpec[], after: UserSpec[]): UserDiff {
  const old = new Map(before.map((u) => [u.username, u]));
  const now = new Set(after.map((u) => u.username));
  const alternates = new Set(after.flatMap((u) => u.alternateUsername ? [u.alternateUsername] : []));
  return {
    added: after.filter((u) => !old.has(u.username)),
    secretChanged: after.filter((u) => old.has(u.username) && old.get(u.username)!.secretArn !== u.secretArn),
    attributesChanged: after.filter((u) => old.has(u.username) && attributesChanged(old.get(u.username)!, u)),
    removed: before.map((u) => u.username).filter((name) => !now.has(name) && !alternates.has(name)),
  };
}

/**
 * Reads broker passwords from Secrets Manager. A user's secret is JSON `{"username": …, "password": …}`. With the
 * alternating-users rotation one secret serves two usernames: its `AWSCURRENT` version holds the user the bridges
 * use now, `AWSPREVIOUS` the other one. Values are only ever passed to the MQ API, never logged or returned.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { errorName, secrets, withThrottlingRetry } from './aws';

/** A secret version's parsed content. */
export interface SecretContent {
  readonly username?: string;
  readonly password: string;
}

/** Reads one version (by stage or id) of a secret; undefined when that stage does not exist. */
export async function readSecret(secretArn: string, version: { stage?: string; id?: string }): Promise<SecretContent | undefined> {
  let text: string | undefined;
  try {
    const out = await withThrottlingRetry(`GetSecretValue ${secretArn}`, () => secrets().send(new GetSecretValueCommand({
      SecretId: secretArn, VersionStage: version.stage, VersionId: version.id,
    })));
    text = out.SecretString;
  } catch (err) {
    if (errorName(err) === 'ResourceNotFoundException' && version.stage !== 'AWSCURRENT') {
      return undefined;
    }
    throw new Error(`Cannot read secret ${secretArn} (${version.stage ?? version.id}): ${errorName(err) ?? 'error'}. `
      + 'Check that it exists and that the lifecycle function may read it (a secret encrypted with your own KMS key '
      + 'must let the function decrypt).');
  }
  let parsed: { username?: unknown; password?: unknown };
  try {
    parsed = JSON.parse(text ?? '');
  } catch {
    throw new Error(`Secret ${secretArn} is not JSON: store {"username": "...", "password": "..."}.`);
  }
  if (typeof parsed.password !== 'string' || parsed.password === '') {
    throw new Error(`Secret ${secretArn} has no 'password' key: store the broker password under the key 'password'.`);
  }
  return { username: typeof parsed.username === 'string' ? parsed.username : undefined, password: parsed.password };
}

/**
 * The password `username` has in `secretArn`. A secret shared by alternating users holds the user the bridges use
 * now in `AWSCURRENT` and the other in `AWSPREVIOUS`, so the version whose `username` matches is taken (undefined when
 * none does: an alternate user before its first rotation). Any other secret holds one user: its `AWSCURRENT` password.
 */
export async function passwordFor(secretArn: string, username: string, alternating: boolean,
  cache: Map<string, SecretContent | undefined>): Promise<string | undefined> {
  for (const stage of alternating ? ['AWSCURRENT', 'AWSPREVIOUS'] : ['AWSCURRENT']) {
    const key = `${secretArn}|${stage}`;
    if (!cache.has(key)) {
      cache.set(key, await readSecret(secretArn, { stage }));
    }
    const content = cache.get(key);
    if (content && (!alternating || content.username === undefined || content.username === username)) {
      return content.password;
    }
  }
  return undefined;
}

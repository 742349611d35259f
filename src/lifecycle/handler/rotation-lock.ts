/**
 * The rotation lock is Secrets Manager's own: while a secret has an `AWSPENDING` version that is not also
 * `AWSCURRENT`, a rotation of it is in progress (Secrets Manager refuses to start another one). Deploy-time jobs
 * that would reboot brokers or change users wait for it.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotateSecret.html
 */
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { secrets, withThrottlingRetry } from './aws';

/** The version id staged AWSPENDING but not AWSCURRENT, if any. */
export function pendingVersion(versionIdsToStages: Record<string, string[]> | undefined): string | undefined {
  for (const [versionId, stages] of Object.entries(versionIdsToStages ?? {})) {
    if (stages.includes('AWSPENDING') && !stages.includes('AWSCURRENT')) {
      return versionId;
    }
  }
  return undefined;
}

/** The secrets among `secretArns` whose rotation is in progress. */
export async function rotationsInProgress(secretArns: readonly string[]): Promise<string[]> {
  const busy: string[] = [];
  for (const arn of secretArns) {
    const out = await withThrottlingRetry(`DescribeSecret ${arn}`, () => secrets().send(new DescribeSecretCommand({ SecretId: arn })));
    if (pendingVersion(out.VersionIdsToStages) !== undefined) {
      busy.push(arn);
    }
  }
  return busy;
}

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/**
 * Grants `grantee` read access to one broker user's secret with identity-policy statements only, so that a consumer
 * in another stack never edits the mesh stack's KMS key policy (which would name the consumer's role and make the
 * two stacks depend on each other).
 *
 * - `secretsmanager:GetSecretValue` and `DescribeSecret` on this secret's ARN only (on the grantee's policy; a
 *   principal without one, such as a service principal, gets the secret's resource policy, as aws-cdk does);
 * - `kms:Decrypt` only when called through Secrets Manager in the secret's Region (`kms:ViaService`) and only for
 *   this secret (`kms:EncryptionContext:SecretARN`: Secrets Manager passes the secret's ARN as encryption context
 *   on every KMS call). The resource is the secret's key when known; for an imported secret whose key is not known
 *   here, any key of the secret's account, still bound to this secret by the encryption context; none for a secret
 *   of this app encrypted with the AWS managed key `aws/secretsmanager`.
 *
 * This works because the key policy lets IAM policies of the account use the key through Secrets Manager: the mesh's
 * own key has the account-root statements aws-cdk writes (`kms:*`, and `kms:Decrypt` via Secrets Manager), and a
 * key passed as `encryptionKey` must keep them.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html (encryption context)
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html (the key policy enables IAM policies)
 */
export function grantSecretRead(secret: secretsmanager.ISecret, grantee: iam.IGrantable): iam.Grant {
  const secretArn = secret.secretFullArn ?? `${secret.secretArn}-??????`;
  const read = iam.Grant.addToPrincipalOrResource({
    grantee,
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    resourceArns: [secretArn],
    resource: secret,
  });
  const keyArn = decryptKeyArn(secret);
  if (keyArn === undefined) {
    return read;
  }
  const stack = Stack.of(secret);
  const viaSecretsManager = `secretsmanager.${stack.region}.amazonaws.com`;
  const decrypt = iam.Grant.addToPrincipal({
    grantee,
    actions: ['kms:Decrypt'],
    resourceArns: [keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': viaSecretsManager },
      StringLike: { 'kms:EncryptionContext:SecretARN': secretArn },
    },
  });
  if (!decrypt.success && secret.encryptionKey !== undefined) {
    // A grantee without an identity policy (e.g. an account or service principal) can only be named in the key
    // policy: that is what aws-cdk's own grant does, and it cannot create a cycle (there is no role to reference).
    return read.combine(secret.encryptionKey.grantDecrypt(new kms.ViaServicePrincipal(viaSecretsManager, grantee.grantPrincipal)));
  }
  return read.combine(decrypt);
}

/** The key ARN to allow `kms:Decrypt` on, or undefined when the secret is known to use `aws/secretsmanager`. */
function decryptKeyArn(secret: secretsmanager.ISecret): string | undefined {
  if (secret.encryptionKey !== undefined) {
    return secret.encryptionKey.keyArn;
  }
  if (secretsmanager.Secret.isSecret(secret)) {
    return undefined; // a secret of this app created without a key: the AWS managed key, usable through IAM alone
  }
  return Stack.of(secret).formatArn({ service: 'kms', resource: 'key', resourceName: '*' });
}

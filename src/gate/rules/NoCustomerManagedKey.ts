import { booleanValue } from './booleans';
import { defineRule } from './rule';
import { isObject } from '../../cfn';

/** A broker should encrypt its data with a customer-managed KMS key (`EncryptionOptions.KmsKeyId`). */
export default defineRule(__filename, {
  level: 'Info',
  problem: 'is not encrypted with a customer-managed KMS key',
  fix: 'set EncryptionOptions with UseAwsOwnedKey false and a KmsKeyId',
  explanation: 'A customer-managed key lets you control and audit access to the broker\'s data at rest.',
  check: (b) => {
    const o = b.props.EncryptionOptions;
    if (o === undefined) return { detail: 'EncryptionOptions is not set, so an AWS owned key is used' };
    if (!isObject(o)) return { detail: 'EncryptionOptions is not known before deployment' };
    try {
      if (booleanValue(o.UseAwsOwnedKey, 'EncryptionOptions.UseAwsOwnedKey') !== false) return { detail: 'EncryptionOptions.UseAwsOwnedKey is true' };
    } catch (e) {
      return { detail: (e as Error).message };
    }
    return o.KmsKeyId === undefined ? { detail: 'EncryptionOptions has no KmsKeyId, so the AWS managed key aws/mq is used' } : undefined;
  },
});

import { NagRuleCompliance } from 'cdk-nag';
import { booleanProperty, defineRule, field, objectProperty } from '../private/rule-kit';

/** A broker should encrypt its data with a customer-managed KMS key (`EncryptionOptions.KmsKeyId`). */
export default defineRule(__filename, ({ broker, fail }) => {
  const options = objectProperty(broker, broker.encryptionOptions, 'EncryptionOptions');
  if (options === undefined) {
    return fail('EncryptionOptions is not set, so an AWS owned key is used');
  }
  if (booleanProperty(broker, field(options, 'useAwsOwnedKey'), 'EncryptionOptions.UseAwsOwnedKey') !== false) {
    return fail('EncryptionOptions.UseAwsOwnedKey is true');
  }
  return field(options, 'kmsKeyId') === undefined
    ? fail('EncryptionOptions has no KmsKeyId, so the AWS managed key aws/mq is used')
    : NagRuleCompliance.COMPLIANT;
});

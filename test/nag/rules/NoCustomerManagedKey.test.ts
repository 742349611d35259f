import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('NoCustomerManagedKey: data at rest is encrypted with a customer-managed key (info)', () => {
  test('Noncompliance 1: no EncryptionOptions', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { encryptionOptions: undefined });
    const report = validate(stack);
    expect(pathsFor(report, 'NoCustomerManagedKey')).toEqual([b.node.path]);
    expect(report.violations.find((v) => v.ruleName.startsWith('ActiveMqMesh-NoCustomerManagedKey['))!.severity).toBe('info');
  });

  test('Noncompliance 2: UseAwsOwnedKey true', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { encryptionOptions: { useAwsOwnedKey: true } });
    expect(pathsFor(validate(stack), 'NoCustomerManagedKey')).toEqual([b.node.path]);
  });

  test('Noncompliance 3: UseAwsOwnedKey false without a key (the AWS managed key aws/mq)', () => {
    const stack = newStack();
    broker(stack, 'B', { encryptionOptions: { useAwsOwnedKey: false } });
    expect(descriptionsFor(validate(stack), 'NoCustomerManagedKey')[0]).toContain('the AWS managed key aws/mq is used');
  });

  test('Compliance: a KmsKeyId', () => {
    const stack = newStack();
    broker(stack, 'B');
    expect(pathsFor(validate(stack), 'NoCustomerManagedKey')).toEqual([]);
  });
});

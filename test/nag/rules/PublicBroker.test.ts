import { CfnParameter } from 'aws-cdk-lib';
import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('PublicBroker: a broker must not be publicly accessible', () => {
  test('Noncompliance 1: PubliclyAccessible true', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { publiclyAccessible: true });
    const report = validate(stack);
    expect(pathsFor(report, 'PublicBroker')).toEqual([b.node.path]);
    expect(report.violations.find((v) => v.ruleName.startsWith('ActiveMqMesh-PublicBroker['))!.severity).toBe('error');
  });

  test('Noncompliance 2: a value not known at synth time fails closed', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Public', { type: 'String' });
    const b = broker(stack, 'B', { publiclyAccessible: p.valueAsString as any });
    const report = validate(stack);
    expect(pathsFor(report, 'PublicBroker')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'PublicBroker')[0]).toContain('it could not be verified: PubliclyAccessible is parameter Public, which is not known before deployment');
  });

  test('Compliance: PubliclyAccessible false', () => {
    const stack = newStack();
    broker(stack, 'B', { publiclyAccessible: false });
    expect(pathsFor(validate(stack), 'PublicBroker')).toEqual([]);
  });
});

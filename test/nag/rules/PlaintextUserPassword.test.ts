import { CfnParameter } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('PlaintextUserPassword: broker user passwords are dynamic references or NoEcho parameters', () => {
  test('Noncompliance 1: a literal password', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { users: [{ username: 'admin', password: 'correct-horse-battery' }] });
    const report = validate(stack);
    expect(pathsFor(report, 'PlaintextUserPassword')).toEqual([b.node.path]);
    expect(report.success).toBe(false);
    const text = descriptionsFor(report, 'PlaintextUserPassword')[0];
    expect(text).toContain("the password of user 'admin' is not a secret: it is written in the template");
    expect(JSON.stringify(report)).not.toContain('correct-horse-battery');
  });

  test('Noncompliance 2: a Ref to a parameter without NoEcho', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Pw', { type: 'String' });
    const b = broker(stack, 'B', { users: [{ username: 'admin', password: p.valueAsString }] });
    expect(pathsFor(validate(stack), 'PlaintextUserPassword')).toEqual([b.node.path]);
  });

  test('Compliance: a NoEcho parameter, a Secret of the app and a dynamic reference by name', () => {
    const stack = newStack();
    const p = new CfnParameter(stack, 'Pw', { type: 'String', noEcho: true });
    const secret = new Secret(stack, 'S');
    broker(stack, 'B', {
      users: [
        { username: 'a', password: p.valueAsString },
        { username: 'b', password: secret.secretValueFromJson('password').unsafeUnwrap() },
        { username: 'bridge', password: '{{resolve:ssm-secure:/mq/bridge:1}}' },
      ],
    });
    expect(pathsFor(validate(stack), 'PlaintextUserPassword')).toEqual([]);
  });
});

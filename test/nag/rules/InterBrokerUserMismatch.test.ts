import { App, SecretValue, Stack } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { BRIDGE_PASSWORD, broker, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('InterBrokerUserMismatch: the connector user exists on both ends with the same password', () => {
  test('Noncompliance 1: the userName is not a user of the target broker', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', { users: [{ username: 'app', password: BRIDGE_PASSWORD }] });
    const source = broker(stack, 'Source');
    connect(source, [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'InterBrokerUserMismatch')).toEqual([source.node.path]);
    expect(descriptionsFor(report, 'InterBrokerUserMismatch')[0]).toContain(
      "connector 'c0' (#1) of Stack/SourceConfig uses userName 'bridge', which is not a user of Stack/Sink");
  });

  test('Noncompliance 2: the userName is not a user of the broker that declares the connector', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source', { users: [{ username: 'app', password: BRIDGE_PASSWORD }] });
    connect(source, [sink]);
    expect(descriptionsFor(validate(stack), 'InterBrokerUserMismatch')[0]).toContain('which is not a user of this broker');
  });

  test('Noncompliance 3: the same username with passwords from different secrets', () => {
    const stack = newStack();
    const s1 = new Secret(stack, 'One');
    const s2 = new Secret(stack, 'Two');
    const sink = broker(stack, 'Sink', { users: [{ username: 'bridge', password: s1.secretValueFromJson('password').unsafeUnwrap() }] });
    const source = broker(stack, 'Source', { users: [{ username: 'bridge', password: s2.secretValueFromJson('password').unsafeUnwrap() }] });
    connect(source, [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'InterBrokerUserMismatch')).toEqual([source.node.path]);
    expect(descriptionsFor(report, 'InterBrokerUserMismatch')[0]).toContain(
      "the password of user 'bridge' differs between this broker and Stack/Sink");
  });

  test('Noncompliance 4: the same secret but another JSON field', () => {
    const stack = newStack();
    const other = SecretValue.secretsManager('mesh/bridge', { jsonField: 'password2' }).unsafeUnwrap();
    const sink = broker(stack, 'Sink', { users: [{ username: 'bridge', password: other }] });
    const source = broker(stack, 'Source');
    connect(source, [sink]);
    expect(pathsFor(validate(stack), 'InterBrokerUserMismatch')).toEqual([source.node.path]);
  });

  test('Noncompliance 5: a connector without userName', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink], 'duplex="true"');
    expect(descriptionsFor(validate(stack), 'InterBrokerUserMismatch')[0]).toContain("connector 'c0' (#1) of Stack/SourceConfig has no userName");
  });

  test('Compliance: one Secret referenced from brokers in two stacks', () => {
    const app = new App();
    const s1 = new Stack(app, 'S1');
    const s2 = new Stack(app, 'S2');
    const secret = new Secret(s1, 'Bridge');
    const users = [{ username: 'bridge', password: secret.secretValueFromJson('password').unsafeUnwrap() }];
    const sink = broker(s1, 'Sink', { users });
    const source = broker(s2, 'Source', { users });
    connect(source, [sink]);
    app.synth();
    const report = validate(app);
    expect(pathsFor(report, 'InterBrokerUserMismatch')).toEqual([]);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: the same dynamic reference on both ends', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink]);
    expect(pathsFor(validate(stack), 'InterBrokerUserMismatch')).toEqual([]);
  });
});

/**
 * The lifecycle contract (/work/plan/CONTRACT-users.md): users of a `Custom::ActiveMqMeshUsers` are users of the
 * brokers it lists by Ref, with their secret as password identity; a forged declaration does not satisfy the rules.
 */
import { brokerJson, configTo, judge, LOGS_POLICY, subjects } from './helpers';

const ADMIN = [{ Username: 'admin', Password: '{{resolve:secretsmanager:mesh/admin:SecretString:password::}}', ConsoleAccess: true }];

function meshUsers(brokerIds: unknown[], users: unknown[]): object {
  return { Type: 'Custom::ActiveMqMeshUsers', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:f', BrokerIds: brokerIds, Users: users } };
}

function app(resources: Record<string, object>, attrs?: string): ReturnType<typeof judge> {
  return judge({
    Resources: {
      A: brokerJson('a', { Users: ADMIN }),
      B: brokerJson('b', { Users: ADMIN, Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
      Cfg: configTo(['A'], attrs),
      Bridge: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
      Other: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } },
      Logs: LOGS_POLICY,
      ...resources,
    },
  });
}

const BRIDGE = { Username: 'bridge', SecretArn: { Ref: 'Bridge' }, ConsoleAccess: false, Role: 'inter-broker' };

describe('InterBrokerUserMismatch with Custom::ActiveMqMeshUsers', () => {
  test('Compliance: the bridge user is managed on both brokers with one secret', () => {
    const r = app({ Users: meshUsers([{ Ref: 'A' }, { Ref: 'B' }], [BRIDGE]) });
    expect(subjects(r, 'InterBrokerUserMismatch')).toEqual([]);
    expect(subjects(r, 'PlaintextUserPassword')).toEqual([]);
  });

  test('Compliance: a connector may use the alternate user of an alternating-users rotation', () => {
    const r = app({ Users: meshUsers([{ Ref: 'A' }, { Ref: 'B' }], [{ ...BRIDGE, AlternateUsername: 'bridge_clone', Rotation: 'alternating-users' }]) },
      'name="c" userName="bridge_clone" duplex="true"');
    expect(subjects(r, 'InterBrokerUserMismatch')).toEqual([]);
  });

  test('Compliance: a literal Secrets Manager ARN is a secret identity too', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:bridge-AbCdEf';
    expect(subjects(app({ Users: meshUsers([{ Ref: 'A' }, { Ref: 'B' }], [{ ...BRIDGE, SecretArn: arn }]) }), 'InterBrokerUserMismatch')).toEqual([]);
  });

  test('Noncompliance 1: one broker not listed', () => {
    expect(subjects(app({ Users: meshUsers([{ Ref: 'B' }], [BRIDGE]) }), 'InterBrokerUserMismatch')).toEqual(['Stack/B']);
  });

  test('Noncompliance 2: two users resources give the bridge user different secrets', () => {
    const r = app({
      UsersA: meshUsers([{ Ref: 'A' }], [BRIDGE]),
      UsersB: meshUsers([{ Ref: 'B' }], [{ ...BRIDGE, SecretArn: { Ref: 'Other' } }]),
    });
    expect(subjects(r, 'InterBrokerUserMismatch')).toEqual(['Stack/B']);
  });

  test('Noncompliance 3: a forged declaration (broker ids as literals, a secret that is not an ARN) does not count', () => {
    expect(subjects(app({ Users: meshUsers(['A', 'B'], [BRIDGE]) }), 'InterBrokerUserMismatch')).toEqual(['Stack/B']);
    expect(subjects(app({ Users: meshUsers([{ Ref: 'A' }, { Ref: 'B' }], [{ ...BRIDGE, SecretArn: 'hunter2-hunter2' }]) }), 'InterBrokerUserMismatch')).toEqual(['Stack/B']);
    expect(subjects(app({ Users: meshUsers([{ 'Fn::GetAtt': ['A', 'Arn'] }, { Ref: 'B' }], [BRIDGE]) }), 'InterBrokerUserMismatch')).toEqual(['Stack/B']);
  });
});

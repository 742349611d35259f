/**
 * Issue 8, What 5 and 6: only a whole-value Secrets Manager or SSM SecureString reference is a secret; every Fn::If
 * branch is checked; a password anywhere in a connector is ConnectorPassword; equal means equal. No finding ever
 * prints a password: every password below is a sentinel, and every result is searched for it.
 */
import { brokerJson, configJson, configTo, judge, LOGS_POLICY, of, subjects } from './helpers';

const SENTINEL = 'S3ntinel-Pa55word-9f2c';

function noLeak(r: unknown): void {
  expect(JSON.stringify(r)).not.toContain(SENTINEL);
  expect(JSON.stringify(r)).not.toMatch(/CFNVAL|MeshRef/);
}

function oneBroker(password: unknown, extra: object = {}): ReturnType<typeof judge> {
  const r = judge({
    ...extra,
    Resources: {
      B: brokerJson('b', { Users: [{ Username: 'app', Password: password }], Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
      Peer: brokerJson('peer'),
      Cfg: configTo(['Peer']),
      Logs: LOGS_POLICY,
    },
  });
  noLeak(r);
  return r;
}

describe('PlaintextUserPassword: what counts as a secret', () => {
  test.each([
    ['1: a literal', SENTINEL, 'it is written in the template'],
    ['2: an SSM String parameter reference (plain text)', `{{resolve:ssm:/mq/${SENTINEL}}}`, '{{resolve:ssm:...}} is a plain-text parameter'],
    ['3: an SSM SecureString reference followed by a literal', `{{resolve:ssm-secure:/mq/app}}${SENTINEL}`, 'it is written in the template'],
    ['4: a Secrets Manager reference inside a literal', 'x{{resolve:secretsmanager:app}}', 'it is written in the template'],
    ['5: a Fn::Join of a reference and a literal', { 'Fn::Join': ['', ['{{resolve:secretsmanager:app}}', SENTINEL]] }, 'it is written in the template'],
  ])('Noncompliance %s', (_name, password, why) => {
    const r = oneBroker(password);
    expect(subjects(r, 'PlaintextUserPassword')).toEqual(['Stack/B']);
    expect(of(r, 'PlaintextUserPassword')[0].message).toContain(`the password of user 'app' is not a secret: ${why}`);
  });

  test('Noncompliance 6: a NoEcho parameter with a literal Default', () => {
    const r = oneBroker({ Ref: 'Pw' }, { Parameters: { Pw: { Type: 'String', NoEcho: true, Default: SENTINEL } } });
    expect(of(r, 'PlaintextUserPassword')[0].message).toContain('it is the NoEcho parameter Pw, whose Default is written in the template');
  });

  test('Noncompliance 7: a parameter that is not NoEcho, and an SSM parameter type', () => {
    expect(subjects(oneBroker({ Ref: 'Pw' }, { Parameters: { Pw: { Type: 'String' } } }), 'PlaintextUserPassword')).toEqual(['Stack/B']);
    const ssm = oneBroker({ Ref: 'Pw' }, { Parameters: { Pw: { Type: 'AWS::SSM::Parameter::Value<String>', NoEcho: true } } });
    expect(of(ssm, 'PlaintextUserPassword')[0].message).toContain('of type AWS::SSM::Parameter::Value<String>, read in plain text');
  });

  test('Noncompliance 8: users inside Fn::If are checked in every branch, and the finding names the case', () => {
    const r = judge({
      Parameters: { Env: { Type: 'String' } },
      Conditions: { Prod: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        B: brokerJson('b', {
          Users: { 'Fn::If': ['Prod', [{ Username: 'app', Password: '{{resolve:secretsmanager:app}}' }], [{ Username: 'app', Password: SENTINEL }]] },
          Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 },
        }),
        Peer: brokerJson('peer'),
        Cfg: configTo(['Peer']),
        Logs: LOGS_POLICY,
      },
    });
    noLeak(r);
    expect(subjects(r, 'PlaintextUserPassword')).toEqual(['Stack/B']);
    expect(of(r, 'PlaintextUserPassword')[0].when).toEqual(['parameter Env is none of the values the template compares it with']);
    const entry = oneBroker('{{resolve:secretsmanager:app}}');
    expect(subjects(entry, 'PlaintextUserPassword')).toEqual([]);
  });

  test.each([
    ['Secrets Manager by name', '{{resolve:secretsmanager:app:SecretString:password}}'],
    ['Secrets Manager by ARN with trailing ::', '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:1:secret:app-AbC123:SecretString:password::}}'],
    ['SSM SecureString', '{{resolve:ssm-secure:/mq/app:2}}'],
    ['a Secret of the template', { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Peer' }, ':SecretString:password::}}']] }],
  ])('Compliance: %s', (_name, password) => {
    expect(subjects(oneBroker(password), 'PlaintextUserPassword')).toEqual([]);
  });

  test('Compliance: a NoEcho String parameter without a Default', () => {
    expect(subjects(oneBroker({ Ref: 'Pw' }, { Parameters: { Pw: { Type: 'String', NoEcho: 'true' } } }), 'PlaintextUserPassword')).toEqual([]);
  });
});

describe('ConnectorPassword: a password anywhere in a connector', () => {
  function withConnector(connector: string, vars: object = {}): ReturnType<typeof judge> {
    const cfg: any = configJson(connector);
    cfg.Properties.Data = { 'Fn::Base64': { 'Fn::Sub': [cfg.Properties.Data['Fn::Base64']['Fn::Sub'], { P: { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }, ...vars }] } };
    const r = judge({ Resources: { B: brokerJson('b', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }), Peer: brokerJson('peer'), Cfg: cfg, Logs: LOGS_POLICY } });
    noLeak(r);
    return r;
  }

  test.each([
    ['1: a password attribute', `<networkConnector name="c" userName="bridge" password="${SENTINEL}" uri="static:(\${P})"/>`, 'attribute password'],
    ['2: Password= in another letter case', `<networkConnector name="c" userName="bridge" Password="${SENTINEL}" uri="static:(\${P})"/>`, 'attribute Password'],
    ['3: a prefixed password attribute', `<networkConnector xmlns:x="urn:x" name="c" userName="bridge" x:PASSWORD="${SENTINEL}" uri="static:(\${P})"/>`, 'attribute x:PASSWORD'],
    ['4: a password element', `<networkConnector name="c" userName="bridge" uri="static:(\${P})"><password>${SENTINEL}</password></networkConnector>`, 'element <password>'],
    ['5: userinfo in the uri', `<networkConnector name="c" userName="bridge" uri="static:(ssl://bridge:${SENTINEL}@b-1.mq.us-east-1.amazonaws.com:61617,\${P})"/>`,
      'password in the uri userinfo'],
    ['6: password= in the uri', `<networkConnector name="c" userName="bridge" uri="static:(\${P})?Password=${SENTINEL}"/>`, 'password= in the uri'],
  ])('Noncompliance %s', (_name, connector, where) => {
    const r = withConnector(connector);
    expect(subjects(r, 'ConnectorPassword')).toEqual(['Stack/B']);
    expect(of(r, 'ConnectorPassword')[0].message).toContain(`connector 'c' (#1) of Stack/Cfg: ${where}`);
  });

  test('Compliance: only userName', () => {
    expect(subjects(withConnector('<networkConnector name="c" userName="bridge" uri="static:(${P})"/>'), 'ConnectorPassword')).toEqual([]);
  });
});

describe('InterBrokerUserMismatch: equal means equal', () => {
  function pair(bUsers: unknown, peerUsers: unknown, extra: object = {}, connectorUser = 'bridge'): ReturnType<typeof judge> {
    const cfg: any = configTo(['Peer'], `name="c" userName="${connectorUser}" duplex="true"`);
    const r = judge({
      ...extra,
      Resources: {
        B: brokerJson('b', { Users: bUsers, Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
        Peer: brokerJson('peer', { Users: peerUsers }),
        Cfg: cfg,
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'mesh/bridge' } },
        Logs: LOGS_POLICY,
      },
    });
    noLeak(r);
    return r;
  }
  const user = (password: unknown, username: unknown = 'bridge') => [{ Username: username, Password: password }];

  test.each([
    ['the same secret by name and by ARN, with and without trailing ::', '{{resolve:secretsmanager:mesh/bridge:SecretString:password}}',
      '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:mesh/bridge-Ab12Cd:SecretString:password::}}'],
    ['a Secret of the template (CDK\'s Fn::Join form) and its literal Name', { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']] },
      '{{resolve:secretsmanager:mesh/bridge:SecretString:password}}'],
    ['the same Secret written as Fn::Sub and as Fn::Join', { 'Fn::Sub': '{{resolve:secretsmanager:${Secret}:SecretString:password}}' },
      { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']] }],
  ])('Compliance: %s', (_name, a, b) => {
    expect(subjects(pair(user(a), user(b)), 'InterBrokerUserMismatch')).toEqual([]);
  });

  test('Compliance: the username from a parameter (and from a secret field) on both ends', () => {
    const param = { Parameters: { BridgeUser: { Type: 'String' } } };
    const r = pair(user('{{resolve:secretsmanager:x}}', { Ref: 'BridgeUser' }), user('{{resolve:secretsmanager:x}}', { Ref: 'BridgeUser' }), param, '${BridgeUser}');
    expect(subjects(r, 'InterBrokerUserMismatch')).toEqual([]);
    const field = '{{resolve:secretsmanager:mesh/bridge:SecretString:username}}';
    const f = pair(user('{{resolve:secretsmanager:x}}', field), user('{{resolve:secretsmanager:x}}', field), {}, field);
    expect(subjects(f, 'InterBrokerUserMismatch')).toEqual([]);
  });

  test('Noncompliance 1: different secrets, different parameters; the message never shows a password or a placeholder', () => {
    const r = pair(user(SENTINEL), user('{{resolve:secretsmanager:other}}'));
    expect(of(r, 'InterBrokerUserMismatch')[0].message).toContain("the password of user 'bridge' differs between this broker and Stack/Peer");
    const params = { Parameters: { U1: { Type: 'String' }, U2: { Type: 'String' } } };
    const u = pair(user('{{resolve:secretsmanager:x}}', { Ref: 'U1' }), user('{{resolve:secretsmanager:x}}', { Ref: 'U2' }), params, '${U1}');
    expect(of(u, 'InterBrokerUserMismatch')[0].message).toContain("uses userName '${parameter U1}', which is not a user of Stack/Peer");
  });
});

describe('Unverifiable: an EngineType known only at deploy time gets every rule plus the fail-closed finding', () => {
  test('Noncompliance: a public broker with a plaintext password and a parameter engine type', () => {
    const r = judge({
      Parameters: { Engine: { Type: 'String', AllowedValues: ['ACTIVEMQ', 'RABBITMQ'] } },
      Resources: { B: brokerJson('b', { EngineType: { Ref: 'Engine' }, PubliclyAccessible: true, Users: [{ Username: 'a', Password: SENTINEL }] }), Logs: LOGS_POLICY },
    });
    noLeak(r);
    expect(r.findings.filter((f) => f.level === 'Error').map((f) => f.rule).sort())
      .toEqual(['PlaintextUserPassword', 'PublicBroker', 'StandaloneBroker', 'Unverifiable']);
    expect(of(r, 'Unverifiable')[0].message).toContain('its EngineType is parameter Engine, not known as ActiveMQ or RabbitMQ before deployment');
  });
});

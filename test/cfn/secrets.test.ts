import { App, CfnResource, SecretValue, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  Base64Text, canonicalSecretName, Concat, concat, configurationText, evaluateTemplate, ParameterValue, Placeholders, ResourceRef, Text,
  wholeDynamicReference,
} from '../../src/cfn';

const p = new Placeholders();
const id = (t: Text) => wholeDynamicReference(t, p)?.identity;

describe('wholeDynamicReference: what counts as a secret', () => {
  test.each([
    ['{{resolve:secretsmanager:orders:SecretString:password}}', true],
    ['{{resolve:ssm-secure:/mq/password:3}}', true],
    ['{{resolve:ssm:/mq/password}}', false],
  ])('%s is a dynamic reference; secret: %s', (text, secret) => {
    expect(wholeDynamicReference(text, p)?.secret).toBe(secret);
  });

  test.each([
    ['a literal', 'hunter2hunter2'],
    ['a reference followed by a literal', '{{resolve:ssm-secure:/x}}literal'],
    ['a literal followed by a reference', 'pre{{resolve:secretsmanager:x}}'],
    ['two references', '{{resolve:secretsmanager:a}}{{resolve:secretsmanager:b}}'],
    ['an unclosed reference', '{{resolve:secretsmanager:a'],
  ])('%s is not a whole-value dynamic reference', (_name, text) => {
    expect(wholeDynamicReference(text, p)).toBeUndefined();
  });

  test('the same secret by name or ARN, with or without trailing fields, is one identity', () => {
    const forms = [
      '{{resolve:secretsmanager:orders:SecretString:password}}',
      '{{resolve:secretsmanager:orders:SecretString:password::}}',
      '{{resolve:secretsmanager:orders:SecretString:password:AWSCURRENT:}}',
      '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:111111111111:secret:orders-AbC123:SecretString:password::}}',
    ];
    expect(new Set(forms.map(id)).size).toBe(1);
    expect(id('{{resolve:secretsmanager:orders:SecretString:username}}')).not.toBe(id(forms[0]));
    expect(id('{{resolve:secretsmanager:orders:SecretString:password:AWSPREVIOUS}}')).not.toBe(id(forms[0]));
    expect(id('{{resolve:secretsmanager:other:SecretString:password}}')).not.toBe(id(forms[0]));
    expect(id('{{resolve:ssm-secure:/a:1}}')).not.toBe(id('{{resolve:ssm-secure:/a:2}}'));
    expect(id('{{resolve:ssm-secure:/a}}')).not.toBe(id('{{resolve:ssm:/a}}'));
    expect(canonicalSecretName('arn:aws:secretsmanager:us-east-1:1:secret:x-abcdef-Q1w2E3')).toBe('x-abcdef');
  });

  test('a reference whose secret id is a deploy-time value counts by that value', () => {
    const secret = new ResourceRef('T', 'Secret');
    const a = concat(['{{resolve:secretsmanager:', secret, ':SecretString:password::}}']);
    const b = concat(['{{resolve:secretsmanager:', secret, ':SecretString:password}}']);
    expect(wholeDynamicReference(a, p)?.secret).toBe(true);
    expect(id(a)).toBe(id(b));
    expect(wholeDynamicReference(a, p, () => 'orders')?.identity).toBe(id('{{resolve:secretsmanager:orders:SecretString:password}}'));
  });

  test('CDK SecretValue forms evaluate to the same identity as the hand-written reference', () => {
    const stack = new Stack(new App(), 'S');
    const secret = new secretsmanager.Secret(stack, 'Secret');
    const values = {
      byName: SecretValue.secretsManager('orders', { jsonField: 'password' }).unsafeUnwrap(),
      byConstruct: secret.secretValueFromJson('password').unsafeUnwrap(),
    };
    new CfnResource(stack, 'R', { type: 'X', properties: values });
    const [t] = evaluateTemplate({ id: 'S', body: Template.fromStack(stack).toJSON() });
    const props = t.properties('R');
    expect(id(props.byName as Text)).toBe(id('{{resolve:secretsmanager:orders:SecretString:password}}'));
    const ref = wholeDynamicReference(props.byConstruct as Text, p);
    expect(ref?.secret).toBe(true);
    expect(ref?.identity).toMatch(/^secretsmanager:<ref:S\/Secret[0-9A-F]{8}>:SecretString:password:AWSCURRENT:$/);
  });
});

describe('Placeholders', () => {
  test('render and restore a text; a forged placeholder in a literal is not a deploy-time value', () => {
    const ph = new Placeholders();
    const t = concat(['static:(', new ResourceRef('T', 'Peer'), ')']);
    const s = ph.render(t);
    expect(s).toMatch(/^static:\(CFNVAL[0-9a-f]{16}N0E\)$/);
    expect(ph.symbolsIn(s)).toEqual([new ResourceRef('T', 'Peer')]);
    expect(ph.restore(s)).toEqual(t);
    const forged = 'static:(CFNVAL0000000000000000N0E)';
    expect(ph.symbolsIn(forged)).toEqual([]);
    expect(new Placeholders().symbolsIn(s)).toEqual([]);
  });
});

describe('configurationText', () => {
  const ph = new Placeholders();
  test('decodes a base64 literal and renders Fn::Base64 with placeholders', () => {
    expect(configurationText(Buffer.from('<broker/>').toString('base64'), ph)).toBe('<broker/>');
    const text = configurationText(new Base64Text(concat(['<b u="', new ResourceRef('T', 'Peer'), '"/>']) as Concat), ph);
    expect(ph.symbolsIn(text)).toEqual([new ResourceRef('T', 'Peer')]);
  });
  test.each([
    ['no Data', undefined, /no Data/],
    ['a literal that is not base64', '<broker/>', /not base64/],
    ['a parameter', new ParameterValue('T', { name: 'Xml', type: 'String', noEcho: false }), /parameter Xml, which is known only at deploy time/],
    ['Fn::Base64 of a parameter alone', new Base64Text(new Concat([new ParameterValue('T', { name: 'Xml', type: 'String', noEcho: false })])), /the XML is the value of parameter Xml/],
    ['a list', ['a'], /not a string/],
  ])('refuses %s, saying why', (_name, value, message) => {
    expect(() => configurationText(value as any, ph)).toThrow(message);
  });
});

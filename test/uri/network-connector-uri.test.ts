import { CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { NetworkConnectorUri } from '../../src/uri';

const A1 = 'ssl://b-1111-1.mq.us-east-1.amazonaws.com:61617';
const A2 = 'ssl://b-1111-2.mq.us-east-1.amazonaws.com:61617';

describe('NetworkConnectorUri.forBroker', () => {
  test('one endpoint (single-instance broker) gives static:(ep)', () => {
    expect(NetworkConnectorUri.forBroker([A1])).toBe(`static:(${A1})`);
  });

  test('two endpoints (active/standby broker) give masterslave:(a,b)', () => {
    expect(NetworkConnectorUri.forBroker([A1, A2])).toBe(`masterslave:(${A1},${A2})`);
  });

  test('an encoded list token gives the expanded masterslave form, which works for one or two endpoints', () => {
    const stack = new Stack();
    const broker = new CfnResource(stack, 'Broker', { type: 'AWS::AmazonMQ::Broker' });
    const uri = NetworkConnectorUri.forBroker(Token.asList(broker.getAtt('OpenWireEndpoints')));
    expect(stack.resolve(uri)).toEqual({
      'Fn::Join': ['', [
        'static:(failover:(',
        { 'Fn::Join': [',', { 'Fn::GetAtt': ['Broker', 'OpenWireEndpoints'] }] },
        ')?randomize=false&maxReconnectAttempts=0)',
      ]],
    });
  });

  test('string tokens pass through unvalidated', () => {
    const stack = new Stack();
    const ep = Lazy.string({ produce: () => 'tcp://127.0.0.1:61616' });
    expect(stack.resolve(NetworkConnectorUri.forBroker([ep]))).toBe('static:(tcp://127.0.0.1:61616)');
  });

  test('fails if there are no endpoints', () => {
    expect(() => NetworkConnectorUri.forBroker([])).toThrow(/endpoints must contain at least one endpoint, got an empty list/);
  });

  test('fails if there are more than two endpoints', () => {
    expect(() => NetworkConnectorUri.forBroker([A1, A2, A1])).toThrow(
      /endpoints must hold one endpoint \(single-instance broker\) or two \(active\/standby broker\), got 3: .*add one connector per target broker/);
  });

  test('fails if an endpoint carries a query', () => {
    expect(() => NetworkConnectorUri.forBroker([`${A1}?x=1`])).toThrow(/endpoints\[0\] must not contain/);
  });
});

describe('NetworkConnectorUri.parseTargets', () => {
  test.each([
    ['static', `static:(${A1})`, [A1]],
    ['static with query', `static:(${A1},${A2})?initialReconnectDelay=100`, [A1, A2]],
    ['masterslave', `masterslave:(${A1},${A2})`, [A1, A2]],
    ['nested failover (AWS active/standby form)', `static:(failover:(${A1},${A2})?randomize=false&maxReconnectAttempts=0)`, [A1, A2]],
    ['static:// form', `static://(${A1})`, [A1]],
    ['without parentheses', `static:${A1}?x=1`, [A1]],
    ['fanout', `fanout:(static:(${A1}),${A2})`, [A1, A2]],
    ['a plain transport with its own query', `${A1}?wireFormat.maxInactivityDuration=0`, [A1]],
    ['token placeholders', 'static:(failover:(${Token[TOKEN.42]})?randomize=false&maxReconnectAttempts=0)', ['${Token[TOKEN.42]}']],
    ['an endpoint with its own query inside a list', `static:(${A1}?trace=false, ${A2})`, [A1, A2]],
    ['empty list entries', `static:(${A1},,)`, [A1]],
    ['empty text', '  ', []],
    ['only a query', '?x=1', []],
    ['without parentheses or query', `masterslave:${A1},${A2}`, [A1, A2]],
  ])('reads %s', (_name, uri, expected) => {
    expect(NetworkConnectorUri.parseTargets(uri as string)).toEqual(expected);
  });

  test('round-trips forBroker', () => {
    expect(NetworkConnectorUri.parseTargets(NetworkConnectorUri.forBroker([A1]))).toEqual([A1]);
    expect(NetworkConnectorUri.parseTargets(NetworkConnectorUri.forBroker([A1, A2]))).toEqual([A1, A2]);
  });

  test('fails on an unclosed parenthesis', () => {
    expect(() => NetworkConnectorUri.parseTargets(`static:(failover:(${A1})`)).toThrow(
      /uri has an unclosed '\(' in 'static:\(failover:.*close the list that follows 'static:' with '\)'/);
  });

  test('fails on a stray parenthesis', () => {
    expect(() => NetworkConnectorUri.parseTargets(`${A1})`)).toThrow(/uri has unbalanced parentheses in/);
  });
});

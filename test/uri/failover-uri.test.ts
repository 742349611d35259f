import { CfnResource, Duration, Lazy, Stack, Token } from 'aws-cdk-lib';
import { ClientProtocol, FailoverOptions, FailoverUri } from '../../src/uri';

const A = 'ssl://b-1111-1.mq.us-east-1.amazonaws.com:61617';
const B = 'ssl://b-2222-1.mq.us-east-1.amazonaws.com:61617';
// Amazon MQ's AmqpEndpoints, and what Qpid JMS reads (amqps://).
const QA = 'amqp+ssl://b-1111-1.mq.us-east-1.amazonaws.com:5671';
const QB = 'amqp+ssl://b-2222-1.mq.us-east-1.amazonaws.com:5671';
const SA = 'amqps://b-1111-1.mq.us-east-1.amazonaws.com:5671';
const SB = 'amqps://b-2222-1.mq.us-east-1.amazonaws.com:5671';

function brokerStack(count: number): { stack: Stack; lists: string[][] } {
  const stack = new Stack();
  const lists = Array.from({ length: count }, (_, i) => {
    const broker = new CfnResource(stack, `Broker${i}`, { type: 'AWS::AmazonMQ::Broker' });
    return Token.asList(broker.getAtt('OpenWireEndpoints'));
  });
  return { stack, lists };
}

describe('ClientProtocol', () => {
  test('lists the five Amazon MQ client protocols', () => {
    expect(Object.values(ClientProtocol)).toEqual(['OPENWIRE', 'AMQP', 'STOMP', 'MQTT', 'WSS']);
  });
});

describe('FailoverUri.openWire', () => {
  test('created with library defaults', () => {
    expect(FailoverUri.openWire([A, B])).toBe(
      `failover:(${A},${B})?randomize=true&initialReconnectDelay=10&maxReconnectDelay=5000&useExponentialBackOff=true`);
  });

  test('writes every option once, in a stable order, durations in ms', () => {
    const uri = FailoverUri.openWire([B, A], {
      extraOptions: { warnAfterReconnectAttempts: '3', backup: 'true' },
      timeout: Duration.seconds(3),
      startupMaxReconnectAttempts: 5,
      maxReconnectAttempts: 0,
      backOffMultiplier: 1.5,
      useExponentialBackOff: false,
      maxReconnectDelay: Duration.minutes(1),
      initialReconnectDelay: Duration.millis(250),
      randomize: false,
    });
    expect(uri).toBe(`failover:(${B},${A})?randomize=false&initialReconnectDelay=250&maxReconnectDelay=60000`
      + '&useExponentialBackOff=false&reconnectDelayExponent=1.5&maxReconnectAttempts=0&startupMaxReconnectAttempts=5'
      + '&timeout=3000&backup=true&warnAfterReconnectAttempts=3');
    expect(uri.split('?')).toHaveLength(2);
  });

  test('options are merged over LIBRARY_DEFAULTS; undefined keeps the default', () => {
    const uri = FailoverUri.openWire([A], { randomize: false, maxReconnectDelay: undefined });
    expect(FailoverUri.parse(uri).options).toEqual({
      randomize: 'false', initialReconnectDelay: '10', maxReconnectDelay: '5000', useExponentialBackOff: 'true',
    });
  });

  test('ACTIVEMQ_DEFAULTS renders ActiveMQ\'s own behaviour', () => {
    expect(FailoverUri.parse(FailoverUri.openWire([A], FailoverUri.ACTIVEMQ_DEFAULTS)).options).toEqual({
      randomize: 'true',
      initialReconnectDelay: '10',
      maxReconnectDelay: '30000',
      useExponentialBackOff: 'true',
      reconnectDelayExponent: '2',
      maxReconnectAttempts: '-1',
      startupMaxReconnectAttempts: '-1',
    });
  });

  test('the defaults are frozen', () => {
    expect(Object.isFrozen(FailoverUri.LIBRARY_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(FailoverUri.ACTIVEMQ_DEFAULTS)).toBe(true);
  });
});

describe('FailoverUri.amqp', () => {
  test('maps every option to its Qpid JMS failover.* key', () => {
    const uri = FailoverUri.amqp([QA, QB], {
      randomize: false,
      initialReconnectDelay: Duration.millis(50),
      maxReconnectDelay: Duration.seconds(2),
      useExponentialBackOff: true,
      backOffMultiplier: 3,
      maxReconnectAttempts: 10,
      startupMaxReconnectAttempts: 2,
      extraOptions: { 'failover.warnAfterReconnectAttempts': '5', 'jms.prefetchPolicy.all': '10' },
    });
    expect(uri).toBe(`failover:(${SA},${SB})?failover.randomize=false&failover.reconnectDelay=50`
      + '&failover.maxReconnectDelay=2000&failover.useReconnectBackOff=true&failover.reconnectBackOffMultiplier=3'
      + '&failover.maxReconnectAttempts=10&failover.startupMaxReconnectAttempts=2'
      + '&failover.warnAfterReconnectAttempts=5&jms.prefetchPolicy.all=10');
  });

  test('created with library defaults', () => {
    expect(FailoverUri.amqp([QA])).toBe(`failover:(${SA})?failover.randomize=true&failover.reconnectDelay=10`
      + '&failover.maxReconnectDelay=5000&failover.useReconnectBackOff=true');
  });

  test('fails if timeout is given (OpenWire only)', () => {
    expect(() => FailoverUri.amqp([QA], { timeout: Duration.seconds(5) })).toThrow(
      /timeout is only supported for OpenWire failover URIs, got 5 seconds for an AMQP URI: .*remove timeout/);
  });

  test('fails if extraOptions repeats a typed option under its AMQP key', () => {
    expect(() => FailoverUri.amqp([QA], { extraOptions: { 'failover.reconnectDelay': '5' } })).toThrow(
      /extraOptions key 'failover.reconnectDelay' is written by the typed option initialReconnectDelay: set initialReconnectDelay/);
  });
});

describe('FailoverUri.endpointList', () => {
  test('joins endpoints with commas', () => {
    expect(FailoverUri.endpointList(['stomp+ssl://a:61614', 'stomp+ssl://b:61614'])).toBe('stomp+ssl://a:61614,stomp+ssl://b:61614');
  });

  test('fails if the list is empty', () => {
    expect(() => FailoverUri.endpointList([])).toThrow(/endpoints must contain at least one endpoint, got an empty list/);
  });
});

describe('tokens pass through', () => {
  test('encoded list tokens of several brokers are joined with Fn::Join around the GetAtt', () => {
    const { stack, lists } = brokerStack(2);
    const uri = FailoverUri.openWire([...lists[0], ...lists[1]]);
    expect(Token.isUnresolved(uri)).toBe(true);
    expect(stack.resolve(uri)).toEqual({
      'Fn::Join': ['', [
        'failover:(',
        { 'Fn::Join': [',', { 'Fn::GetAtt': ['Broker0', 'OpenWireEndpoints'] }] },
        ',',
        { 'Fn::Join': [',', { 'Fn::GetAtt': ['Broker1', 'OpenWireEndpoints'] }] },
        ')?randomize=true&initialReconnectDelay=10&maxReconnectDelay=5000&useExponentialBackOff=true',
      ]],
    });
  });

  test('parse of a tokenized URI keeps each broker\'s joined list as one token endpoint', () => {
    const { lists } = brokerStack(2);
    const parsed = FailoverUri.parse(FailoverUri.openWire([...lists[0], ...lists[1]], { randomize: false }));
    expect(parsed.endpoints).toHaveLength(2);
    expect(parsed.endpoints.every(e => Token.isUnresolved(e))).toBe(true);
    expect(parsed.options.randomize).toBe('false');
  });

  test('a single encoded list token (the whole array) is joined', () => {
    const { stack, lists } = brokerStack(1);
    expect(stack.resolve(FailoverUri.endpointList(lists[0]))).toEqual(
      { 'Fn::Join': [',', { 'Fn::GetAtt': ['Broker0', 'OpenWireEndpoints'] }] });
  });

  test('string tokens are kept inside the endpoint list and skip validation', () => {
    const { stack } = brokerStack(0);
    const host = Lazy.string({ produce: () => 'ssl://resolved:61617' });
    expect(stack.resolve(FailoverUri.openWire([host, `${host}`], { randomize: false }))).toMatch(
      /^failover:\(ssl:\/\/resolved:61617,ssl:\/\/resolved:61617\)\?randomize=false/);
  });

  test('number tokens and Duration.millis(token) are written as tokens and not validated', () => {
    const { stack } = brokerStack(0);
    const attempts = Lazy.number({ produce: () => -7 });
    const delay = Lazy.number({ produce: () => 42 });
    const uri = FailoverUri.openWire([A], {
      maxReconnectAttempts: attempts,
      initialReconnectDelay: Duration.millis(delay),
      backOffMultiplier: Lazy.number({ produce: () => 0.5 }),
      extraOptions: { backup: Lazy.string({ produce: () => 'a b' }) },
    });
    expect(stack.resolve(uri)).toBe(`failover:(${A})?randomize=true&initialReconnectDelay=42&maxReconnectDelay=5000`
      + '&useExponentialBackOff=true&reconnectDelayExponent=0.5&maxReconnectAttempts=-7&backup=a b');
  });

  test('fails if a token duration is not in milliseconds', () => {
    const delay = Lazy.number({ produce: () => 1 });
    expect(() => FailoverUri.openWire([A], { maxReconnectDelay: Duration.seconds(delay) })).toThrow(
      /maxReconnectDelay comes from a token that is not in milliseconds .*build it with Duration.millis\(token\)/);
  });
});

describe('validation', () => {
  const cases: Array<[string, FailoverOptions, RegExp]> = [
    ['initialReconnectDelay is zero', { initialReconnectDelay: Duration.millis(0) },
      /initialReconnectDelay must be a whole number of milliseconds, at least 1 ms, got 0 ms: use e.g. Duration.millis\(1\)/],
    ['initialReconnectDelay is a fraction of a ms', { initialReconnectDelay: Duration.seconds(0.0005) },
      /initialReconnectDelay must be a whole number of milliseconds, at least 1 ms, got 0.5 ms/],
    ['timeout is zero', { timeout: Duration.millis(0) }, /timeout must be a whole number of milliseconds, at least 1 ms, got 0 ms/],
    ['initialReconnectDelay exceeds maxReconnectDelay', { initialReconnectDelay: Duration.seconds(10) },
      /initialReconnectDelay \(10000 ms\) must not exceed maxReconnectDelay \(5000 ms\): raise maxReconnectDelay to at least 10000 ms/],
    ['backOffMultiplier is below 1', { backOffMultiplier: 0.5 },
      /backOffMultiplier must be a number of at least 1, got 0.5: .*use 2/],
    ['backOffMultiplier is not finite', { backOffMultiplier: Number.POSITIVE_INFINITY },
      /backOffMultiplier must be a number of at least 1, got Infinity/],
    ['maxReconnectAttempts is below -1', { maxReconnectAttempts: -2 },
      /maxReconnectAttempts must be a whole number of at least -1, got -2: use -1 to retry forever/],
    ['startupMaxReconnectAttempts is a fraction', { startupMaxReconnectAttempts: 1.5 },
      /startupMaxReconnectAttempts must be a whole number of at least -1, got 1.5/],
    ['an extraOptions key has a bad character', { extraOptions: { 'a=b': '1' } },
      /extraOptions key 'a=b' is not a valid option name/],
    ['an extraOptions value has an ampersand', { extraOptions: { backup: 'true&x=1' } },
      /extraOptions\['backup'\] must not contain '&', '\?', '#' or whitespace, got 'true&x=1'/],
    ['an extraOptions key repeats a typed option', { extraOptions: { reconnectDelayExponent: '3' } },
      /extraOptions key 'reconnectDelayExponent' is written by the typed option backOffMultiplier: set backOffMultiplier instead/],
  ];
  test.each(cases)('fails if %s', (_name, options, message) => {
    expect(() => FailoverUri.openWire([A], options)).toThrow(message);
  });

  test.each([
    ['a comma', 'ssl://a:1,ssl://b:2', /endpoints\[1\] must not contain ',', '\(', '\)', '\?' or whitespace, got 'ssl:\/\/a:1,ssl:\/\/b:2'/],
    ['a parenthesis', 'static:(ssl://a:1)', /endpoints\[1\] must not contain/],
    ['a query', 'ssl://a:1?x=1', /endpoints\[1\] must not contain/],
    ['no scheme', 'b-1.mq.amazonaws.com:61617', /endpoints\[1\] must be a transport URI of the form scheme:\/\/host:port, got 'b-1.mq.amazonaws.com:61617': add the scheme/],
    ['nothing', '', /endpoints\[1\] must be a transport URI/],
  ])('fails if an endpoint has %s', (_name, endpoint, message) => {
    expect(() => FailoverUri.openWire([A, endpoint])).toThrow(message);
    expect(() => FailoverUri.amqp([QA, endpoint])).toThrow(message);
  });

  test('fails if the endpoint list is empty', () => {
    expect(() => FailoverUri.openWire([])).toThrow(
      /endpoints must contain at least one endpoint, got an empty list: pass the broker endpoints/);
  });
});

describe('FailoverUri.parse', () => {
  test.each<[string, FailoverOptions]>([
    ['defaults', {}],
    ['everything', { ...FailoverUri.ACTIVEMQ_DEFAULTS, timeout: Duration.seconds(1), extraOptions: { backup: 'true' } }],
  ])('round-trips openWire with %s', (_name, options) => {
    const uri = FailoverUri.openWire([A, B], options);
    const parsed = FailoverUri.parse(uri);
    expect(parsed.endpoints).toEqual([A, B]);
    const rebuilt = `failover:(${parsed.endpoints.join(',')})?${Object.entries(parsed.options).map(([k, v]) => `${k}=${v}`).join('&')}`;
    expect(rebuilt).toBe(uri);
  });

  test('round-trips amqp', () => {
    const parsed = FailoverUri.parse(FailoverUri.amqp([QA, QB], { maxReconnectAttempts: 3 }));
    expect(parsed).toEqual({
      endpoints: [SA, SB],
      options: {
        'failover.randomize': 'true',
        'failover.reconnectDelay': '10',
        'failover.maxReconnectDelay': '5000',
        'failover.useReconnectBackOff': 'true',
        'failover.maxReconnectAttempts': '3',
      },
    });
  });

  test('accepts failover:// and the form without parentheses, and no query', () => {
    expect(FailoverUri.parse(`failover://(${A},${B})`)).toEqual({ endpoints: [A, B], options: {} });
    expect(FailoverUri.parse(`FAILOVER:${A},${B}?randomize=false&flag`)).toEqual({ endpoints: [A, B], options: { randomize: 'false', flag: '' } });
    expect(FailoverUri.parse(`failover:${A}`)).toEqual({ endpoints: [A], options: {} });
    expect(FailoverUri.parse(`failover:(${A})?`)).toEqual({ endpoints: [A], options: {} });
    expect(FailoverUri.parse('failover:x:(tcp://a:1),tcp://b:2?randomize=false')).toEqual(
      { endpoints: ['x:(tcp://a:1)', 'tcp://b:2'], options: { randomize: 'false' } });
  });

  test('keeps token placeholders and nested parentheses inside an endpoint', () => {
    expect(FailoverUri.parse('failover:(${Token[TOKEN.12]}, nested:(tcp://x:1,tcp://y:2))?randomize=true&&').endpoints)
      .toEqual(['${Token[TOKEN.12]}', 'nested:(tcp://x:1,tcp://y:2)']);
  });

  test.each([
    ['not a failover URI', `static:(${A})`, /uri must start with 'failover:', got 'static:/],
    ['an unclosed parenthesis', `failover:(${A}`, /uri has an unclosed '\(' in/],
    ['text after the list', `failover:(${A})x=1`, /uri has unexpected text 'x=1' after the endpoint list/],
    ['no endpoints', 'failover:()?randomize=true', /uri has no endpoints in 'failover:\(\)\?randomize=true'/],
    ['a second query string', `failover:(${A})?randomize=true?timeout=1`, /uri has a second '\?' in .*write the query string once/],
    ['a duplicate option', `failover:(${A})?randomize=true&randomize=false`, /uri sets option 'randomize' twice/],
    ['a duplicate option named like an Object member', `failover:(${A})?constructor=1&constructor=2`, /uri sets option 'constructor' twice/],
  ])('fails on %s', (_name, uri, message) => {
    expect(() => FailoverUri.parse(uri)).toThrow(message);
  });

  test('an option named like an Object member is parsed as an ordinary option', () => {
    expect(FailoverUri.parse(`failover:(${A})?constructor=1`).options).toEqual({ constructor: '1' });
  });
});

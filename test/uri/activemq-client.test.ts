/**
 * The URIs this library writes, read by the real ActiveMQ client classes (Debian's activemq-client 5.17.2):
 * FailoverTransportFactory for client failover URIs (it rejects unknown options) and DiscoveryAgentFactory for
 * network connector URIs (what a <networkConnector uri="..."> is handed to). Needs `java` and the Debian
 * `activemq` package: whether it runs is decided by test/helpers/activemq.ts (skipped with a visible line on a
 * machine without them, a failure in CI unless ACTIVEMQ_E2E=skip).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import { activeMqInstallation } from '../../src/drill/prerequisites';
import { FailoverUri, NetworkConnectorUri } from '../../src/uri';
import { activeMqForTests, describeWithActiveMq } from '../helpers/activemq';

const JARS = activeMqInstallation(activeMqForTests().home).clientClasspath;

type Check = { ok: true; values: Record<string, string> } | { ok: false; error: string };

/** Runs UriCheck.java once for a batch of [kind, uri] pairs. */
function activemq(...checks: Array<['failover' | 'connector', string]>): Check[] {
  const out = execFileSync('java', ['-cp', JARS.join(':'), path.join(__dirname, 'java', 'UriCheck.java'), ...checks.flat()],
    { encoding: 'utf8', timeout: 120_000 });
  return out.trim().split('\n').map(line => line.startsWith('OK ')
    ? { ok: true, values: Object.fromEntries(line.slice(3).split('|').map(kv => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) }
    : { ok: false, error: line });
}

/** What CloudFormation would make of a resolved value, with each GetAtt list standing for `lists[logicalId]`. */
function cfnValue(value: any, lists: Record<string, string[]>): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) {
    const [sep, parts] = value['Fn::Join'];
    // Fn::Join over a list attribute: [',', { 'Fn::GetAtt': [id, attr] }]
    return Array.isArray(parts) ? parts.map((p: any) => cfnValue(p, lists)).join(sep) : lists[parts['Fn::GetAtt'][0]].join(sep);
  }
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

const A = 'ssl://b-1111-1.mq.us-east-1.amazonaws.com:61617';
const B = 'ssl://b-2222-1.mq.us-east-1.amazonaws.com:61617';

describeWithActiveMq('ActiveMQ client accepts the URIs', () => {
  let results: Check[];
  let expandedFailover: string;
  beforeAll(() => {
    const stack = new Stack();
    const broker = new CfnResource(stack, 'Broker', { type: 'AWS::AmazonMQ::Broker' });
    const tokenUri = NetworkConnectorUri.forBroker(Token.asList(broker.getAtt('OpenWireEndpoints')));
    const deployed = cfnValue(stack.resolve(tokenUri), { Broker: [A, B] });
    // static:(failover:(a,b)?randomize=false&maxReconnectAttempts=0) -> the inner failover URI
    expandedFailover = deployed.slice('static:('.length, -1);
    results = activemq(
      ['failover', FailoverUri.openWire([A, B], {
        randomize: false,
        initialReconnectDelay: Duration.millis(250),
        maxReconnectDelay: Duration.seconds(7),
        useExponentialBackOff: false,
        backOffMultiplier: 1.5,
        maxReconnectAttempts: 12,
        startupMaxReconnectAttempts: 3,
        timeout: Duration.seconds(4),
        extraOptions: { backup: 'true', warnAfterReconnectAttempts: '2' },
      })],
      ['failover', FailoverUri.openWire([A, B])],
      ['failover', FailoverUri.openWire([A], FailoverUri.ACTIVEMQ_DEFAULTS)],
      ['failover', `failover:(${A})?backOffMultiplier=2`],
      ['connector', NetworkConnectorUri.forBroker([A])],
      ['connector', NetworkConnectorUri.forBroker([A, B])],
      ['connector', deployed],
      ['failover', expandedFailover],
      ['connector', `masterslave:(${A})`],
    );
  });

  test('every typed option of FailoverUri.openWire reaches the failover transport under the right key', () => {
    expect(results[0]).toEqual({
      ok: true,
      values: {
        endpoints: `${A},${B}`,
        randomize: 'false',
        initialReconnectDelay: '250',
        maxReconnectDelay: '7000',
        useExponentialBackOff: 'false',
        reconnectDelayExponent: '1.5',
        maxReconnectAttempts: '12',
        startupMaxReconnectAttempts: '3',
        timeout: '4000',
        backup: 'true',
      },
    });
  });

  test('LIBRARY_DEFAULTS are accepted and set', () => {
    expect(results[1]).toEqual({
      ok: true,
      values: expect.objectContaining({
        endpoints: `${A},${B}`, randomize: 'true', initialReconnectDelay: '10', maxReconnectDelay: '5000', useExponentialBackOff: 'true',
      }),
    });
  });

  test('ACTIVEMQ_DEFAULTS equal the transport\'s own defaults', () => {
    expect(results[2]).toEqual({
      ok: true,
      values: {
        endpoints: A,
        randomize: 'true',
        initialReconnectDelay: '10',
        maxReconnectDelay: '30000',
        useExponentialBackOff: 'true',
        reconnectDelayExponent: '2.0',
        maxReconnectAttempts: '-1',
        startupMaxReconnectAttempts: '-1',
        timeout: '-1',
        backup: 'false',
      },
    });
  });

  test('control: ActiveMQ rejects an option it does not know (why backOffMultiplier is written as reconnectDelayExponent)', () => {
    expect(results[3]).toEqual({ ok: false, error: 'ERROR IllegalArgumentException: Invalid connect parameters: {backOffMultiplier=2}' });
  });

  test('forBroker: static:(ep) and masterslave:(a,b) give the agents and targets parseTargets reads', () => {
    expect(results[4]).toEqual({ ok: true, values: { agent: 'SimpleDiscoveryAgent', services: A } });
    expect(results[5]).toEqual({ ok: true, values: { agent: 'MasterSlaveDiscoveryAgent', services: `${A} ${B}` } });
    expect(NetworkConnectorUri.parseTargets(NetworkConnectorUri.forBroker([A, B]))).toEqual([A, B]);
  });

  test('forBroker with a list token, as deployed: a static agent over a failover transport ActiveMQ accepts', () => {
    expect(expandedFailover).toBe(`failover:(${A},${B})?randomize=false&maxReconnectAttempts=0`);
    expect(results[6]).toEqual({ ok: true, values: { agent: 'SimpleDiscoveryAgent', services: expandedFailover } });
    expect(results[7]).toEqual({
      ok: true,
      values: expect.objectContaining({
        endpoints: `${A},${B}`, randomize: 'false', maxReconnectAttempts: '0',
      }),
    });
  });

  test('control: masterslave: refuses a single endpoint (why forBroker writes static: for one endpoint or a list token)', () => {
    expect(results[8]).toEqual({ ok: false, error: `ERROR IOException: Could not create discovery agent: masterslave:(${A})` });
  });
});

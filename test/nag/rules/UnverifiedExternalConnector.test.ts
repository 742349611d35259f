import { Fn, Validations } from 'aws-cdk-lib';
import { attach, broker, brokerXml, configuration, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

const REMOTE = '<networkConnector name="remote" userName="bridge" uri="static:(ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617)"/>';

describe('UnverifiedExternalConnector: connectors to brokers outside the app are reported (info)', () => {
  test('Noncompliance 1: an undeclared literal endpoint is reported, and does not make the broker a member', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(REMOTE)));
    const report = validate(stack);
    expect(pathsFor(report, 'UnverifiedExternalConnector')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'UnverifiedExternalConnector')[0]).toContain(
      "its connectors point at 'ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617 (not declared)'");
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toContain(
      'ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617: not a broker of the templates judged nor a declared external peer');
  });

  test('Noncompliance 2: a declared external peer counts for membership and is still reported (info), with its reason', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(REMOTE)));
    const report = validate(stack, { externalPeers: [{ endpoint: 'b-*-1.mq.us-east-1.amazonaws.com', reason: 'DR mesh, app orders-dr' }] });
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(descriptionsFor(report, 'UnverifiedExternalConnector')[0]).toContain('(declared: DR mesh, app orders-dr)');
    expect(report.success).toBe(true);
  });

  test('Noncompliance 3: an Fn::ImportValue that is not an export of this app', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      `<networkConnector name="x" userName="bridge" uri="static:(failover:(${Fn.importValue('OtherApp-Endpoints')}))"/>`)));
    const report = validate(stack);
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toContain('Fn::ImportValue OtherApp-Endpoints is known only at deploy time and is not a declared external peer');
  });

  test('Compliance: connectors to brokers of this app; an acknowledged external connector', () => {
    const stack = newStack();
    connect(broker(stack, 'Source'), [broker(stack, 'Sink')]);
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(REMOTE)));
    Validations.of(b).acknowledge({ id: 'ActiveMqMesh-UnverifiedExternalConnector', reason: 'checked by hand: the DR broker' });
    const report = validate(stack, { externalPeers: [{ endpoint: 'ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617', reason: 'DR broker' }] });
    expect(pathsFor(report, 'UnverifiedExternalConnector')).toEqual([]);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
  });
});

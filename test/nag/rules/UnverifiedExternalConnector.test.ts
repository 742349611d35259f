import { Fn, Validations } from 'aws-cdk-lib';
import { attach, broker, brokerXml, configuration, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('UnverifiedExternalConnector: connectors to brokers outside the app are reported (info)', () => {
  test('Noncompliance 1: a literal endpoint', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      '<networkConnector name="remote" userName="bridge" uri="static:(ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617)"/>')));
    const report = validate(stack);
    expect(pathsFor(report, 'UnverifiedExternalConnector')).toEqual([b.node.path]);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(descriptionsFor(report, 'UnverifiedExternalConnector')[0]).toContain(
      "connector 'remote' points at 'ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617', outside this app");
    expect(report.success).toBe(true);
  });

  test('Noncompliance 2: an Fn::ImportValue that is not an export of this app', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      `<networkConnector name="x" userName="bridge" uri="static:(failover:(${Fn.importValue('OtherApp-Endpoints')}))"/>`)));
    expect(descriptionsFor(validate(stack), 'UnverifiedExternalConnector')[0]).toContain("Fn::ImportValue 'OtherApp-Endpoints'");
  });

  test('Compliance: connectors to brokers of this app; an acknowledged external connector', () => {
    const stack = newStack();
    connect(broker(stack, 'Source'), [broker(stack, 'Sink')]);
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      '<networkConnector name="remote" userName="bridge" uri="static:(ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617)"/>')));
    Validations.of(b).acknowledge({ id: 'ActiveMqMesh-UnverifiedExternalConnector', reason: 'checked by hand: the DR broker' });
    expect(pathsFor(validate(stack), 'UnverifiedExternalConnector')).toEqual([]);
  });
});

import { Fn } from 'aws-cdk-lib';
import { associate, attach, broker, brokerXml, configuration, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('ConnectorPassword: a networkConnector must not carry a password', () => {
  test('Noncompliance 1: a password attribute on the connector', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink], 'userName="bridge" password="hunter2hunter2" duplex="true"');
    const report = validate(stack);
    expect(pathsFor(report, 'ConnectorPassword')).toEqual([source.node.path]);
    expect(report.success).toBe(false);
    const text = descriptionsFor(report, 'ConnectorPassword')[0];
    expect(text).toContain("connector 'c0' (#1) of Stack/SourceConfig: attribute password");
    expect(text).not.toContain('hunter2');
  });

  test('Noncompliance 2: a password child element', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      '<networkConnector name="x" userName="bridge" uri="static:(ssl://b-1.mq.us-east-1.amazonaws.com:61617)"><password>hunter2hunter2</password></networkConnector>')));
    expect(pathsFor(validate(stack), 'ConnectorPassword')).toEqual([b.node.path]);
  });

  test('Noncompliance 3: an association replaces Configuration: the password of the applied configuration is named', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink], 'userName="bridge" password="hunter2hunter2" duplex="true"');
    associate(stack, 'Assoc', source, configuration(stack, 'Extra', brokerXml(
      `<networkConnector name="extra" userName="bridge" password="hunter2hunter2" uri="static:(${Fn.select(0, sink.attrOpenWireEndpoints)})"/>`)));
    const report = validate(stack);
    expect(pathsFor(report, 'ConnectorPassword')).toEqual([source.node.path]);
    expect(descriptionsFor(report, 'ConnectorPassword')[0]).toContain("connector 'extra' (#1) of Stack/Extra: attribute password");
    expect(descriptionsFor(report, 'ConnectorPassword')[0]).not.toContain('SourceConfig');
  });

  test('Compliance: only userName, and a commented-out password', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink], 'userName="bridge" duplex="true"');
    const b = broker(stack, 'Commented');
    attach(b, configuration(stack, 'Cfg', brokerXml(
      `<!-- <networkConnector name="old" userName="bridge" password="hunter2hunter2" uri="static:(x)"/> -->
      <networkConnector name="new" userName="bridge" uri="static:(failover:(${Fn.select(0, sink.attrOpenWireEndpoints)}))"/>`)));
    const report = validate(stack);
    expect(pathsFor(report, 'ConnectorPassword')).toEqual([]);
    // the configuration was read (its live connector counts), so the commented-out password was really skipped
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
  });
});

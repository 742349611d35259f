import { App, CfnParameter, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import {
  allFindings, associate, attach, broker, brokerXml, configuration, connect, connectorXml, descriptionsFor, newStack, pathsFor, validate,
} from '../helpers';

describe('StandaloneBroker: an ActiveMQ broker must be part of a network of brokers', () => {
  test('Noncompliance 1: a broker without any configuration', () => {
    const stack = newStack();
    const b = broker(stack, 'Lonely');
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
    expect(report.success).toBe(false);
    expect(report.violations.find((v) => v.ruleName.startsWith('ActiveMqMesh-StandaloneBroker['))!.severity).toBe('error');
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toBe(
      'ActiveMqMesh-StandaloneBroker: the broker Stack/Lonely is not part of a network of brokers (it has no configuration; no other '
      + 'broker\'s connector that carries messages points at it); put it in an ActiveMqBrokerMesh, or give it a networkConnector to another '
      + 'ActiveMQ broker of the app or a declared external peer (or have one point at it).');
  });

  test('Noncompliance 2: the only networkConnector is commented out', () => {
    const stack = newStack();
    const target = broker(stack, 'Target');
    const b = broker(stack, 'Commented');
    const xml = connectorXml([target]).replace('<networkConnectors>', '<networkConnectors><!--').replace('</networkConnectors>', '--></networkConnectors>');
    attach(b, configuration(stack, 'Cfg', xml));
    expect(pathsFor(validate(stack), 'StandaloneBroker').sort()).toEqual([b.node.path, target.node.path].sort());
  });

  test('Noncompliance 3: lowercase engine type ActiveMQ, active/standby, no connector', () => {
    const stack = newStack();
    const b = broker(stack, 'Pair', { engineType: 'ActiveMQ', deploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' });
    attach(b, configuration(stack, 'Cfg', brokerXml('')));
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toContain('its configuration Stack/Cfg declares no networkConnector');
  });

  test('Noncompliance 4: base64 literal Data without a connector', () => {
    const stack = newStack();
    const b = broker(stack, 'B64');
    const cfg = configuration(stack, 'Cfg', '');
    cfg.data = Buffer.from(brokerXml('')).toString('base64');
    attach(b, cfg);
    expect(pathsFor(validate(stack), 'StandaloneBroker')).toEqual([b.node.path]);
  });

  test('Noncompliance 5: unresolvable Data fails closed and says why', () => {
    const stack = newStack();
    const b = broker(stack, 'Opaque');
    b.configuration = { id: 'c-1234567890', revision: 1 };
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toContain(
      "it could not be verified: its Configuration points at the literal id 'c-1234567890', a configuration outside the templates judged");
  });

  test('Noncompliance 6: Data that is not base64 fails closed', () => {
    const stack = newStack();
    const b = broker(stack, 'Raw');
    const cfg = configuration(stack, 'Cfg', '');
    cfg.data = brokerXml('');
    attach(b, cfg);
    expect(descriptionsFor(validate(stack), 'StandaloneBroker')[0]).toContain('Data is a literal that is not base64');
  });

  test('Noncompliance 7: configuration id from a custom resource (a revision) fails closed', () => {
    const stack = newStack();
    const b = broker(stack, 'Revised');
    const revisor = new CfnResource(stack, 'Revisor', { type: 'Custom::AWS' });
    b.configuration = { id: revisor.getAtt('Id').toString(), revision: 1 };
    expect(descriptionsFor(validate(stack), 'StandaloneBroker')[0]).toContain(
      'its Configuration points at Stack/Revisor, which is not an AWS::AmazonMQ::Configuration created in this case');
  });

  test('Noncompliance 8: an engine type that is not known at synth time fails closed', () => {
    const stack = newStack();
    const engine = new CfnParameter(stack, 'Engine', { type: 'String' });
    const b = broker(stack, 'Param', { engineType: engine.valueAsString });
    const report = validate(stack);
    expect(descriptionsFor(report, 'Unverifiable')[0]).toContain('its EngineType is parameter Engine, not known as ActiveMQ or RabbitMQ before deployment');
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
  });

  test('Compliance: a source and a sink broker that only receives connectors', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    connect(source, [sink]);
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Compliance: configuration through a ConfigurationAssociation', () => {
    const stack = newStack();
    const a = broker(stack, 'A');
    const b = broker(stack, 'B');
    associate(stack, 'Assoc', b, configuration(stack, 'BCfg', connectorXml([a])));
    expect(pathsFor(validate(stack), 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: configuration and association in another stack than the brokers, after synthesis', () => {
    const app = new App();
    const s1 = new Stack(app, 'S1');
    const s2 = new Stack(app, 'S2');
    const sink = broker(s1, 'Sink');
    const source = broker(s1, 'Source');
    associate(s2, 'Assoc', source, configuration(s2, 'Cfg', connectorXml([sink])));
    app.synth();
    expect(pathsFor(validate(app), 'StandaloneBroker')).toEqual([]);
  });

  test('Compliance: a connector that reaches its target through an explicit export and Fn::ImportValue of this app', () => {
    const app = new App();
    const s1 = new Stack(app, 'S1');
    const s2 = new Stack(app, 'S2');
    const sink = broker(s1, 'Sink');
    s1.exportValue(Fn.join(',', sink.attrOpenWireEndpoints), { name: 'SinkEndpoints' });
    const source = broker(s2, 'Source');
    const xml = brokerXml(`<networkConnector name="x" userName="bridge" uri="static:(failover:(${Fn.importValue('SinkEndpoints')}))"/>`);
    attach(source, configuration(s2, 'Cfg', xml));
    const report = validate(app);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(pathsFor(report, 'UnverifiedExternalConnector')).toEqual([]);
  });

  test('Compliance: acknowledged on the broker with the plain rule ID', () => {
    const stack = newStack();
    const b = broker(stack, 'Lonely');
    Validations.of(b).acknowledge({ id: 'ActiveMqMesh-StandaloneBroker', reason: 'a test broker' });
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('Compliance: RabbitMQ brokers are not applicable', () => {
    const stack = newStack();
    broker(stack, 'Rabbit', { engineType: 'RABBITMQ', publiclyAccessible: true, logs: undefined });
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Compliance: brokers outside the scope tag are skipped but still count as mesh members', () => {
    const stack = newStack();
    const prod = broker(stack, 'Prod', { tags: [{ key: 'environment', value: 'production' }] });
    broker(stack, 'Dev', { tags: [{ key: 'environment', value: 'dev' }] });
    const meshPeer = broker(stack, 'Peer', { tags: [{ key: 'environment', value: 'dev' }] });
    connect(meshPeer, [prod]);
    expect(allFindings(validate(stack, { scopeTagKey: 'environment', scopeTagValue: 'production' }))).toEqual([]);
    expect(pathsFor(validate(stack), 'StandaloneBroker')).toEqual(['Stack/Dev']);
  });
});


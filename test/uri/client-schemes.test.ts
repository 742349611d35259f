/**
 * The client URIs a mesh publishes (outputs, SSM parameters, the `*FailoverUri` / `*Endpoints` getters), evaluated
 * as CloudFormation will evaluate them against endpoints shaped like Amazon MQ's (`amqp+ssl://b-…-1.mq…:5671`), and
 * checked against the schemes each protocol's usual clients accept (sources in src/uri/client-schemes.ts).
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { ClientProtocol, MeshDeploymentMode } from '../../src';
import { CLIENT_SCHEMES, withClientScheme } from '../../src/uri/client-schemes';
import { FailoverUri } from '../../src/uri/failover-uri';
import { brokerId, deployedOutputs, deployedWorld, evaluate } from '../helpers/cfn-eval';
import { meshStack } from '../helpers/mesh-stack';
import { resourcesOfType } from '../helpers/template';

/** Schemes each client reads (see CLIENT_SCHEMES for the sources). */
const ACCEPTED = {
  qpidJms: ['amqp', 'amqps', 'amqpws', 'amqpwss'],
  pahoJava: ['tcp', 'ssl', 'ws', 'wss', 'local'],
  mqttJs: ['mqtt', 'mqtts', 'tcp', 'tls', 'ssl', 'ws', 'wss'],
  rubyStomp: ['stomp', 'stomp+ssl'],
  webSocket: ['ws', 'wss'],
};

function scheme(endpoint: string): string {
  return endpoint.slice(0, endpoint.indexOf('://'));
}

function output(outputs: Record<string, string>, name: string): string {
  const id = Object.keys(outputs).find(k => k.startsWith(`Mesh${name}`));
  expect(id).toBeDefined();
  return outputs[id!];
}

describe('client URIs, evaluated as CloudFormation will', () => {
  test('the AMQP failover URI lists every broker as amqps:// (Qpid JMS has no amqp+ssl scheme)', () => {
    const t = meshStack().template();
    const ids = Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::Broker')).sort();
    const uri = output(deployedOutputs(t), 'AmqpFailoverUri');
    const parsed = FailoverUri.parse(uri);
    expect(parsed.endpoints).toEqual(ids.map(id => `amqps://${brokerId(id)}-1.mq.us-east-1.amazonaws.com:5671`));
    for (const e of parsed.endpoints) expect(ACCEPTED.qpidJms).toContain(scheme(e));
    expect(uri).not.toContain('amqp+ssl');
    expect(parsed.options['failover.randomize']).toBe('true');
  });

  test('active/standby: both instances of every node, each amqps://', () => {
    const t = meshStack({ deploymentMode: MeshDeploymentMode.ACTIVE_STANDBY_MULTI_AZ }).template();
    const endpoints = FailoverUri.parse(output(deployedOutputs(t), 'AmqpFailoverUri')).endpoints;
    expect(endpoints).toHaveLength(6);
    expect(endpoints.filter(e => /-2\.mq\./.test(e))).toHaveLength(3);
    for (const e of endpoints) expect(e).toMatch(/^amqps:\/\/b-[0-9a-f-]+-[12]\.mq\.us-east-1\.amazonaws\.com:5671$/);
  });

  test('MQTT endpoints use ssl://, which Paho (Java) and MQTT.js read; STOMP keeps stomp+ssl://, WSS wss://', () => {
    const outputs = deployedOutputs(meshStack().template());
    const mqtt = output(outputs, 'MqttEndpoints').split(',');
    const stomp = output(outputs, 'StompEndpoints').split(',');
    const wss = output(outputs, 'WssEndpoints').split(',');
    for (const [list, port] of [[mqtt, 8883], [stomp, 61614], [wss, 61619]] as const) {
      expect(list).toHaveLength(3);
      for (const e of list) expect(e).toMatch(new RegExp(`^[a-z+]+://b-[0-9a-f-]+-1\\.mq\\.us-east-1\\.amazonaws\\.com:${port}$`));
    }
    for (const e of mqtt) {
      expect(ACCEPTED.pahoJava).toContain(scheme(e));
      expect(ACCEPTED.mqttJs).toContain(scheme(e));
    }
    for (const e of stomp) expect(ACCEPTED.rubyStomp).toContain(scheme(e));
    for (const e of wss) expect(ACCEPTED.webSocket).toContain(scheme(e));
    // OpenWire is published as Amazon MQ writes it.
    expect(FailoverUri.parse(output(outputs, 'OpenWireFailoverUri')).endpoints.every(e => e.startsWith('ssl://'))).toBe(true);
  });

  test('the SSM parameters and the getters carry the same values as the outputs', () => {
    const { stack, mesh, template } = meshStack({ ssmParameterPrefix: '/orders/mq' });
    const t = template();
    const world = deployedWorld(t);
    const outputs = deployedOutputs(t);
    const parameters = Object.fromEntries(Object.values(resourcesOfType(t, 'AWS::SSM::Parameter'))
      .map(p => [p.Properties.Name, evaluate(p.Properties.Value, world)]));
    expect(parameters['/orders/mq/amqp-failover-uri']).toBe(output(outputs, 'AmqpFailoverUri'));
    expect(parameters['/orders/mq/mqtt-endpoints']).toBe(output(outputs, 'MqttEndpoints'));
    expect(evaluate(stack.resolve(mesh.amqpFailoverUri), world)).toBe(output(outputs, 'AmqpFailoverUri'));
    expect(evaluate(stack.resolve(mesh.failoverUri(ClientProtocol.MQTT)), world)).toBe(output(outputs, 'MqttEndpoints'));
  });

  test('the check can fail: Amazon MQ\'s own AmqpEndpoints are not a scheme Qpid JMS reads', () => {
    const t = meshStack().template();
    const [id] = Object.keys(resourcesOfType(t, 'AWS::AmazonMQ::Broker'));
    const raw = evaluate({ 'Fn::Join': [',', { 'Fn::GetAtt': [id, 'AmqpEndpoints'] }] }, deployedWorld(t));
    expect(ACCEPTED.qpidJms).not.toContain(scheme(raw));
    expect(ACCEPTED.pahoJava).not.toContain('mqtt+ssl');
    expect(ACCEPTED.mqttJs).not.toContain('mqtt+ssl');
  });
});

describe('withClientScheme', () => {
  test('rewrites literal lists and leaves other schemes alone', () => {
    expect(withClientScheme(ClientProtocol.AMQP, 'amqp+ssl://a:5671,amqps://b:5671,amqp://c:5672'))
      .toBe('amqps://a:5671,amqps://b:5671,amqp://c:5672');
    expect(withClientScheme(ClientProtocol.MQTT, 'mqtt+ssl://a:8883')).toBe('ssl://a:8883');
    expect(withClientScheme(ClientProtocol.STOMP, 'stomp+ssl://a:61614')).toBe('stomp+ssl://a:61614');
    expect(withClientScheme(ClientProtocol.OPENWIRE, 'ssl://a:61617')).toBe('ssl://a:61617');
  });

  test('a token list is rewritten by CloudFormation (Fn::Join over Fn::Split)', () => {
    const stack = new Stack();
    const broker = new CfnResource(stack, 'Broker', { type: 'AWS::AmazonMQ::Broker', properties: { DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' } });
    const list = Token.asList(broker.getAtt('MqttEndpoints'));
    const rewritten = stack.resolve(withClientScheme(ClientProtocol.MQTT, FailoverUri.endpointList(list)));
    expect(rewritten['Fn::Join'][0]).toBe('ssl://');
    const world = deployedWorld({ Resources: { Broker: { Type: 'AWS::AmazonMQ::Broker', Properties: { DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ' } } } });
    expect(evaluate(rewritten, world)).toBe(`ssl://${brokerId('Broker')}-1.mq.us-east-1.amazonaws.com:8883,ssl://${brokerId('Broker')}-2.mq.us-east-1.amazonaws.com:8883`);
  });

  test('every protocol has a rule, and only AMQP and MQTT differ from Amazon MQ\'s spelling', () => {
    expect(Object.keys(CLIENT_SCHEMES).sort()).toEqual(Object.values(ClientProtocol).sort());
    expect(Object.entries(CLIENT_SCHEMES).filter(([, s]) => s.amazonMq !== s.client).map(([p]) => p).sort()).toEqual(['AMQP', 'MQTT']);
  });
});

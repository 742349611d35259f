import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import { CfnConfiguration, CfnConfigurationAssociation } from 'aws-cdk-lib/aws-amazonmq';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { BRIDGE_PASSWORD, allFindings, attach, broker, brokerXml, configuration, descriptionsFor, newStack, pathsFor, validate } from './helpers';
import { InterBrokerUserMismatch, StandaloneBroker } from '../../src/nag/rules';

const XML_HEAD = '<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors>'
  + '<networkConnector name="to_sink" userName="bridge" duplex="true" uri="static:(';
const XML_TAIL = ')"/></networkConnectors></broker>';

function brokerJson(name: string, extra: object = {}): object {
  return {
    Type: 'AWS::AmazonMQ::Broker',
    Properties: {
      BrokerName: name,
      EngineType: 'ActiveMQ',
      EngineVersion: '5.19',
      DeploymentMode: 'SINGLE_INSTANCE',
      HostInstanceType: 'mq.m5.large',
      PubliclyAccessible: false,
      AutoMinorVersionUpgrade: true,
      Logs: { Audit: true, General: true },
      EncryptionOptions: { UseAwsOwnedKey: false, KmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1' },
      Users: [{ Username: 'bridge', Password: '{{resolve:secretsmanager:mesh/bridge:SecretString:password::}}' }],
      Tags: [{ Key: 'owner', Value: 'team-a' }],
      ...extra,
    },
  };
}

describe('app index: how configurations and connector targets are resolved', () => {
  test('an included CloudFormation template: Fn::Base64 of Fn::Join with Fn::Select of Fn::GetAtt, and an association by Ref', () => {
    const template = {
      Resources: {
        Sink: brokerJson('sink'),
        Source: brokerJson('source'),
        SourceConfig: {
          Type: 'AWS::AmazonMQ::Configuration',
          Properties: {
            Name: 'source',
            EngineType: 'ACTIVEMQ',
            EngineVersion: '5.19',
            Data: { 'Fn::Base64': { 'Fn::Join': ['', [XML_HEAD, { 'Fn::Select': [0, { 'Fn::GetAtt': ['Sink', 'OpenWireEndpoints'] }] }, XML_TAIL]] } },
          },
        },
        Assoc: {
          Type: 'AWS::AmazonMQ::ConfigurationAssociation',
          Properties: { Broker: { Ref: 'Source' }, Configuration: { Id: { Ref: 'SourceConfig' }, Revision: { 'Fn::GetAtt': ['SourceConfig', 'Revision'] } } },
        },
        Lonely: brokerJson('lonely'),
      },
    };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nag-')), 'template.json');
    fs.writeFileSync(file, JSON.stringify(template));
    const stack = newStack();
    new CfnInclude(stack, 'Included', { templateFile: file });
    expect(allFindings(validate(stack))).toEqual(['ActiveMqMesh-StandaloneBroker Stack/Included/Lonely']);
  });

  test('raw Ref and Fn::GetAtt JSON (escape hatches) are followed by logical id', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    const sinkId = stack.resolve(sink.logicalId);
    const cfg = new CfnConfiguration(stack, 'Cfg', { name: 'c', engineType: 'ACTIVEMQ', data: 'placeholder' });
    cfg.data = { 'Fn::Base64': { 'Fn::Join': ['', [XML_HEAD, { 'Fn::Join': [',', { 'Fn::GetAtt': [sinkId, 'OpenWireEndpoints'] }] }, XML_TAIL]] } } as any;
    new CfnConfigurationAssociation(stack, 'Assoc', { broker: { Ref: stack.resolve(source.logicalId) } as any, configuration: { id: { Ref: stack.resolve(cfg.logicalId) } as any, revision: 1 } });
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Fn::Sub: ${LogicalId.Attribute} is followed, pseudo parameters and literals are outside the app', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink');
    const source = broker(stack, 'Source');
    const cfg = new CfnConfiguration(stack, 'Cfg', { name: 'c', engineType: 'ACTIVEMQ', data: 'placeholder' });
    const sinkId = stack.resolve(sink.logicalId);
    cfg.data = { 'Fn::Base64': { 'Fn::Sub': [`${XML_HEAD}\${${sinkId}.OpenWireEndpoints},\${Other},ssl://b-\${AWS::Region}:1,\${!Literal}${XML_TAIL}`, { Other: 'ssl://x:61617' }] } } as any;
    source.configuration = { id: cfg.ref, revision: 1 };
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(report.violations.map((v) => v.ruleName)).toEqual(['ActiveMqMesh-UnverifiedExternalConnector']);
    expect(report.violations[0].description).toContain("points at 'ssl://x:61617', '${AWS::Region}' and '${Literal}', outside this app");
  });

  test('Data that is not Fn::Base64, and XML that is a parameter value, fail closed', () => {
    const stack = newStack();
    const a = broker(stack, 'A');
    const cfgA = new CfnConfiguration(stack, 'CfgA', { name: 'a', engineType: 'ACTIVEMQ', data: Fn.join('', ['x', stack.region]) });
    a.configuration = { id: cfgA.ref, revision: 1 };
    const b = broker(stack, 'B');
    const p = new CfnParameter(stack, 'Xml', { type: 'String' });
    const cfgB = new CfnConfiguration(stack, 'CfgB', { name: 'b', engineType: 'ACTIVEMQ', data: Fn.base64(p.valueAsString) });
    b.configuration = { id: cfgB.ref, revision: 1 };
    const c = broker(stack, 'C');
    const cfgC = new CfnConfiguration(stack, 'CfgC', { name: 'c', engineType: 'ACTIVEMQ', data: Fn.base64('<broker><unclosed></broker>') });
    c.configuration = { id: cfgC.ref, revision: 1 };
    const texts = descriptionsFor(validate(stack), 'StandaloneBroker');
    expect(texts[0]).toContain('Data is neither Fn::Base64 nor a base64 literal but {"Fn::Join"');
    expect(texts[1]).toContain('the XML is the value of Stack/Xml (Ref), which is not known at synth time');
    expect(texts[2]).toContain('the configuration Stack/CfgC cannot be read: BrokerXml.parse: the broker XML is not well-formed');
  });

  test('a broker that only receives a connector from another stack, before and after synthesis', () => {
    const app = new App();
    const s1 = new Stack(app, 'S1');
    const s2 = new Stack(app, 'S2');
    const sink = broker(s1, 'Sink');
    const source = broker(s2, 'Source');
    attach(source, configuration(s2, 'Cfg', brokerXml(
      `<networkConnector name="n" userName="bridge" uri="masterslave:(${Fn.select(0, sink.attrOpenWireEndpoints)},${Fn.select(1, sink.attrOpenWireEndpoints)})"/>`)));
    expect(allFindings(validate(app))).toEqual([]);
    app.synth();
    expect(allFindings(validate(app))).toEqual([]);
  });

  test('a configuration without Data, and an association with an unknown broker', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { users: [{ username: 'bridge', password: BRIDGE_PASSWORD }] });
    const cfg = new CfnConfiguration(stack, 'Cfg', { name: 'c', engineType: 'ACTIVEMQ' });
    b.configuration = { id: cfg.ref, revision: 1 };
    new CfnConfigurationAssociation(stack, 'Elsewhere', { broker: 'b-1234', configuration: { id: cfg.ref, revision: 1 } });
    new CfnResource(stack, 'Other', { type: 'AWS::SNS::Topic' });
    expect(pathsFor(validate(stack), 'StandaloneBroker')).toEqual([b.node.path]);
  });
});

describe('app index: edge cases', () => {
  test('a rule called directly, outside a validation run, indexes the app itself', () => {
    const stack = newStack();
    const lonely = broker(stack, 'Lonely');
    expect(StandaloneBroker(lonely)).toBe('Non-Compliant');
    expect(InterBrokerUserMismatch(lonely)).toBe('Compliant');
    expect(StandaloneBroker(new CfnResource(stack, 'Topic', { type: 'AWS::SNS::Topic' }))).toBe('N/A');
  });

  test('Users that are not known at synth time make the user rules fail closed', () => {
    const stack = newStack();
    const users = new CfnParameter(stack, 'Users', { type: 'String' });
    const sink = broker(stack, 'Sink', { users: users.valueAsString as any });
    const source = broker(stack, 'Source');
    attach(source, configuration(stack, 'Cfg', brokerXml(
      `<networkConnector name="n" userName="bridge" uri="static:(${Fn.select(0, sink.attrOpenWireEndpoints)})"/>`)));
    const report = validate(stack);
    const texts = report.violations.map((v) => `${v.ruleName} ${v.violatingResources[0].constructPath}: ${v.description}`);
    expect(texts.sort()).toEqual([
      expect.stringContaining('ActiveMqMesh-InterBrokerUserMismatch Stack/Source: ActiveMqMesh-InterBrokerUserMismatch: the broker Stack/Source has a networkConnector whose user does not match on both ends (it could not be verified: its Users are "<Stack/Users.Ref>", which is not known at synth time)'),
      expect.stringContaining('ActiveMqMesh-PlaintextUserPassword Stack/Sink: ActiveMqMesh-PlaintextUserPassword: the broker Stack/Sink has a user whose password is in the template (it could not be verified'),
    ]);
  });

  test('connectors without a uri or with an unreadable uri count as connectors to outside the app', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    b.configuration = {
      id: new CfnConfiguration(stack, 'Cfg', {
        name: 'c',
        engineType: 'ACTIVEMQ',
        data: Fn.base64(brokerXml('<networkConnector name="nouri" userName="bridge"/><networkConnector name="bad" userName="bridge" uri="static:(ssl://a:1"/>')),
      }).ref,
      revision: 1,
    };
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([]);
    expect(report.violations.map((v) => v.description)).toEqual([
      expect.stringMatching(/connector 'nouri' and 'bad' points at 'no uri' and 'an unreadable uri \(uri has an unclosed/),
    ]);
  });
});

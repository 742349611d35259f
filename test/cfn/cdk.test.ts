import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CfnBroker, CfnConfiguration } from 'aws-cdk-lib/aws-amazonmq';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { Base64Text, evaluateTemplate, parseTemplate, Placeholders, ResourceRef } from '../../src/cfn';

describe('evaluateTemplate on synthesized CDK templates', () => {
  test('overrides, deletion overrides, conditions and Fn.sub are what the template says', () => {
    const stack = new Stack(new App(), 'S');
    const env = new CfnParameter(stack, 'Env');
    const prod = new CfnCondition(stack, 'Prod', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const peer = new CfnBroker(stack, 'Peer', { brokerName: 'p', engineType: 'ACTIVEMQ', deploymentMode: 'SINGLE_INSTANCE', hostInstanceType: 'mq.m5.large', publiclyAccessible: true });
    peer.addPropertyOverride('PubliclyAccessible', false);
    peer.addDeletionOverride('Properties.HostInstanceType');
    const cfg = new CfnConfiguration(stack, 'Cfg', {
      name: 'c', engineType: 'ACTIVEMQ', data: Fn.base64(Fn.sub('<broker><x uri="${Peer}"/></broker>')),
    });
    cfg.cfnOptions.condition = prod;
    const [peerId, cfgId] = [stack.resolve(peer.logicalId), stack.resolve(cfg.logicalId)];
    const [inProd, other] = evaluateTemplate({ id: 'S', body: Template.fromStack(stack).toJSON() });
    expect(inProd.world.choices).toEqual(["parameter Env = 'prod'"]);
    expect(inProd.properties(peerId)).toMatchObject({ PubliclyAccessible: false });
    expect(inProd.properties(peerId).HostInstanceType).toBeUndefined();
    const data = inProd.properties(cfgId).Data as Base64Text;
    expect(data.text.parts).toEqual(['<broker><x uri="', new ResourceRef('S', peerId), '"/></broker>']);
    expect(other.exists(cfgId)).toBe(false);
  });

  test('a YAML template included with cloudformation-include keeps its !Sub ${LogicalId} as a reference', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-'));
    const file = path.join(dir, 't.yaml');
    fs.writeFileSync(file, [
      'Resources:',
      '  Peer: { Type: AWS::AmazonMQ::Broker, Properties: { BrokerName: p, EngineType: ACTIVEMQ, DeploymentMode: SINGLE_INSTANCE, HostInstanceType: mq.m5.large, PubliclyAccessible: false } }',
      '  Cfg:',
      '    Type: AWS::AmazonMQ::Configuration',
      '    Properties:',
      '      Name: c',
      '      EngineType: ACTIVEMQ',
      '      Data: !Base64',
      '        Fn::Sub: "<broker><x uri=\\"static:(${Peer.Arn})\\"/></broker>"',
    ].join('\n'));
    const stack = new Stack(new App(), 'S');
    new cfninc.CfnInclude(stack, 'Inc', { templateFile: file });
    const synthesized = Template.fromStack(stack).toJSON();
    const direct = parseTemplate(fs.readFileSync(file, 'utf8'), file);
    const ph = new Placeholders();
    const xml = (body: any) => ph.render((evaluateTemplate({ id: 'S', body })[0].properties('Cfg').Data as Base64Text).text);
    expect(xml(synthesized)).toBe(xml(direct));
    expect(ph.symbolsIn(xml(direct)).map((s) => s.describe())).toEqual(['Peer.Arn']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

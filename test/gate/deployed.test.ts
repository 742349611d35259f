/**
 * Issue 8, What 2: the gate judges what CloudFormation deploys — overrides, deletion overrides, conditions on an
 * association or a peer (every branch), an association over Broker.Configuration, Fn::Split, Fn::Sub with
 * ${LogicalId} (CDK Fn.sub and YAML !Sub through cloudformation-include). Each dodge and each false error of the old
 * pack is a Noncompliance/Compliance case, through the real plugin on a CDK app where CDK is how it happens.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { brokerJson, configJson, configTo, judge, LOGS_POLICY, of, subjects } from './helpers';
import { allFindings, associate, attach, broker, brokerXml, configuration, connect, connectorXml, descriptionsFor, newStack, pathsFor, validate } from '../nag/helpers';

describe('overrides: what the template says, not the L1 props', () => {
  test('Noncompliance 1: addPropertyOverride makes a private L1 broker public', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    connect(b, [broker(stack, 'Peer')]);
    b.addPropertyOverride('PubliclyAccessible', true);
    expect(pathsFor(validate(stack), 'PublicBroker')).toEqual([b.node.path]);
  });

  test('Noncompliance 2: addDeletionOverride removes the Configuration that made the broker a member', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    connect(b, [peer]);
    b.addDeletionOverride('Properties.Configuration');
    expect(pathsFor(validate(stack), 'StandaloneBroker').sort()).toEqual([b.node.path, peer.node.path].sort());
  });

  test('Noncompliance 3: an override rewrites the connector XML to point at the broker itself', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    const cfg = connect(b, [peer]);
    cfg.addPropertyOverride('Data', Fn.base64(connectorXml([b])));
    expect(pathsFor(validate(stack), 'StandaloneBroker').sort()).toEqual([b.node.path, peer.node.path].sort());
  });

  test('Compliance 1: an override adds the Configuration the L1 props lack (no false error)', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    const cfg = configuration(stack, 'Cfg', connectorXml([peer]));
    b.addPropertyOverride('Configuration', { Id: cfg.ref, Revision: 1 });
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Compliance 2: a deletion override removes a public flag the L1 props set (no false error)', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { publiclyAccessible: true });
    connect(b, [broker(stack, 'Peer')]);
    b.addDeletionOverride('Properties.PubliclyAccessible');
    expect(pathsFor(validate(stack), 'PublicBroker')).toEqual([]);
  });
});

describe('conditions: every branch is judged, a non-compliant branch is a finding naming the case', () => {
  test('Noncompliance 4: a CloudFormation Condition on the association', () => {
    const stack = newStack();
    const env = new CfnParameter(stack, 'Env');
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    const assoc = associate(stack, 'Assoc', b, configuration(stack, 'Cfg', connectorXml([peer])));
    assoc.cfnOptions.condition = new CfnCondition(stack, 'Prod', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker').sort()).toEqual([b.node.path, peer.node.path].sort());
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toContain('when parameter Env is none of the values the template compares it with');
  });

  test('Noncompliance 5: a CloudFormation Condition on the peer', () => {
    const stack = newStack();
    const env = new CfnParameter(stack, 'Env', { allowedValues: ['dev', 'prod'] });
    const peer = broker(stack, 'Peer');
    peer.cfnOptions.condition = new CfnCondition(stack, 'Prod', { expression: Fn.conditionEquals(env.valueAsString, 'prod') });
    const b = broker(stack, 'B');
    connect(b, [peer]);
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'StandaloneBroker')[0]).toMatch(/when parameter Env = 'dev'\.$/);
  });

  test('Noncompliance 6: Fn::If in the connector XML: the branch pointing at the broker itself', () => {
    const body = {
      Parameters: { Mode: { Type: 'String', AllowedValues: ['mesh', 'solo'] } },
      Conditions: { Mesh: { 'Fn::Equals': [{ Ref: 'Mode' }, 'mesh'] } },
      Resources: {
        Peer: brokerJson('peer'),
        B: brokerJson('b', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
        Cfg: configTo(['Peer']),
        Logs: LOGS_POLICY,
      },
    };
    (body.Resources.Cfg as any).Properties.Data['Fn::Base64']['Fn::Sub'][1].PeerEndpoints = {
      'Fn::If': ['Mesh', { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] }, { 'Fn::Join': [',', { 'Fn::GetAtt': ['B', 'OpenWireEndpoints'] }] }],
    };
    const r = judge(body);
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/B', 'Stack/Peer']);
    expect(of(r, 'StandaloneBroker')[0].when).toEqual(["parameter Mode = 'solo'"]);
    expect(r.cases).toBe(2);
  });

  test('Compliance 3: a condition that is the same in every case needs no branch; conditions on unrelated resources add no case', () => {
    const body = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { Always: { 'Fn::Equals': ['a', 'a'] }, IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
      Resources: {
        Peer: brokerJson('peer', {}, { Condition: 'Always' }),
        B: brokerJson('b', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
        Cfg: configTo(['Peer']),
        Topic: { Type: 'AWS::SNS::Topic', Condition: 'IsProd' },
        Logs: LOGS_POLICY,
      },
    };
    const r = judge(body);
    expect(r.findings).toEqual([]);
    expect(r.cases).toBe(1);
  });
});

describe('associations and configurations', () => {
  test('Noncompliance 7: an association replaces Broker.Configuration: the applied configuration has no connector', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    connect(b, [peer]);
    associate(stack, 'Assoc', b, configuration(stack, 'Empty', brokerXml('')));
    const report = validate(stack);
    expect(pathsFor(report, 'StandaloneBroker').sort()).toEqual([b.node.path, peer.node.path].sort());
    expect(descriptionsFor(report, 'StandaloneBroker').find((d) => d.includes('Stack/B '))).toContain('its configuration Stack/Empty declares no networkConnector');
  });

  test('Compliance 4: the association carries the connectors while Broker.Configuration is empty (no false error)', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    attach(b, configuration(stack, 'Empty', brokerXml('')));
    associate(stack, 'Assoc', b, configuration(stack, 'Cfg', connectorXml([peer])));
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Noncompliance 8: two associations for one broker: which applies depends on deployment order (fail closed)', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    associate(stack, 'A1', b, configuration(stack, 'C1', connectorXml([peer])));
    associate(stack, 'A2', b, configuration(stack, 'C2', connectorXml([peer])));
    expect(descriptionsFor(validate(stack), 'Unverifiable')[0]).toContain('2 ConfigurationAssociations point at it');
  });
});

describe('intrinsics rendered as CloudFormation renders them', () => {
  test('Noncompliance 9: Fn::Split/Fn::Select picks the loopback element, not the unsplit input that names the peer', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    const pick = Fn.select(0, Fn.split('|', Fn.join('|', ['tcp://127.0.0.1:61616', Fn.select(0, peer.attrOpenWireEndpoints)])));
    attach(b, configuration(stack, 'Cfg', brokerXml(`<networkConnector name="c" userName="bridge" uri="static:(${pick})"/>`)));
    expect(pathsFor(validate(stack), 'StandaloneBroker').sort()).toEqual([b.node.path, peer.node.path].sort());
  });

  test('Compliance 5: Fn.sub with ${LogicalId.OpenWireEndpoints} elements (no false error)', () => {
    const stack = newStack();
    const peer = broker(stack, 'Peer');
    const b = broker(stack, 'B');
    const id = stack.resolve(peer.logicalId);
    attach(b, configuration(stack, 'Cfg', Fn.sub(brokerXml('<networkConnector name="c" userName="bridge" uri="static:(${E})"/>'), {
      E: Fn.select(0, Fn.getAtt(id, 'OpenWireEndpoints') as any),
    })));
    expect(allFindings(validate(stack))).toEqual([]);
  });

  test('Compliance 6: a YAML template with !Sub ${LogicalId} through cloudformation-include (no false error)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gate-'));
    const file = path.join(dir, 'mesh.yaml');
    fs.writeFileSync(file, [
      'Resources:',
      ...['Peer', 'B'].flatMap((n) => [
        `  ${n}:`, '    Type: AWS::AmazonMQ::Broker', '    Properties:',
        ...Object.entries((brokerJson(n.toLowerCase(), n === 'B' ? { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } } : {}) as any).Properties)
          .map(([k, v]) => `      ${k}: ${JSON.stringify(v)}`),
      ]),
      '  Cfg:', '    Type: AWS::AmazonMQ::Configuration', '    Properties:', '      Name: c', '      EngineType: ACTIVEMQ', '      EngineVersion: "5.19"',
      '      Data:', '        Fn::Base64: !Sub',
      `          - '${brokerXml('<networkConnector name="c" userName="bridge" uri="static:(${E})"/>')}'`,
      '          - E: !Select [0, !GetAtt Peer.OpenWireEndpoints]',
    ].join('\n'));
    const stack = newStack();
    new cfninc.CfnInclude(stack, 'Inc', { templateFile: file });
    broker(stack, 'Unrelated'); // the stack also needs its logs policy, added by the helper
    connect(stack.node.findChild('Unrelated') as any, [(stack.node.findChild('Inc') as cfninc.CfnInclude).getResource('Peer') as any]);
    expect(allFindings(validate(stack))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('stacks: a finding caused by resources of several stacks names each', () => {
  test('Noncompliance 10: an association in stack Config makes a broker of stack Brokers standalone; both stacks are involved', () => {
    const app = new App();
    const brokers = new Stack(app, 'Brokers');
    const config = new Stack(app, 'Config');
    const peer = broker(brokers, 'Peer');
    const b = broker(brokers, 'B');
    connect(b, [peer]);
    associate(config, 'Assoc', b, configuration(config, 'Empty', brokerXml('')));
    const report = validate(app);
    const v = report.violations.find((x) => x.ruleName === 'ActiveMqMesh-StandaloneBroker[Brokers/B]')!;
    expect(v.violatingResources.map((r) => r.constructPath)).toEqual(['Brokers/B', 'Config/Empty', 'Config/Assoc']);
  });

  test('Compliance 7: brokers, configuration and secret in three stacks', () => {
    const app = new App();
    const s1 = new Stack(app, 'S1');
    const s2 = new Stack(app, 'S2');
    const s3 = new Stack(app, 'S3');
    const peer = broker(s1, 'Peer');
    const b = broker(s2, 'B');
    associate(s3, 'Assoc', b, configuration(s3, 'Cfg', connectorXml([peer])));
    expect(allFindings(validate(app))).toEqual([]);
  });

  test('a configuration whose Data is a parameter fails closed (Unverifiable when the broker is otherwise a member)', () => {
    const r = judge({
      Parameters: { Xml: { Type: 'String' } },
      Resources: {
        Peer: brokerJson('peer', { Configuration: { Id: { Ref: 'PeerCfg' }, Revision: 1 } }),
        PeerCfg: configTo(['B']),
        B: brokerJson('b', { Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
        Cfg: configJson('', { Data: { 'Fn::Base64': { Ref: 'Xml' } } }),
        Logs: LOGS_POLICY,
      },
    });
    expect(subjects(r, 'Unverifiable')).toEqual(['Stack/B']);
    expect(of(r, 'Unverifiable')[0].message).toContain('the XML is the value of parameter Xml, which is known only at deploy time');
  });
});

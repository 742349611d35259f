/**
 * Issue 8, What 3: fail closed, never open. What the gate cannot judge is an error finding naming its cause, scoped
 * to what it cannot judge; the rest of the app is still judged. Also CDK nested stacks (their templates are in the
 * cloud assembly) are judged with their parent.
 */
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { brokerJson, judge, LOGS_POLICY, of, subjects } from './helpers';
import { RULES } from '../../src/gate';
import { associate, broker, configuration, connectorXml, newStack, pathsFor, validate } from '../nag/helpers';

describe('Unverifiable: fail closed', () => {
  test('a broker whose properties cannot be evaluated is judged alone; the other brokers are still judged', () => {
    const r = judge({
      Resources: {
        Broken: brokerJson('broken', { PubliclyAccessible: { 'Fn::Select': [5, ['a']] } }),
        Lonely: brokerJson('lonely'),
        Logs: LOGS_POLICY,
      },
    });
    expect(subjects(r, 'Unverifiable')).toEqual(['Stack/Broken']);
    expect(of(r, 'Unverifiable')[0].message).toContain('its properties cannot be evaluated: Resources.Broken.Properties.PubliclyAccessible.Fn::Select: index 5 is past the end of a list of 1');
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Broken', 'Stack/Lonely']);
  });

  test('an association that cannot be evaluated is a finding on the association', () => {
    const r = judge({
      Resources: {
        A: brokerJson('a'),
        Assoc: { Type: 'AWS::AmazonMQ::ConfigurationAssociation', Properties: { Broker: { Ref: 'Nope' }, Configuration: { Id: 'c-1', Revision: 1 } } },
        Logs: LOGS_POLICY,
      },
    });
    expect(subjects(r, 'Unverifiable')).toEqual(['Stack/Assoc']);
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/A']);
  });

  test.each([
    ['a macro Transform', { Transform: 'MyMacro' }, 'its Transform ["MyMacro"] is a macro that rewrites the template at deploy time'],
    ['an AWS::LanguageExtensions loop', { Transform: 'AWS::LanguageExtensions', Resources: { 'Fn::ForEach::Brokers': ['N', ['a'], {}] } },
      'Fn::ForEach::Brokers makes resources with an AWS::LanguageExtensions loop, which the gate does not expand'],
    ['a nested stack whose template is not in the assembly', { Resources: { Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://x/t.json' } } } },
      'it is a nested stack whose template the gate cannot read'],
    ['a condition that refers to itself', { Conditions: { A: { Condition: 'A' } }, Resources: { B: brokerJson('b', {}, { Condition: 'A' }) } }, 'depends on itself'],
    // red team 2: what expands into resources at deploy time, each able to add a ConfigurationAssociation for a broker
    ['a SAM nested application', {
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        App: {
          Type: 'AWS::Serverless::Application',
          Properties: { Location: 'https://s3.amazonaws.com/b/standalone.yaml', Parameters: { BrokerId: { Ref: 'B' } } },
        },
        B: brokerJson('b'),
      },
    },
    'App is a SAM nested application (AWS::Serverless::Application) whose template the gate cannot read'],
    ['an AWS::Include at the top of Resources', { Resources: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/assoc.yaml' } } } },
      'Fn::Transform in Resources adds or changes resources at deploy time (AWS::Include or a macro), which the gate cannot see'],
    ['an AWS::Include as a resource', { Resources: { Inc: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/assoc.yaml' } } } } },
      'the resource Inc is a Fn::Transform, which adds or changes resources at deploy time'],
    ['a CloudFormation module', { Resources: { Mod: { Type: 'Acme::MQ::Assoc::MODULE', Properties: { BrokerId: { Ref: 'B' } } }, B: brokerJson('b') } },
      'Mod is a CloudFormation module (Acme::MQ::Assoc::MODULE), whose resources are made at deploy time'],
  ])('%s is an error finding naming the cause', (_name, body, message) => {
    const r = judge({ Resources: {}, ...body } as object);
    expect(of(r, 'Unverifiable').map((f) => f.message).join('\n')).toContain(message);
    expect(r.summary.errors).toBeGreaterThan(0);
  });

  test('more condition cases than the gate judges one by one is an error', () => {
    const stacks: { [id: string]: object } = {};
    for (let s = 0; s < 3; s++) {
      const params: any = {};
      const conditions: any = {};
      const resources: any = { Logs: LOGS_POLICY };
      for (let i = 0; i < 6; i++) {
        params[`P${i}`] = { Type: 'String' };
        conditions[`C${i}`] = { 'Fn::Equals': [{ Ref: `P${i}` }, 'x'] };
        resources[`B${i}`] = brokerJson(`b${i}`, {}, { Condition: `C${i}` });
      }
      stacks[`S${s}`] = { Parameters: params, Conditions: conditions, Resources: resources };
    }
    const r = judge(stacks);
    expect(of(r, 'Unverifiable')[0].message).toContain("the templates' conditions combine into 262144 cases, more than the 256 the gate judges one by one");
  });

  test('a rule that throws is an error finding naming the rule and the cause, which no acknowledgement hides', () => {
    const rule = RULES.find((r) => r.id === 'PublicBroker')!;
    const spy = jest.spyOn(rule, 'check').mockImplementation(() => {
      throw new Error('injected fault');
    });
    try {
      const stack = newStack();
      const b = broker(stack, 'B');
      Validations.of(b).acknowledge({ id: 'ActiveMqMesh-Unverifiable', reason: 'trying to hide the crash' });
      const report = validate(stack);
      expect(report.success).toBe(false);
      const v = report.violations.find((x) => x.ruleName === 'ActiveMqMesh-Unverifiable[Stack/B]')!;
      expect(v.description).toContain('rule ActiveMqMesh-PublicBroker could not be verified: injected fault');
      expect(pathsFor(report, 'StandaloneBroker')).toEqual(['Stack/B']); // the other rules still ran
    } finally {
      spy.mockRestore();
    }
  });
});

describe('CDK nested stacks are judged with their parent', () => {
  test('a mesh whose brokers sit in a nested stack and its parent', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Nested');
    const hub = broker(parent, 'Hub');
    const spoke = broker(nested, 'Spoke');
    associate(nested, 'Assoc', spoke, configuration(nested, 'Cfg', connectorXml([hub])));
    const lonely = broker(nested, 'Lonely');
    expect(pathsFor(validate(app), 'StandaloneBroker')).toEqual([lonely.node.path]);
  });
});


/**
 * Red team 2: a broker (or association) that pins a configuration revision runs that revision's XML, not the Data in
 * the template, unless the revision is the configuration's own latest (`GetAtt <Configuration>.Revision`) or the
 * first one (1, the Data the configuration was created with; see RULES.md for what that assumes).
 */
describe('StandaloneBroker: the configuration revision a broker deploys', () => {
  const CONNECTOR = '<networkConnector name="c" userName="bridge" uri="static:(failover:(${PeerEndpoints}))"/>';
  function pinned(revision: unknown, association = false, extra: object = {}): object {
    const cfg: any = {
      Type: 'AWS::AmazonMQ::Configuration',
      Properties: {
        Name: 'c',
        EngineType: 'ACTIVEMQ',
        EngineVersion: '5.19',
        Data: {
          'Fn::Base64': {
            'Fn::Sub': [`<broker xmlns="http://activemq.apache.org/schema/core"><networkConnectors>${CONNECTOR}</networkConnectors></broker>`,
              { PeerEndpoints: { 'Fn::Join': [',', { 'Fn::GetAtt': ['Peer', 'OpenWireEndpoints'] }] } }],
          },
        },
      },
    };
    const pin = { Id: { Ref: 'Cfg' }, Revision: revision };
    return {
      Resources: {
        Source: brokerJson('source', association ? {} : { Configuration: pin }),
        Peer: brokerJson('peer'),
        Cfg: cfg,
        ...(association ? { Assoc: { Type: 'AWS::AmazonMQ::ConfigurationAssociation', Properties: { Broker: { Ref: 'Source' }, Configuration: pin } } } : {}),
        Other: { ...cfg, Properties: { ...cfg.Properties, Name: 'o' } },
        Logs: LOGS_POLICY,
        ...extra,
      },
    };
  }

  test.each([
    ['1: a literal revision 7', 7, false, 'its Configuration pins revision 7 of Stack/Cfg'],
    ['2: the revision of another configuration', { 'Fn::GetAtt': ['Other', 'Revision'] }, false, 'its Configuration pins revision Stack/Other.Revision of Stack/Cfg'],
    ['3: a revision from a parameter', { Ref: 'Rev' }, false, 'its Configuration pins revision'],
    ['4: an association pinning revision 3', 3, true, 'the ConfigurationAssociation Stack/Assoc pins revision 3 of Stack/Cfg'],
  ])('Noncompliance %s', (_name, revision, association, why) => {
    const body: any = pinned(revision, association);
    body.Parameters = { Rev: { Type: 'Number', Default: 1 } };
    const r = judge(body);
    expect(subjects(r, 'StandaloneBroker')).toEqual(['Stack/Peer', 'Stack/Source']);
    expect(of(r, 'StandaloneBroker').find((f) => f.subjectPath === 'Stack/Source')!.message).toContain(why);
  });

  test.each([
    ['its own GetAtt Revision', { 'Fn::GetAtt': ['Cfg', 'Revision'] }, false],
    ['its own GetAtt Revision on an association', { 'Fn::GetAtt': ['Cfg', 'Revision'] }, true],
    ['the first revision (1)', 1, false],
    ['the first revision written as a string', '1', true],
  ])('Compliance: %s', (_name, revision, association) => {
    expect(subjects(judge(pinned(revision, association)), 'StandaloneBroker')).toEqual([]);
  });
});

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


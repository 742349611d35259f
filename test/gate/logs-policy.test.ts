/**
 * LogsResourcePolicyMissing (issue 9 What 1): a broker that publishes logs needs a CloudWatch Logs resource policy
 * letting mq.amazonaws.com write to its log groups; Info, because the account may have one outside the app.
 */
import { brokerJson, configTo, judge, subjects } from './helpers';

function policy(statement: object, asJoin = false): object {
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  return {
    Type: 'AWS::Logs::ResourcePolicy',
    Properties: {
      PolicyName: 'mq-logs',
      // the mesh writes the document as an Fn::Join with pseudo parameters
      PolicyDocument: asJoin ? { 'Fn::Join': ['', doc.split('REGION').flatMap((p, i) => (i === 0 ? [p] : [{ Ref: 'AWS::Region' }, p]))] } : doc,
    },
  };
}

const MQ = {
  Effect: 'Allow',
  Principal: { Service: 'mq.amazonaws.com' },
  Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
  Resource: 'arn:aws:logs:REGION:111111111111:log-group:/aws/amazonmq/broker/*',
};

function mesh(extra: object, logs: object = { General: true, Audit: true }): string[] {
  return subjects(judge({
    Resources: {
      A: brokerJson('a', { Logs: logs, Configuration: { Id: { Ref: 'Cfg' }, Revision: 1 } }),
      B: brokerJson('b', { Logs: logs }),
      Cfg: configTo(['B']),
      ...extra,
    },
  }), 'LogsResourcePolicyMissing');
}

describe('LogsResourcePolicyMissing: logs need a resource policy for Amazon MQ', () => {
  test.each([
    ['1: no policy at all', {}],
    ['2: a policy for another service', { P: policy({ ...MQ, Principal: { Service: 'lambda.amazonaws.com' } }) }],
    ['3: a policy on other log groups', { P: policy({ ...MQ, Resource: 'arn:aws:logs:REGION:111111111111:log-group:/aws/lambda/*' }) }],
    ['4: a policy without PutLogEvents', { P: policy({ ...MQ, Action: ['logs:CreateLogStream'] }) }],
    ['5: a Deny statement', { P: policy({ ...MQ, Effect: 'Deny' }) }],
  ])('Noncompliance %s', (_name, extra) => {
    expect(mesh(extra)).toEqual(['Stack/A', 'Stack/B']);
  });

  test.each([
    ['the documented policy on /aws/amazonmq/*', { P: policy({ ...MQ, Resource: 'arn:aws:logs:*:*:log-group:/aws/amazonmq/*' }) }],
    ['the mesh\'s policy on /aws/amazonmq/broker/* written with Fn::Join', { P: policy(MQ, true) }],
    ['logs:* on every resource', { P: policy({ ...MQ, Action: 'logs:*', Resource: '*' }) }],
  ])('Compliance: %s', (_name, extra) => {
    expect(mesh(extra)).toEqual([]);
  });

  test('Compliance: brokers that publish no logs need no policy', () => {
    expect(mesh({}, { General: false, Audit: false })).toEqual([]);
  });
});

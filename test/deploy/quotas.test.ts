/**
 * CloudFormation's template quotas (src/private/cloudformation.ts, from the User Guide's "Understand CloudFormation
 * quotas") on the templates a mesh synthesizes. meshStack checks every template the mesh tests read; this file
 * shows the check finds what CloudFormation would refuse, and holds the scale targets of issue 9 point 2.
 */
import { CfnOutput } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MeshTopology } from '../../src';
import { CLOUDFORMATION_QUOTAS } from '../../src/private/cloudformation';
import { quotaUsage, quotaViolations } from '../helpers/cfn-quotas';
import { checkedTemplate, meshStack } from '../helpers/mesh-stack';

function users(count: number) {
  return Array.from({ length: count }, (_, i) => ({ username: `app-${i}` }));
}

describe('quota check', () => {
  test('counts what a template uses', () => {
    const t = meshStack({ users: users(2) }).template();
    const used = quotaUsage(t);
    // One password dynamic reference per broker: the admin's (the other users are managed by the users resource).
    expect(used.dynamicReferences).toBe(3);
    expect(JSON.stringify(t).split('{{resolve:secretsmanager:').length - 1).toBe(3);
    expect(used.resources).toBe(Object.keys(t.Resources).length);
    expect(used.outputs).toBe(Object.keys(t.Outputs).length);
    expect(used.parameters).toBe(1); // BootstrapVersion
    expect(used.bodyBytes).toBe(Buffer.byteLength(JSON.stringify(t, undefined, 1)));
    expect(quotaViolations(t)).toEqual([]);
  });

  test('finds each exceeded quota, naming the numbers', () => {
    const fake = {
      Resources: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic', Properties: { DisplayName: i < 61 ? '{{resolve:ssm:/x}}' : 'x' } }])),
      Outputs: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`O${i}`, { Value: 'x' }])),
      Parameters: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`P${i}`, { Type: 'String' }])),
      Mappings: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`M${i}`, { a: { b: 'c' } }])),
      Metadata: { padding: 'x'.repeat(CLOUDFORMATION_QUOTAS.s3TemplateBodyBytes) },
    };
    expect(quotaViolations(fake)).toEqual([
      '61 dynamic references, CloudFormation allows 60',
      '501 resources, CloudFormation allows 500',
      '201 outputs, CloudFormation allows 200',
      '201 parameters, CloudFormation allows 200',
      '201 mappings, CloudFormation allows 200',
      expect.stringMatching(/^\d+ bytes of template body \(S3 upload limit\), CloudFormation allows 1000000$/),
    ]);
  });

  test('every template the mesh tests read is checked: a mesh stack with over 200 outputs is refused', () => {
    const { stack } = meshStack();
    for (let i = 0; i < 200; i++) new CfnOutput(stack, `Extra${i}`, { value: String(i) });
    const count = Object.keys(Template.fromStack(stack).toJSON().Outputs).length;
    expect(count).toBeGreaterThan(CLOUDFORMATION_QUOTAS.outputs);
    expect(() => checkedTemplate(stack)).toThrow(new RegExp(`^Stack exceeds CloudFormation's quotas: ${count} outputs, CloudFormation allows 200$`));
  });
});

// Issue 9 point 2 (helper `lifecycle`): at least 3 nodes × 60 users and 21 nodes × 10 users synthesize within every
// quota (users live in the mesh users resource, not as dynamic references on every broker).
describe('scale targets of issue 9 point 2', () => {
  test('3 nodes × 60 users synthesize within every quota', () => {
    expect(quotaUsage(meshStack({ users: users(60) }).template()).dynamicReferences).toBe(3);
  });

  test('21 nodes × 10 users synthesize within every quota', () => {
    const t = meshStack({ brokerCount: 21, maxBrokersPerAvailabilityZone: 4, topology: MeshTopology.hubAndSpoke(), users: users(10) }, 6).template();
    expect(quotaUsage(t).dynamicReferences).toBe(21);
  });
});

/**
 * CloudFormation's template quotas (src/private/cloudformation.ts, from the User Guide's "Understand CloudFormation
 * quotas") on the templates a mesh synthesizes. meshStack checks every template the mesh tests read; this file
 * shows the check finds what CloudFormation would refuse, and holds the scale targets of issue 9 point 2.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { MeshTopology } from '../../src';
import { CLOUDFORMATION_QUOTAS } from '../../src/private/cloudformation';
import { quotaUsage, quotaViolations } from '../helpers/cfn-quotas';
import { meshStack } from '../helpers/mesh-stack';

function users(count: number) {
  return Array.from({ length: count }, (_, i) => ({ username: `app-${i}` }));
}

/** Synthesizes without the automatic quota check, to look at the numbers. */
function unchecked(props: Parameters<typeof meshStack>[0], azCount?: number): any {
  return Template.fromStack(meshStack(props, azCount).stack).toJSON();
}

describe('quota check', () => {
  test('counts what a template uses', () => {
    const t = meshStack({ users: users(2) }).template();
    const used = quotaUsage(t);
    // One password dynamic reference per user per broker: (inter-broker + admin + 2) × 3.
    expect(used.dynamicReferences).toBe(12);
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

  test('meshStack refuses a template over a quota, and today 3 nodes × 60 users is one: 186 dynamic references', () => {
    const t = unchecked({ users: users(60) });
    expect(quotaUsage(t).dynamicReferences).toBe(186);
    expect(() => meshStack({ users: users(60) }).template()).toThrow(/^Stack exceeds CloudFormation's quotas: 186 dynamic references, CloudFormation allows 60$/);
  });
});

// Issue 9 point 2 (helper `lifecycle`): at least 3 nodes × 60 users and 21 nodes × 10 users must synthesize within
// every quota. They do not yet (passwords are dynamic references on every broker), so these are `test.failing`:
// the day they pass, jest fails them here; turn them into `test(...)` then.
describe('scale targets of issue 9 point 2 (lifecycle)', () => {
  test.failing('3 nodes × 60 users synthesize within every quota', () => {
    meshStack({ users: users(60) }).template();
  });

  test.failing('21 nodes × 10 users synthesize within every quota', () => {
    meshStack({ brokerCount: 21, maxBrokersPerAvailabilityZone: 4, topology: MeshTopology.hubAndSpoke(), users: users(10) }, 6).template();
  });
});

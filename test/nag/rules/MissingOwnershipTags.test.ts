import { Tags } from 'aws-cdk-lib';
import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('MissingOwnershipTags: brokers carry ownership tags', () => {
  test('Noncompliance 1: no tags at all (no keys configured)', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { tags: undefined });
    expect(pathsFor(validate(stack), 'MissingOwnershipTags')).toEqual([b.node.path]);
  });

  test('Noncompliance 2: a configured key is missing', () => {
    const stack = newStack();
    const b = broker(stack, 'B');
    const report = validate(stack, { ownershipTagKeys: ['owner', 'cost-center'] });
    expect(pathsFor(report, 'MissingOwnershipTags')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'MissingOwnershipTags')[0]).toContain("(it lacks the tag 'cost-center')");
  });

  test('Compliance: tags added with Tags.of, seen after synthesis applies them', () => {
    const stack = newStack();
    broker(stack, 'B', { tags: undefined });
    Tags.of(stack).add('owner', 'team-a');
    Tags.of(stack).add('cost-center', '42');
    stack.node.root.node.children.forEach(() => undefined);
    (stack.node.root as any).synth();
    expect(pathsFor(validate(stack, { ownershipTagKeys: ['owner', 'cost-center'] }), 'MissingOwnershipTags')).toEqual([]);
  });
});

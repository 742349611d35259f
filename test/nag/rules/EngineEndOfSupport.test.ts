import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('EngineEndOfSupport: the engine version is still supported', () => {
  test('Noncompliance 1: 5.17.6 (end of support 2025-06-16)', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { engineVersion: '5.17.6', autoMinorVersionUpgrade: false });
    const report = validate(stack);
    expect(pathsFor(report, 'EngineEndOfSupport')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'EngineEndOfSupport')[0]).toContain('(EngineVersion 5.17.6 reached end of support on 2025-06-16)');
  });

  test('Noncompliance 2: 5.15.16', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { engineVersion: '5.15.16' });
    expect(pathsFor(validate(stack), 'EngineEndOfSupport')).toEqual([b.node.path]);
  });

  test('Compliance: 5.19, 5.18 and no version', () => {
    const stack = newStack();
    broker(stack, 'A', { engineVersion: '5.19' });
    broker(stack, 'B', { engineVersion: '5.18' });
    broker(stack, 'C', { engineVersion: undefined });
    expect(pathsFor(validate(stack), 'EngineEndOfSupport')).toEqual([]);
  });
});

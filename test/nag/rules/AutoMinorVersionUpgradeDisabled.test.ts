import { broker, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

describe('AutoMinorVersionUpgradeDisabled: brokers take automatic minor version upgrades', () => {
  test('Noncompliance 1: AutoMinorVersionUpgrade false', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { autoMinorVersionUpgrade: false });
    const report = validate(stack);
    expect(pathsFor(report, 'AutoMinorVersionUpgradeDisabled')).toEqual([b.node.path]);
    expect(descriptionsFor(report, 'AutoMinorVersionUpgradeDisabled')[0]).toContain('(AutoMinorVersionUpgrade is false)');
  });

  test('Noncompliance 2: AutoMinorVersionUpgrade not set', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { autoMinorVersionUpgrade: undefined });
    expect(descriptionsFor(validate(stack), 'AutoMinorVersionUpgradeDisabled')[0]).toContain('(AutoMinorVersionUpgrade is not set)');
    expect(pathsFor(validate(stack), 'AutoMinorVersionUpgradeDisabled')).toEqual([b.node.path]);
  });

  test('Compliance: AutoMinorVersionUpgrade true', () => {
    const stack = newStack();
    broker(stack, 'B', { autoMinorVersionUpgrade: true });
    expect(pathsFor(validate(stack), 'AutoMinorVersionUpgradeDisabled')).toEqual([]);
  });
});

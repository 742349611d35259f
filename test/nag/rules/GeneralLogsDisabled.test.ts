import { broker, newStack, pathsFor, validate } from '../helpers';

describe('GeneralLogsDisabled: general logs go to CloudWatch Logs', () => {
  test('Noncompliance 1: no Logs at all', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { logs: undefined });
    expect(pathsFor(validate(stack), 'GeneralLogsDisabled')).toEqual([b.node.path]);
  });

  test('Noncompliance 2: Logs.General false', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { logs: { audit: true, general: false } });
    const report = validate(stack);
    expect(pathsFor(report, 'GeneralLogsDisabled')).toEqual([b.node.path]);
    expect(report.violations.find((v) => v.ruleName.startsWith('ActiveMqMesh-GeneralLogsDisabled['))!.severity).toBe('warning');
  });

  test('Compliance: Logs.General true', () => {
    const stack = newStack();
    broker(stack, 'B', { logs: { general: true } });
    expect(pathsFor(validate(stack), 'GeneralLogsDisabled')).toEqual([]);
  });
});

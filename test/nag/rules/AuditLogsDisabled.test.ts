import { broker, connect, newStack, pathsFor, validate } from '../helpers';

describe('AuditLogsDisabled: audit logs go to CloudWatch Logs', () => {
  test('Noncompliance 1: no Logs at all (a warning: the report still succeeds)', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', { logs: undefined });
    connect(broker(stack, 'Source'), [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'AuditLogsDisabled')).toEqual([sink.node.path]);
    expect(report.violations.map((v) => v.severity)).toEqual(['warning', 'warning']);
    expect(report.success).toBe(true);
    expect(validate(stack, { failOnWarnings: true }).success).toBe(false);
  });

  test('Noncompliance 2: Logs.Audit false', () => {
    const stack = newStack();
    const b = broker(stack, 'B', { logs: { audit: false, general: true } });
    expect(pathsFor(validate(stack), 'AuditLogsDisabled')).toEqual([b.node.path]);
  });

  test('Compliance: Logs.Audit true', () => {
    const stack = newStack();
    broker(stack, 'B', { logs: { audit: true } });
    expect(pathsFor(validate(stack), 'AuditLogsDisabled')).toEqual([]);
  });
});

import { broker, connect, descriptionsFor, newStack, pathsFor, validate } from '../helpers';

const MONDAY = { dayOfWeek: 'MONDAY', timeOfDay: '02:00', timeZone: 'UTC' };

describe('SameMaintenanceWindow: the brokers of a network do not share one maintenance window', () => {
  test('Noncompliance 1: two connected brokers with the same window', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', { maintenanceWindowStartTime: MONDAY });
    const source = broker(stack, 'Source', { maintenanceWindowStartTime: { ...MONDAY, dayOfWeek: 'monday' } });
    connect(source, [sink]);
    const report = validate(stack);
    expect(pathsFor(report, 'SameMaintenanceWindow').sort()).toEqual([sink.node.path, source.node.path]);
    expect(descriptionsFor(report, 'SameMaintenanceWindow')[0]).toContain('(all 2 brokers of its network of brokers start maintenance at MONDAY 02:00 UTC)');
  });

  test('Compliance: different days; a window left to Amazon MQ; a standalone broker', () => {
    const stack = newStack();
    const sink = broker(stack, 'Sink', { maintenanceWindowStartTime: MONDAY });
    const source = broker(stack, 'Source', { maintenanceWindowStartTime: { ...MONDAY, dayOfWeek: 'TUESDAY' } });
    const unset = broker(stack, 'Unset');
    connect(source, [sink]);
    connect(unset, [sink]);
    broker(stack, 'Alone', { maintenanceWindowStartTime: MONDAY });
    expect(pathsFor(validate(stack), 'SameMaintenanceWindow')).toEqual([]);
  });
});

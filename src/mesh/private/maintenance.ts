import { Token } from 'aws-cdk-lib';
import { DayOfWeek, MaintenanceWindowStart } from '../broker-options';

const DAYS: DayOfWeek[] = [
  DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
  DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY,
];
const TIME_PATTERN = /^([01]?[0-9]|2[0-3]):[0-5][0-9]$/;

/** The default start of node 0's window: Sunday 03:00 UTC. */
export const DEFAULT_MAINTENANCE_WINDOW: MaintenanceWindowStart = { dayOfWeek: DayOfWeek.SUNDAY, timeOfDay: '03:00', timeZone: 'UTC' };

/** What is wrong with a window start, or undefined when it is valid (tokens are not checked). */
export function checkMaintenanceWindow(start: MaintenanceWindowStart, prop: string): string | undefined {
  if (!Token.isUnresolved(start.timeOfDay) && !TIME_PATTERN.test(start.timeOfDay)) {
    return `${prop}.timeOfDay must be a 24-hour HH:MM time, got '${start.timeOfDay}': use for example '03:00'.`;
  }
  if (!Token.isUnresolved(start.dayOfWeek) && !DAYS.includes(start.dayOfWeek)) {
    return `${prop}.dayOfWeek must be a DayOfWeek, got '${start.dayOfWeek}': use DayOfWeek.SUNDAY or another day.`;
  }
  return undefined;
}

/**
 * Node `index`'s window: node i starts i days after node 0, so the first seven nodes never share a day. Nodes
 * 7 and later wrap around the week and are shifted by 4 hours per lap, so no two nodes ever share a window.
 * Depends only on the index, so adding a node never moves an existing node's window.
 */
export function staggeredMaintenanceWindow(start: MaintenanceWindowStart, index: number): MaintenanceWindowStart {
  const timeZone = start.timeZone ?? 'UTC';
  if (Token.isUnresolved(start.dayOfWeek) || Token.isUnresolved(start.timeOfDay)) {
    return { ...start, timeZone };
  }
  const day = DAYS[(DAYS.indexOf(start.dayOfWeek) + index) % 7];
  const lap = Math.floor(index / 7);
  const [hours, minutes] = start.timeOfDay.split(':').map(Number);
  const shifted = (hours + 4 * lap) % 24;
  const timeOfDay = `${String(shifted).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  return { dayOfWeek: day, timeOfDay, timeZone };
}

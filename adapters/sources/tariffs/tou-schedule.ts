import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Instant } from '../../../src/core/types.js';

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'a local time "HH:MM"');

/** One period of a time-of-use schedule (local time of day, optionally by weekday and month). */
export const periodSchema = z
  .object({
    perKWh: z.number().describe('price in this period'),
    from: hhmm.describe('local start time, inclusive'),
    to: hhmm.describe('local end time, exclusive; may wrap past midnight'),
    weekdays: z
      .array(z.number().int().min(1).max(7))
      .optional()
      .describe('ISO weekdays 1 = Mon … 7 = Sun; all when omitted'),
    months: z.array(z.number().int().min(1).max(12)).optional().describe('months 1–12; all when omitted'),
  })
  .strict();

/** A parsed period. */
export type Period = z.infer<typeof periodSchema>;

/** A time-of-use schedule: the first matching period's price, else the default (the `time-of-use` tariff's shape). */
export interface Schedule {
  defaultPerKWh: number;
  periods: Period[];
}

/** Minutes after midnight of "HH:MM". */
export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));

/** Whether a local time falls in a period; a period with to ≤ from wraps past midnight. */
export function inPeriod(period: Period, local: DateTime): boolean {
  if (period.weekdays && !period.weekdays.includes(local.weekday)) return false;
  if (period.months && !period.months.includes(local.month)) return false;
  const m = local.hour * 60 + local.minute;
  const from = minutesOf(period.from);
  const to = minutesOf(period.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}

/** The schedule's value at a local time. */
export function scheduleValue(schedule: Schedule, local: DateTime): number {
  return schedule.periods.find((p) => inPeriod(p, local))?.perKWh ?? schedule.defaultPerKWh;
}

/** The schedule's value at an instant in a time zone. */
export function scheduleAt(schedule: Schedule, at: Instant, timeZone: string): number {
  return scheduleValue(schedule, DateTime.fromMillis(at, { zone: timeZone }));
}

/** The longest slot (60, 30 or 15 min) whose boundaries hit every period boundary. */
export function scheduleStepMin(periods: readonly Period[]): 60 | 30 | 15 {
  const boundaries = periods.flatMap((p) => [minutesOf(p.from), minutesOf(p.to)]);
  if (boundaries.every((m) => m % 60 === 0)) return 60;
  if (boundaries.every((m) => m % 30 === 0)) return 30;
  return 15;
}

import { DateTime } from 'luxon';
import type { Instant, LocalTime } from './core/types.js';

/** Local wall-clock facts of an instant in a time zone (DST-aware). */
export function localTimeOf(now: Instant, timeZone: string): LocalTime {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  const dayStart = local.startOf('day');
  return {
    weekday: local.weekday,
    minuteOfDay: local.hour * 60 + local.minute,
    date: local.toISODate() ?? '',
    dayStartAt: dayStart.toMillis(),
    dayEndAt: dayStart.plus({ days: 1 }).toMillis(),
  };
}

import { IANAZone } from 'luxon';
import type { Instant, LocalTime } from '../core/types.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Fast local-time arithmetic for long replays: a zone's UTC offset looked up once per UTC day (per
 * hour only on days where it changes), instead of a full time-zone calculation per step.
 */
export function zoneClock(timeZone: string) {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new Error(`unknown time zone "${timeZone}"`);
  const byDay = new Map<number, number | Map<number, number>>();
  /** Offset from UTC at an instant (ms). */
  function offsetMs(at: Instant): number {
    const day = Math.floor(at / DAY_MS);
    let entry = byDay.get(day);
    if (entry === undefined) {
      const first = zone.offset(day * DAY_MS);
      const last = zone.offset(day * DAY_MS + DAY_MS - 1);
      entry = first === last ? first * 60_000 : new Map<number, number>();
      byDay.set(day, entry);
    }
    if (typeof entry === 'number') return entry;
    const hour = Math.floor(at / HOUR_MS);
    let offset = entry.get(hour);
    if (offset === undefined) {
      offset = zone.offset(hour * HOUR_MS) * 60_000;
      entry.set(hour, offset);
    }
    return offset;
  }
  /** The instant of a naive local wall time given as UTC fields (`Date.UTC(...)` of the local reading). */
  function fromLocalFields(wallAsUtc: number): Instant {
    const guess = wallAsUtc - offsetMs(wallAsUtc);
    return wallAsUtc - offsetMs(guess);
  }
  /** Local date, weekday, minute of day and day bounds of an instant. */
  function localTime(at: Instant): LocalTime {
    const wall = at + offsetMs(at);
    const midnightWall = Math.floor(wall / DAY_MS) * DAY_MS;
    const d = new Date(midnightWall);
    return {
      weekday: ((d.getUTCDay() + 6) % 7) + 1,
      minuteOfDay: Math.floor((wall - midnightWall) / 60_000),
      date: d.toISOString().slice(0, 10),
      dayStartAt: fromLocalFields(midnightWall),
      dayEndAt: fromLocalFields(midnightWall + DAY_MS),
    };
  }
  return { offsetMs, fromLocalFields, localTime };
}

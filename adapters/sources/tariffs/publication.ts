import { DateTime } from 'luxon';
import type { Instant, PriceSlot } from '../../../src/core/types.js';

const MINUTE = 60_000;

/** When a market publishes tomorrow's prices, in the market's own time zone ("HH:MM" local). */
export interface PublicationWindow {
  timeZone: string;
  from: string;
  to: string;
}

/** EU day-ahead (EPEX, Nord Pool, ENTSO-E): results ~12:45 CET, retail APIs ~13:00–14:00 (energy.md §5). */
export const EU_DAY_AHEAD: PublicationWindow = { timeZone: 'Europe/Berlin', from: '13:00', to: '15:00' };

/** Octopus Agile: next-day rates appear ~16:00–18:00 UK time (energy.md §5.3). */
export const OCTOPUS_AGILE: PublicationWindow = { timeZone: 'Europe/London', from: '16:00', to: '20:00' };

/** Whether the series has any slot starting on the site's local tomorrow or later. */
export function hasTomorrow(slots: readonly PriceSlot[], now: Instant, timeZone: string): boolean {
  const tomorrow = DateTime.fromMillis(now, { zone: timeZone }).startOf('day').plus({ days: 1 }).toMillis();
  return slots.some((s) => s.start >= tomorrow);
}

function at(now: Instant, zone: string, hhmm: string): Instant {
  const [hour, minute] = hhmm.split(':').map(Number);
  return DateTime.fromMillis(now, { zone }).set({ hour, minute, second: 0, millisecond: 0 }).toMillis();
}

/** Options of `nextPollInMs`. */
export interface ScheduleOptions {
  now: Instant;
  /** The last good series (empty before the first success). */
  slots: readonly PriceSlot[];
  siteTimeZone: string;
  window: PublicationWindow;
  /** Normal interval (ms); default 1 h. */
  intervalMs?: number;
  /** Interval inside the publication window until tomorrow is there (ms); default 12 min. */
  fastMs?: number;
}

/**
 * Delay until the next poll: every `fastMs` inside the publication window until tomorrow's prices
 * are present, the window's start exactly when it comes sooner than the next hourly poll, else hourly.
 */
export function nextPollInMs(options: ScheduleOptions): number {
  const { now, window } = options;
  const intervalMs = options.intervalMs ?? 60 * MINUTE;
  if (hasTomorrow(options.slots, now, options.siteTimeZone)) return intervalMs;
  const from = at(now, window.timeZone, window.from);
  const to = at(now, window.timeZone, window.to);
  if (now >= from && now < to) return Math.min(intervalMs, options.fastMs ?? 12 * MINUTE);
  if (now < from) return Math.min(intervalMs, from - now);
  return intervalMs;
}

import { DateTime } from 'luxon';
import type { Instant } from '../core/types.js';

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** A duration like `2h`, `90m`, `1h30m`, `1d` or `45s` in ms; undefined when it is not one. */
export function parseDurationMs(text: string): number | undefined {
  const compact = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[dhms])+$/.test(compact)) return undefined;
  let ms = 0;
  for (const [, value, unit] of compact.matchAll(/(\d+(?:\.\d+)?)([dhms])/g))
    ms += Number(value) * UNIT_MS[unit!]!;
  return ms > 0 ? ms : undefined;
}

/**
 * The instant of `--until`: `HH:MM` is the next such local time in the site's zone (today, or
 * tomorrow when it has passed; a time skipped by DST moves forward like a wall clock), or an
 * ISO date-time (local unless it has an offset). Undefined when it is neither or not in the future.
 */
export function parseUntil(text: string, now: Instant, timeZone: string): Instant | undefined {
  const hhmm = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (hhmm) {
    const local = DateTime.fromMillis(now, { zone: timeZone });
    let at = local.set({ hour: Number(hhmm[1]), minute: Number(hhmm[2]), second: 0, millisecond: 0 });
    if (at.toMillis() <= now) {
      const tomorrow = local.plus({ days: 1 });
      at = tomorrow.set({ hour: Number(hhmm[1]), minute: Number(hhmm[2]), second: 0, millisecond: 0 });
    }
    return at.toMillis();
  }
  // A date is required: luxon reads a bare time as today by the real clock, not by `now`.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const iso = DateTime.fromISO(text.trim(), { zone: timeZone });
  if (!iso.isValid || iso.toMillis() <= now) return undefined;
  return iso.toMillis();
}

/** The expiry of an override from `--for` / `--until` (at most one), or an error sentence. */
export function overrideUntil(
  options: { for?: string; until?: string },
  now: Instant,
  timeZone: string,
): { until?: Instant } | { error: string } {
  if (options.for !== undefined && options.until !== undefined)
    return { error: 'give --for or --until, not both' };
  if (options.for !== undefined) {
    const ms = parseDurationMs(options.for);
    return ms === undefined
      ? { error: `--for "${options.for}" is not a duration like 2h, 90m or 1h30m` }
      : { until: now + ms };
  }
  if (options.until !== undefined) {
    const until = parseUntil(options.until, now, timeZone);
    return until === undefined
      ? { error: `--until "${options.until}" is not a future HH:MM or ISO date-time` }
      : { until };
  }
  return {};
}

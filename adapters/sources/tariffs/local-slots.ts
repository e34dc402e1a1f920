import { DateTime } from 'luxon';
import type { Instant, PriceSlot } from '../../../src/core/types.js';

/**
 * Builds slots of `stepMin` minutes in local time from yesterday's midnight to the end of
 * tomorrow, pricing each with `priceAt(localStart)`. Steps follow real time, so a DST day has
 * 23 or 25 hours of slots.
 */
export function localSlots(
  now: Instant,
  timeZone: string,
  stepMin: number,
  priceAt: (local: DateTime) => number,
): PriceSlot[] {
  const slots: PriceSlot[] = [];
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day');
  const endAt = today.plus({ days: 2 }).toMillis();
  let start = today.minus({ days: 1 }).toMillis();
  const stepMs = stepMin * 60_000;
  while (start < endAt) {
    const end = start + stepMs;
    slots.push({ start, end, perKWh: priceAt(DateTime.fromMillis(start, { zone: timeZone })) });
    start = end;
  }
  return slots;
}

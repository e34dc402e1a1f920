import type { Instant, PriceSlot } from '../core/types.js';

/** A window of time with its time-weighted mean price (currency per kWh). */
export interface PriceWindow {
  start: Instant;
  end: Instant;
  perKWh: number;
}

/** Time-weighted mean price over [start, start + durationMs), or undefined when a gap or the horizon cuts it. */
export function windowPrice(
  slots: readonly PriceSlot[],
  start: Instant,
  durationMs: number,
): number | undefined {
  const end = start + durationMs;
  let at = start;
  let sum = 0;
  for (const slot of slots) {
    if (slot.end <= at) continue;
    if (slot.start > at) return undefined; // a gap: no price is not a cheap price
    const until = Math.min(slot.end, end);
    sum += slot.perKWh * (until - at);
    at = until;
    if (at >= end) return sum / durationMs;
  }
  return undefined;
}

/**
 * The cheapest contiguous window of `durationMs` starting now or at a later slot boundary, over the
 * known horizon of a sorted series; undefined when no window fits.
 */
export function cheapestWindow(
  slots: readonly PriceSlot[],
  now: Instant,
  durationMs: number,
): PriceWindow | undefined {
  const starts = [now, ...slots.map((s) => s.start).filter((t) => t > now)];
  let best: PriceWindow | undefined;
  for (const start of starts) {
    const perKWh = windowPrice(slots, start, durationMs);
    if (perKWh !== undefined && (!best || perKWh < best.perKWh - 1e-12))
      best = { start, end: start + durationMs, perKWh };
  }
  return best;
}

/** Lowest and highest slot of a series (first occurrence), or undefined when empty. */
export function priceRange(slots: readonly PriceSlot[]): { min: PriceSlot; max: PriceSlot } | undefined {
  if (slots.length === 0) return undefined;
  let min = slots[0]!;
  let max = slots[0]!;
  for (const s of slots) {
    if (s.perKWh < min.perKWh) min = s;
    if (s.perKWh > max.perKWh) max = s;
  }
  return { min, max };
}

/** Break-even price per kWh of one level (shared with Home Assistant's sensor; lives in the pure core). */
export { breakEvenPerKWh } from '../core/break-even.js';

import type { Instant } from '../core/types.js';
import type { Series } from './series.js';

const DAY_MS = 86_400_000;

/** Where European day-ahead prices peak on an average day (local hour), and how sure we must be. */
export const EVENING_PEAK_HOURS = { first: 16, last: 22 } as const;
const MIN_DAYS = 14;
/** A profile flatter than this share of its mean is a tariff, not a market: no shape to check. */
const MIN_RELATIVE_SWING = 0.1;

/**
 * The mean price per local hour of day over [from, to), from the series' own points.
 * Undefined when an hour has no point.
 */
export function meanDailyProfile(
  prices: Series,
  localHourOf: (at: Instant) => number,
  from: Instant,
  to: Instant,
): number[] | undefined {
  const sum = new Array<number>(24).fill(0);
  const count = new Array<number>(24).fill(0);
  for (let i = 0; i < prices.at.length; i++) {
    const at = prices.at[i]!;
    if (at < from || at >= to) continue;
    const hour = localHourOf(at);
    sum[hour]! += prices.value[i]!;
    count[hour]! += 1;
  }
  if (count.some((c) => c === 0)) return undefined;
  return sum.map((s, h) => s / count[h]!);
}

/**
 * A warning when a price file's average day looks shifted by hours, or undefined. The heuristic: the
 * mean daily profile of day-ahead prices peaks in the evening, 17–21 h local, in every month of DE-LU and
 * FR 2020–2024 (/work/shared/data/elec-prices-hourly: the yearly profile peaks at 19 h, months at 17–22 h),
 * so a peak outside 16–22 h over at least two weeks means the file's times are most likely read in the
 * wrong zone (a UTC file read as local moves it one or two hours, which this does not catch; a US or
 * Asian offset moves it six or more, which it does). Flat tariffs and short spans are not checked.
 */
export function priceShapeWarning(
  prices: Series,
  localHourOf: (at: Instant) => number,
  from: Instant,
  to: Instant,
): string | undefined {
  if (to - from < MIN_DAYS * DAY_MS) return undefined;
  const profile = meanDailyProfile(prices, localHourOf, from, to);
  if (!profile) return undefined;
  const max = Math.max(...profile);
  const min = Math.min(...profile);
  const mean = profile.reduce((a, b) => a + b, 0) / 24;
  if (max - min < MIN_RELATIVE_SWING * Math.abs(mean)) return undefined;
  const peak = profile.indexOf(max);
  if (peak >= EVENING_PEAK_HOURS.first && peak <= EVENING_PEAK_HOURS.last) return undefined;
  const shift = ((((19 - peak) % 24) + 36) % 24) - 12;
  return (
    `prices: the average day peaks at ${peak}:00 local, where day-ahead prices peak at 17–21 h; ` +
    `are the file's times in another zone? Set the price file's timeZone or utcOffset ` +
    `(${shift > 0 ? '+' : ''}${shift} h would put the peak at 19:00)`
  );
}

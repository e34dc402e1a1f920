// Pure functions the report's page runs in the browser: report-script.ts inlines their source
// (Function.prototype.toString), so each one is self-contained (no imports, no helpers outside its
// body) and plain JavaScript once its types are stripped. Unit tests call the very same functions.

/**
 * The indices to draw of several series sharing one x axis, between `from` (inclusive) and `to`
 * (exclusive), in about `buckets` equal buckets: the first and last index and, in every bucket, the
 * index of each series' minimum and of its maximum, sorted. A one-step spike survives any bucket
 * size (an 8-hour mean would flatten it), and nothing is drawn that was not a real value at its time.
 * NaN values are not picked, except the first step of a bucket that has nothing else (a gap stays a gap).
 */
export function minMaxIndices(
  series: readonly ArrayLike<number>[],
  from: number,
  to: number,
  buckets: number,
): number[] {
  const n = to - from;
  if (n <= 0) return [];
  const size = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(buckets))));
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  for (let start = from; start < to; start += size) {
    const end = Math.min(to, start + size);
    for (const s of series) {
      let lo = -1;
      let hi = -1;
      for (let i = start; i < end; i++) {
        const v = s[i] as number;
        if (Number.isNaN(v)) continue;
        if (lo < 0 || v < (s[lo] as number)) lo = i;
        if (hi < 0 || v > (s[hi] as number)) hi = i;
      }
      keep[(lo < 0 ? start : lo) - from] = 1;
      if (hi >= 0) keep[hi - from] = 1;
    }
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(from + i);
  return out;
}

/** One tick of the time axis: the step index it marks and what it labels. */
export interface TimeTick {
  i: number;
  kind: 'month' | 'day' | 'hour';
}

/**
 * Time-axis ticks for steps [from, to): at local month starts, day starts (every 1, 2, 7 or 14 days)
 * or hours (every 1, 2, 3, 6 or 12 h after each local midnight), the finest spacing that gives at
 * most `max` ticks (and at least one). `days` and `months` are the step indices of every local midnight and month start
 * of the whole run (from the site's time zone); spacing counts from the run's start, so ticks stay put
 * while the window moves. Hour ticks on a 23/25-hour day follow the steps, not the wall clock.
 */
export function timeTicks(
  days: readonly number[],
  months: readonly number[],
  from: number,
  to: number,
  stepsPerHour: number,
  max: number,
): TimeTick[] {
  const inside = (i: number) => i >= from && i < to;
  for (const hours of [1, 2, 3, 6, 12]) {
    const ticks: TimeTick[] = [];
    for (let d = 0; d < days.length && ticks.length <= max; d++) {
      const start = days[d] as number;
      const next = d + 1 < days.length ? (days[d + 1] as number) : start + 24 * stepsPerHour;
      if (next <= from || start >= to) continue;
      for (let i = start; i < next; i += hours * stepsPerHour)
        if (inside(i)) ticks.push({ i, kind: i === start ? 'day' : 'hour' });
    }
    if (ticks.length > 0 && ticks.length <= max) return ticks;
  }
  for (const every of [1, 2, 7, 14]) {
    const ticks: TimeTick[] = [];
    days.forEach((i, d) => {
      if (d % every === 0 && inside(i)) ticks.push({ i, kind: 'day' });
    });
    if (ticks.length > 0 && ticks.length <= max) return ticks;
  }
  for (const every of [1, 2, 3, 6, 12]) {
    const ticks: TimeTick[] = [];
    months.forEach((i, m) => {
      if (m % every === 0 && inside(i)) ticks.push({ i, kind: 'month' });
    });
    if (ticks.length <= max || every === 12) return ticks;
  }
  return [];
}

/**
 * Round values for a value axis from lo to hi: steps of 1, 2 or 5 × 10^k, at most `max` + 1 ticks,
 * every tick inside [lo, hi].
 */
export function niceTicks(lo: number, hi: number, max: number): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / Math.max(1, max);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = 10 * power;
  for (const m of [1, 2, 5]) {
    if (m * power >= raw) {
      step = m * power;
      break;
    }
  }
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(k * step + 0); // + 0: no −0
  return out;
}

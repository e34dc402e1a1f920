import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { minMaxIndices, niceTicks, timeTicks } from '../../src/backtest/chart-math.js';
import { clippedCurves } from '../../src/backtest/focus.js';

/** The function as the report's page gets it: its source alone, evaluated with nothing in scope. */
function asInlined<T>(fn: T): T {
  // esbuild (tsx) may wrap named functions in __name(); the page defines the same no-op.
  return new Function(`const __name = (f) => f; return (${String(fn)});`)() as T;
}

describe('min/max downsampling', () => {
  const year = 35_136; // 366 days of 15-min steps
  const flat = new Float64Array(year).fill(20);
  flat[12_345] = 31.5; // one 15-min spike
  flat[20_000] = 4; // one dip

  it('keeps a one-step spike and dip that an 8-hour mean would hide', () => {
    const kept = minMaxIndices([flat], 0, year, 1000);
    expect(kept).toContain(12_345);
    expect(kept).toContain(20_000);
    expect(Math.max(...kept.map((i) => flat[i]!))).toBe(31.5);
    expect(Math.min(...kept.map((i) => flat[i]!))).toBe(4);
    // What the old chart drew: 32-step (8 h) means; the spike's bucket shows 20.3 °C, not 31.5 °C.
    const bucket = flat.subarray(12_320, 12_352);
    expect(bucket.reduce((a, v) => a + v, 0) / bucket.length).toBeLessThan(20.5);
  });

  it('returns sorted indices inside the window, first and last included, about two per bucket and series', () => {
    const wave = Float64Array.from({ length: year }, (_, i) => Math.sin(i / 37) + (i % 97 === 0 ? 5 : 0));
    const kept = minMaxIndices([flat, wave], 1000, 30_000, 500);
    expect(kept[0]).toBe(1000);
    expect(kept[kept.length - 1]).toBe(29_999);
    for (let k = 1; k < kept.length; k++) expect(kept[k]!).toBeGreaterThan(kept[k - 1]!);
    expect(kept.length).toBeLessThanOrEqual(2 * 2 * 501 + 2);
    // Every bucket's maximum of the wave is among the kept points.
    const size = Math.ceil(29_000 / 500);
    for (let start = 1000; start < 30_000; start += size) {
      const slice = Array.from(wave.subarray(start, Math.min(30_000, start + size)));
      const top = start + slice.indexOf(Math.max(...slice));
      expect(kept).toContain(top);
    }
  });

  it('keeps every step when there are fewer steps than buckets, and skips NaN', () => {
    const s = [1, Number.NaN, 3, 2];
    expect(minMaxIndices([s], 0, 4, 10)).toEqual([0, 1, 2, 3]);
    expect(minMaxIndices([[Number.NaN, 1, Number.NaN, 2, 7, Number.NaN]], 0, 6, 2)).toEqual([0, 1, 3, 4, 5]);
    expect(minMaxIndices([s], 3, 3, 10)).toEqual([]);
  });

  it('runs the same when inlined into the page', () => {
    expect(asInlined(minMaxIndices)([flat], 0, year, 1000)).toEqual(minMaxIndices([flat], 0, year, 1000));
  });
});

describe('time ticks', () => {
  // Hourly steps over 2024 in Berlin: 366 local midnights, 12 month starts, 23 h on 31 March, 25 h on 27 October.
  const start = DateTime.fromISO('2024-01-01', { zone: 'Europe/Berlin' });
  const days: number[] = [];
  const months: number[] = [];
  for (let d = 0; d < 366; d++) {
    const day = start.plus({ days: d });
    const i = Math.round(day.diff(start, 'hours').hours);
    days.push(i);
    if (day.day === 1) months.push(i);
  }
  const steps = Math.round(start.plus({ years: 1 }).diff(start, 'hours').hours);

  it('marks month starts over a year, days over a month, hours over two days', () => {
    expect(steps).toBe(8784);
    const year = timeTicks(days, months, 0, steps, 1, 12);
    expect(year).toEqual(months.map((i) => ({ i, kind: 'month' })));
    const month = timeTicks(days, months, days[31]!, days[60]!, 1, 10);
    expect(month.every((t) => t.kind === 'day')).toBe(true);
    expect(month.map((t) => t.i)).toEqual([35, 42, 49, 56].map((d) => days[d]!)); // weekly, stable
    const two = timeTicks(days, months, days[10]!, days[12]!, 1, 10);
    expect(two.map((t) => t.i - days[10]!)).toEqual([0, 6, 12, 18, 24, 30, 36, 42]);
    expect(two.map((t) => t.kind)).toEqual(['day', 'hour', 'hour', 'hour', 'day', 'hour', 'hour', 'hour']);
  });

  it('puts the day tick after a 23-hour day at the next local midnight', () => {
    const march31 = 90; // day index of 2024-03-31
    expect(days[march31 + 1]! - days[march31]!).toBe(23);
    const ticks = timeTicks(days, months, days[march31]!, days[march31 + 2]!, 1, 10);
    expect(ticks.filter((t) => t.kind === 'day').map((t) => t.i)).toEqual([days[march31], days[march31 + 1]]);
    expect(asInlined(timeTicks)(days, months, days[march31]!, days[march31 + 2]!, 1, 10)).toEqual(ticks);
  });

  it('thins month ticks on a long run', () => {
    const many = Array.from({ length: 36 }, (_, m) => m * 730);
    expect(timeTicks([], many, 0, 36 * 730, 1, 10).map((t) => t.i)).toEqual(
      [0, 6, 12, 18, 24, 30].map((m) => m * 730),
    );
  });
});

describe('value ticks and the focus of the cumulative chart', () => {
  it('picks round steps inside the range', () => {
    expect(niceTicks(0, 3.65, 5)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(-140, 4, 6)).toEqual([-100, -50, 0]);
    expect(niceTicks(-140, 4, 8)).toEqual([-140, -120, -100, -80, -60, -40, -20, 0]);
    expect(niceTicks(19.8, 22.6, 6).map((v) => Math.round(v * 10) / 10)).toEqual([
      20, 20.5, 21, 21.5, 22, 22.5,
    ]);
    expect(niceTicks(5, 5, 5)).toEqual([5]);
    expect(asInlined(niceTicks)(0, 3.65, 5)).toEqual([0, 1, 2, 3]);
  });

  it('leaves out curves that dwarf the ones that matter, keeps those that do not', () => {
    // Nano DE-LU 2024: the thermostat-only miner loses 138 EUR while the planner saves 3.6 EUR.
    const curves = [
      { name: 'baseline', lo: 0, hi: 0 },
      { name: 'thermostat', lo: -138.1, hi: 0.2 },
      { name: 'threshold', lo: -0.01, hi: 0.1 },
      { name: 'planner', lo: -0.2, hi: 3.63 },
      { name: 'optimum', lo: 0, hi: 3.65 },
      { name: 'money', lo: 0, hi: 9 },
    ];
    expect(clippedCurves(curves, ['baseline', 'live', 'planner', 'optimum'])).toEqual([
      'thermostat',
      'money',
    ]);
    expect(clippedCurves(curves.slice(2, 3), ['planner'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { periodRows, periodsOf } from '../../src/backtest/periods.js';
import type { Trace } from '../../src/backtest/simulate.js';

/** A trace from per-step values (the simulator stores the cumulative sums). */
function trace(steps: { w: number; cost: number; cold?: number; hot?: number }[]): Trace {
  const cum = (pick: (s: (typeof steps)[number]) => number) => {
    let sum = 0;
    return Float64Array.from(steps, (s) => (sum += pick(s)));
  };
  return {
    roomC: new Float32Array(steps.length + 1),
    minerW: Float32Array.from(steps, (s) => s.w),
    gridW: Float32Array.from(steps, (s) => s.w),
    netCost: cum((s) => s.cost),
    coldKh: cum((s) => s.cold ?? 0),
    hotKh: cum((s) => s.hot ?? 0),
  };
}

describe('report periods', () => {
  it('splits steps by local day and by month, in order', () => {
    const dates = ['2024-01-31', '2024-01-31', '2024-02-01', '2024-02-01', '2024-02-02'];
    expect(periodsOf(dates, 'day')).toEqual([
      { label: '2024-01-31', from: 0, to: 2 },
      { label: '2024-02-01', from: 2, to: 4 },
      { label: '2024-02-02', from: 4, to: 5 },
    ]);
    expect(periodsOf(dates, 'month')).toEqual([
      { label: '2024-01', from: 0, to: 2 },
      { label: '2024-02', from: 2, to: 5 },
    ]);
    expect(periodsOf([], 'month')).toEqual([]);
  });

  it('sums cost, run hours, energy and extra cold/hot over the baseline per period', () => {
    const periods = periodsOf(['d1', 'd1', 'd2', 'd2'], 'day');
    const base = trace([
      { w: 0, cost: 1, cold: 0.5 },
      { w: 0, cost: 1 },
      { w: 0, cost: 2, hot: 0.25 },
      { w: 0, cost: 2 },
    ]);
    const s = trace([
      { w: 100, cost: 0.5 },
      { w: 0, cost: 1 },
      { w: 140, cost: 2.5, hot: 1 },
      { w: 80, cost: 1, cold: 0.1 },
    ]);
    const rows = periodRows(periods, s, base, 0.25);
    expect(rows[0]).toMatchObject({ label: 'd1', runHours: 0.25, extraColdKh: -0.5, extraHotKh: 0 });
    expect(rows[0]!.netCost).toBeCloseTo(1.5, 12);
    expect(rows[0]!.saved).toBeCloseTo(0.5, 12);
    expect(rows[0]!.minerKWh).toBeCloseTo(0.025, 12);
    expect(rows[1]).toMatchObject({ label: 'd2', runHours: 0.5 });
    expect(rows[1]!.netCost).toBeCloseTo(3.5, 12);
    expect(rows[1]!.saved).toBeCloseTo(0.5, 12);
    expect(rows[1]!.minerKWh).toBeCloseTo(0.055, 12);
    expect(rows[1]!.extraColdKh).toBeCloseTo(0.1, 12);
    expect(rows[1]!.extraHotKh).toBeCloseTo(0.75, 12);
    // The periods add up to the whole run.
    const total = rows.reduce((a, r) => a + r.netCost, 0);
    expect(total).toBeCloseTo(s.netCost[3]!, 12);
  });
});

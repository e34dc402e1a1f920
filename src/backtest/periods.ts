import type { Trace } from './simulate.js';

/** Consecutive steps sharing a local day (`YYYY-MM-DD`) or month (`YYYY-MM`): steps [from, to). */
export interface Period {
  label: string;
  from: number;
  to: number;
}

/** One strategy's totals over one period, comfort against the no-miner baseline over the same steps. */
export interface PeriodRow {
  label: string;
  netCost: number;
  /** Baseline's net cost − this strategy's (currency; positive when it saved). */
  saved: number;
  /** Hours in which at least one miner drew power. */
  runHours: number;
  minerKWh: number;
  extraColdKh: number;
  extraHotKh: number;
}

/** Splits the steps by local day or month from each step's local date (`YYYY-MM-DD`). */
export function periodsOf(dates: readonly string[], unit: 'day' | 'month'): Period[] {
  const key = (date: string) => (unit === 'day' ? date : date.slice(0, 7));
  const out: Period[] = [];
  dates.forEach((date, i) => {
    const label = key(date);
    const last = out[out.length - 1];
    if (last && last.label === label) last.to = i + 1;
    else out.push({ label, from: i, to: i + 1 });
  });
  return out;
}

/** What a cumulative series (value at the end of each step) adds over steps [from, to). */
const over = (cumulative: ArrayLike<number>, from: number, to: number) =>
  (cumulative[to - 1] ?? 0) - (from > 0 ? (cumulative[from - 1] ?? 0) : 0);

/**
 * Per-period totals of one strategy's traces: net cost, saving against the baseline, run hours,
 * miner energy and extra cold/hot K·h beyond the baseline's in the same period.
 */
export function periodRows(
  periods: readonly Period[],
  trace: Trace,
  baseline: Trace,
  stepHours: number,
): PeriodRow[] {
  return periods.map(({ label, from, to }) => {
    let runSteps = 0;
    let minerWh = 0;
    for (let i = from; i < to; i++) {
      const w = trace.minerW[i] ?? 0;
      if (w > 0) runSteps += 1;
      minerWh += w * stepHours;
    }
    const netCost = over(trace.netCost, from, to);
    return {
      label,
      netCost,
      saved: over(baseline.netCost, from, to) - netCost,
      runHours: runSteps * stepHours,
      minerKWh: minerWh / 1000,
      extraColdKh: over(trace.coldKh, from, to) - over(baseline.coldKh, from, to),
      extraHotKh: over(trace.hotKh, from, to) - over(baseline.hotKh, from, to),
    };
  });
}

import { clippedCurves } from './focus.js';
import { periodRows, periodsOf } from './periods.js';
import type { BacktestResult } from './run.js';
import type { BacktestWorld } from './world.js';

/** Strategy colours (ColorBrewer Dark2/Paired), shared by the tables and the charts. */
export const COLORS: Record<string, string> = {
  baseline: '#888888',
  thermostat: '#d95f02',
  threshold: '#7570b3',
  live: '#1b9e77',
  planner: '#e7298a',
  optimum: '#1f78b4',
  money: '#a6cee3',
};

/** The curves the cumulative chart's y range is fitted to; others are clipped when they dwarf these. */
export const FOCUS = ['baseline', 'live', 'planner', 'optimum'];

/**
 * A series as whole multiples of 10^−digits: the first value, then each step's difference from the one
 * before, a run of three or more unchanged steps written as [count]. Short JSON for the page (a miner at
 * one level, a room held at its minimum or a flat cumulative cost is a handful of characters).
 */
export interface Deltas {
  d: number;
  v: (number | [number])[];
}

/** Rounds to `digits` decimals and encodes the differences (see Deltas). */
export function encodeDeltas(values: ArrayLike<number>, digits: number): Deltas {
  const f = 10 ** digits;
  const v: (number | [number])[] = [];
  let previous = 0;
  let zeros = 0;
  const flush = () => {
    if (zeros >= 3) v.push([zeros]);
    else for (let k = 0; k < zeros; k++) v.push(0);
    zeros = 0;
  };
  for (let i = 0; i < values.length; i++) {
    const q = Math.round((values[i] as number) * f);
    if (i > 0 && q === previous) zeros += 1;
    else {
      flush();
      v.push(q - previous);
    }
    previous = q;
  }
  flush();
  return { d: digits, v };
}

/** The values of an encoded series. The page runs this function's source (self-contained, like chart-math.ts). */
export function decodeDeltas(e: Deltas): number[] {
  const out: number[] = [];
  let q = 0;
  for (const d of e.v) {
    if (typeof d === 'number') {
      q += d;
      out.push(q / 10 ** e.d);
    } else for (let k = 0; k < d[0]; k++) out.push(q / 10 ** e.d);
  }
  return out;
}

const varies = (a: ArrayLike<number>) => {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return true;
  return false;
};
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Local midnights and month starts as step indices (from each step's local date). */
function calendar(dates: readonly string[]): { days: number[]; months: number[] } {
  const days: number[] = [];
  const months: number[] = [];
  dates.forEach((date, i) => {
    if (i > 0 && date === dates[i - 1]) return;
    days.push(i);
    if (i === 0 || date.slice(0, 7) !== dates[i - 1]!.slice(0, 7)) months.push(i);
  });
  return { days, months };
}

/**
 * Everything the report's page draws, as one JSON-able object: the input series the run has (import
 * price always; export price, hashprice and PV surplus when they vary), per strategy room temperature,
 * miner power and cumulative net value against the no-miner baseline, per-day and per-month totals, and
 * which curves the cumulative chart clips.
 */
export function reportData(result: BacktestResult, world: BacktestWorld) {
  const f = world.frames;
  const n = f.start.length;
  const dates = f.local.map((l) => l.date);
  const stepHours = f.stepMs / 3_600_000;
  const base = result.baselineTrace;
  const values = result.strategies.map((s) =>
    Float64Array.from(s.trace.netCost, (cost, i) => base.netCost[i]! - cost),
  );
  const extents = result.strategies.map((s, k) => {
    let lo = 0;
    let hi = 0;
    for (const v of values[k]!) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return { name: s.name, lo, hi };
  });
  const hasPv = f.surplusW.some((w) => w > 0);
  const periods = (unit: 'day' | 'month') => {
    const list = periodsOf(dates, unit);
    const rows = Object.fromEntries(
      result.strategies.map((s) => [
        s.name,
        periodRows(list, s.trace, base, stepHours).map((r) => [
          round(r.netCost, 2),
          round(r.saved, 2),
          round(r.runHours, 2),
          round(r.minerKWh, 2),
          round(r.extraColdKh, 2),
          round(r.extraHotKh, 2),
        ]),
      ]),
    );
    return { labels: list.map((p) => p.label), rows };
  };
  return {
    currency: result.currency,
    timeZone: world.bc.config.site.timeZone,
    start: f.start[0] ?? 0,
    stepMs: f.stepMs,
    stepsPerHour: Math.max(1, Math.round(3_600_000 / f.stepMs)),
    n,
    ...calendar(dates),
    minC: world.room.minC,
    maxC: world.room.maxC,
    /** The zone chart's title: a tank's water or a room's air. */
    zoneTitle: world.model.zones.find((z) => z.id === world.bc.backtest.house.zone)?.tank
      ? 'Water temperature'
      : 'Room temperature',
    series: {
      price: encodeDeltas(f.importPerKWh, 4),
      export: hasPv || varies(f.exportPerKWh) ? encodeDeltas(f.exportPerKWh, 4) : null,
      hashprice: varies(f.hashprice) ? encodeDeltas(f.hashprice, 4) : null,
      surplus: hasPv ? encodeDeltas(f.surplusW, 0) : null,
      outdoor: encodeDeltas(f.outdoorC, 1),
    },
    strategies: result.strategies.map((s, k) => ({
      name: s.name,
      label: s.label,
      color: COLORS[s.name] ?? '#333333',
      roomC: encodeDeltas(s.trace.roomC.subarray(0, n), 2),
      minerW: encodeDeltas(s.trace.minerW, 0),
      value: encodeDeltas(values[k]!, 3),
    })),
    clipped: clippedCurves(extents, FOCUS),
    periods: { month: periods('month'), day: periods('day') },
  };
}

/** The report page's data object. */
export type ReportData = ReturnType<typeof reportData>;

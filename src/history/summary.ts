import { DateTime } from 'luxon';
import type { IntervalRow } from './store.js';

/** How `GET /api/history` and `hashheat report` group intervals. */
export type HistoryStep = '15m' | '1h' | '1d';

/** Sums over one step: per miner and for the site. */
export interface StepTotals {
  /** Start of the step (epoch ms; local midnight for days). */
  start: number;
  /** Local label: `2026-11-03` for a day, `2026-11-03 14:00` otherwise. */
  label: string;
  miners: Record<string, Money>;
  total: Money;
}

/** Energy and money over a span. */
export interface Money {
  energyKWh: number;
  revenue: number;
  heatCredit: number;
  powerCost: number;
  net: number;
}

const zero = (): Money => ({ energyKWh: 0, revenue: 0, heatCredit: 0, powerCost: 0, net: 0 });

function add(into: Money, row: IntervalRow): void {
  into.energyKWh += row.energyKWh;
  into.revenue += row.revenue;
  into.heatCredit += row.heatCredit;
  into.powerCost += row.powerCost;
  into.net = into.revenue + into.heatCredit - into.powerCost;
}

/** Groups intervals into steps of local time (days follow the site's time zone, DST included). */
export function summarize(rows: readonly IntervalRow[], step: HistoryStep, timeZone: string): StepTotals[] {
  const steps = new Map<number, StepTotals>();
  for (const row of rows) {
    const local = DateTime.fromMillis(row.start, { zone: timeZone });
    const startOf = step === '1d' ? local.startOf('day') : step === '1h' ? local.startOf('hour') : local;
    const start = startOf.toMillis();
    let totals = steps.get(start);
    if (!totals) {
      const label = step === '1d' ? startOf.toFormat('yyyy-MM-dd') : startOf.toFormat('yyyy-MM-dd HH:mm');
      totals = { start, label, miners: {}, total: zero() };
      steps.set(start, totals);
    }
    totals.miners[row.minerId] ??= zero();
    add(totals.miners[row.minerId]!, row);
    add(totals.total, row);
  }
  return [...steps.values()].sort((a, b) => a.start - b.start);
}

/** Totals per miner and for the site over all rows. */
export function totalsOf(rows: readonly IntervalRow[]): { miners: Record<string, Money>; total: Money } {
  const miners: Record<string, Money> = {};
  const total = zero();
  for (const row of rows) {
    miners[row.minerId] ??= zero();
    add(miners[row.minerId]!, row);
    add(total, row);
  }
  return { miners, total };
}

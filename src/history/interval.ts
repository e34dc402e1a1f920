/** One miner's money and energy over one 15-minute interval. */
export interface IntervalRow {
  minerId: string;
  /** Start of the interval (epoch ms, a multiple of 15 min). */
  start: number;
  energyKWh: number;
  revenue: number;
  heatCredit: number;
  powerCost: number;
}

/** Length of one history interval (ms). */
export const INTERVAL_MS = 15 * 60_000;

/** Rows ordered by start, then miner (byte order of the ids, as SQLite's `ORDER BY start, miner` did). */
export function byStartThenMiner(a: IntervalRow, b: IntervalRow): number {
  if (a.start !== b.start) return a.start - b.start;
  return a.minerId < b.minerId ? -1 : a.minerId > b.minerId ? 1 : 0;
}

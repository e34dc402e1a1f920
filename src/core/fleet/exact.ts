/** A miner's choice in the exact allocation: its levels' power (W) and net value per hour. */
export interface ExactItem {
  levels: readonly { powerW: number; netPerHour: number }[];
}

/** Above this many table cells (miners × power units × levels) the exact solver declines. */
const MAX_CELLS = 3_000_000;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The power unit all levels are multiples of (W), or undefined when a level's power is not a whole W. */
function powerUnitW(items: readonly ExactItem[]): number | undefined {
  let unit = 0;
  for (const item of items)
    for (const level of item.levels) {
      if (!Number.isInteger(level.powerW)) return undefined;
      unit = gcd(unit, level.powerW);
    }
  return unit > 0 ? unit : undefined;
}

/**
 * The best level index per item under `budgetW` (multiple-choice knapsack by dynamic programming over
 * power in the levels' common unit), or undefined when that would be too large a table ("exact where
 * cheap", issue 20). Ties keep the earlier, lower level: deterministic for the same items in the same order.
 */
export function exactChoice(items: readonly ExactItem[], budgetW: number): number[] | undefined {
  const unitW = powerUnitW(items);
  if (unitW === undefined || budgetW < 0) return undefined;
  const maxPower = items.reduce((sum, item) => sum + Math.max(...item.levels.map((l) => l.powerW)), 0);
  const units = Math.floor(Math.min(budgetW, maxPower) / unitW);
  const levelCount = items.reduce((sum, item) => sum + item.levels.length, 0);
  if ((units + 1) * levelCount > MAX_CELLS) return undefined;
  let best = new Float64Array(units + 1);
  const choices = items.map(() => new Int16Array(units + 1));
  items.forEach((item, i) => {
    const next = new Float64Array(units + 1).fill(Number.NEGATIVE_INFINITY);
    const choice = choices[i]!;
    item.levels.forEach((level, l) => {
      const w = level.powerW / unitW;
      for (let u = w; u <= units; u++) {
        const value = best[u - w]! + level.netPerHour;
        if (value > next[u]!) {
          next[u] = value;
          choice[u] = l;
        }
      }
    });
    best = next;
  });
  // best[u] = the most value with at most u units (every item has a level of some power ≤ u, else −∞).
  let u = 0;
  for (let k = 1; k <= units; k++) if (best[k]! > best[u]!) u = k;
  if (!Number.isFinite(best[u]!)) return undefined;
  const picked = new Array<number>(items.length);
  for (let i = items.length - 1; i >= 0; i--) {
    const l = choices[i]![u]!;
    picked[i] = l;
    u -= items[i]!.levels[l]!.powerW / unitW;
  }
  return picked;
}

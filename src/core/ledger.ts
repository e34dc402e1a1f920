import type { LedgerRow } from './decision.js';
import type { MinerModel } from './model.js';
import type { Constraint, Term } from './policy.js';
import { splitPower } from './power-split.js';

/** Sums policy terms per level and marks levels forbidden by constraints. */
export function buildLedger(
  miner: MinerModel,
  terms: readonly Term[],
  constraints: readonly Constraint[],
  surplusW: number | undefined,
): LedgerRow[] {
  return miner.levels.map((level) => {
    const sum = (category: Term['category']) =>
      terms.filter((t) => t.category === category).reduce((acc, t) => acc + (t.perHour[level.id] ?? 0), 0);
    const revenuePerHour = sum('revenue');
    const heatCreditPerHour = sum('heatCredit');
    const powerCostPerHour = sum('powerCost');
    const otherPerHour = sum('other');
    const netPerHour = revenuePerHour + heatCreditPerHour + otherPerHour - powerCostPerHour;
    const blocking = constraints.find(
      (c) =>
        (c.kind === 'forbid' && c.levelIds.includes(level.id)) ||
        (c.kind === 'min-net' && level.id !== 'off' && netPerHour < c.perHour),
    );
    const split = splitPower(level.powerW, surplusW);
    return {
      levelId: level.id,
      powerW: level.powerW,
      ths: level.ths,
      surplusW: split.surplusW,
      gridW: split.gridW,
      revenuePerHour,
      heatCreditPerHour,
      powerCostPerHour,
      otherPerHour,
      netPerHour,
      allowed: !blocking,
      ...(blocking ? { blockedBy: `${blocking.policy}: ${blocking.reason}` } : {}),
    };
  });
}

/** The allowed row with the highest net value; ties go to the lower power. Undefined when none is allowed. */
export function bestRow(ledger: readonly LedgerRow[]): LedgerRow | undefined {
  let best: LedgerRow | undefined;
  for (const row of ledger) {
    if (!row.allowed) continue;
    if (!best || row.netPerHour > best.netPerHour + 1e-12) best = row;
  }
  return best;
}

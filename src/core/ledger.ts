import type { LedgerRow } from './decision.js';
import type { MinerModel } from './model.js';
import type { Constraint, Term } from './policy.js';
import { splitPower } from './power-split.js';

/** Sums policy terms per level (one pass over the terms) and marks levels forbidden by constraints. */
export function buildLedger(
  miner: MinerModel,
  terms: readonly Term[],
  constraints: readonly Constraint[],
  surplusW: number | undefined,
): LedgerRow[] {
  return miner.levels.map((level) => {
    let revenuePerHour = 0;
    let heatCreditPerHour = 0;
    let powerCostPerHour = 0;
    let otherPerHour = 0;
    for (const term of terms) {
      const value = term.perHour[level.id];
      if (value === undefined) continue;
      if (term.category === 'revenue') revenuePerHour += value;
      else if (term.category === 'heatCredit') heatCreditPerHour += value;
      else if (term.category === 'powerCost') powerCostPerHour += value;
      else otherPerHour += value;
    }
    const netPerHour = revenuePerHour + heatCreditPerHour + otherPerHour - powerCostPerHour;
    const blocking = blockingConstraint(constraints, level.id, netPerHour);
    const split = splitPower(level.powerW, surplusW);
    const row: LedgerRow = {
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
    };
    if (blocking) row.blockedBy = `${blocking.policy}: ${blocking.reason}`;
    return row;
  });
}

/** The first constraint that rules a level out, if any. */
function blockingConstraint(
  constraints: readonly Constraint[],
  levelId: string,
  netPerHour: number,
): Constraint | undefined {
  for (const c of constraints) {
    if (c.kind === 'forbid' && c.levelIds.includes(levelId)) return c;
    if (c.kind === 'min-net' && levelId !== 'off' && netPerHour < c.perHour) return c;
  }
  return undefined;
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

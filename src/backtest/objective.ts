import type { PlanTotals } from '../core/planner/plan-types.js';

/** The configured prices of discomfort (currency per K·h below minC / above maxC), as the planner's. */
export interface Penalties {
  coldPerKh: number;
  hotPerKh: number;
}

/** What a strategy is scored on: net cost and the comfort it gives up, relative to the no-miner baseline. */
export interface Scored {
  /** Degree-hours below minC / above maxC beyond the baseline's (K·h, negative when better). */
  extraColdKh: number;
  extraHotKh: number;
  /** net cost + coldPerKh · extraColdKh + hotPerKh · extraHotKh (currency): what the optimum minimises. */
  objective: number;
}

/** Rounding noise of summing the same K·h in another order (below 1e-9 K·h) as 0, so no −0.0 shows. */
const clean = (kh: number) => (Math.abs(kh) < 1e-9 ? 0 : kh);

/**
 * The one objective every strategy is scored on and the optimum minimises. Penalties are charged on
 * the K·h beyond the baseline's, so the baseline's objective is its net cost; the optimum's solver
 * charges the absolute K·h, which differs by a constant (the baseline's), so both rank alike.
 */
export function score(totals: PlanTotals, baseline: PlanTotals, penalties: Penalties): Scored {
  const extraColdKh = clean(totals.coldKh - baseline.coldKh);
  const extraHotKh = clean(totals.hotKh - baseline.hotKh);
  return {
    extraColdKh,
    extraHotKh,
    objective: totals.netCost + penalties.coldPerKh * extraColdKh + penalties.hotPerKh * extraHotKh,
  };
}

/**
 * (baseline − strategy) / (baseline − optimum) on the objective; undefined when the optimum gains
 * nothing (|gain| below 1e-9).
 */
export function capturedShare(strategy: number, baseline: number, optimum: number): number | undefined {
  const gain = baseline - optimum;
  return Math.abs(gain) < 1e-9 ? undefined : (baseline - strategy) / gain;
}

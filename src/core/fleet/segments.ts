import type { MinerOffer, OfferLevel } from './offer.js';

/**
 * One step up a miner's value curve: from level `fromIndex` to `toIndex`, costing `extraW` more power
 * and gaining `gainPerHour` more net value. Steps of one miner are taken in order.
 */
export interface Step {
  key: string;
  priority: number;
  /** Position of this step in its miner's chain (0 = the first step up from the base level). */
  rank: number;
  toIndex: number;
  extraW: number;
  gainPerHour: number;
  /** Marginal value per W (currency per hour per W). */
  perW: number;
}

/**
 * The upper concave hull of a miner's levels from `baseIndex` upward, as steps with falling value per W:
 * the order in which a greedy allocation would raise it (the LP relaxation of the multiple-choice
 * knapsack). Steps that gain nothing are dropped, so the greedy never buys a loss.
 */
export function hullSteps(key: string, miner: MinerOffer, baseIndex: number): Step[] {
  const levels: OfferLevel[] = miner.levels;
  const steps: Step[] = [];
  let from = baseIndex;
  for (;;) {
    const base = levels[from]!;
    let best = -1;
    let bestPerW = 0;
    for (let i = from + 1; i < levels.length; i++) {
      const level = levels[i]!;
      const extraW = level.powerW - base.powerW;
      const gain = level.netPerHour - base.netPerHour;
      if (extraW <= 0 || gain <= 0) continue;
      const perW = gain / extraW;
      // Ties go to the higher level: one step instead of two with the same value per W.
      if (perW >= bestPerW) {
        best = i;
        bestPerW = perW;
      }
    }
    if (best < 0) return steps;
    const to = levels[best]!;
    steps.push({
      key,
      priority: miner.priority,
      rank: steps.length,
      toIndex: best,
      extraW: to.powerW - base.powerW,
      gainPerHour: to.netPerHour - base.netPerHour,
      perW: bestPerW,
    });
    from = best;
  }
}

/** Greedy order: lower priority number first, then higher value per W, then the key and rank (deterministic). */
export function compareSteps(a: Step, b: Step): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  if (a.perW !== b.perW) return b.perW - a.perW;
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.rank - b.rank;
}

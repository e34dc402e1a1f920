import type { capacityView } from '../capacity.js';
import type { Level } from '../types.js';
import type { PlanInput, PlanResult, PlanSlotInput } from './plan-types.js';
import type { SolveScratch } from './solve.js';
import { solveStartsCapLast } from './starts-cap.js';

// The capacity tariff in the planner (issue 18): each slot's headroom under the month's peak, and the
// plan that raises the peak only where the raise pays for itself.

function minOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/**
 * A capacity tariff's headroom in one slot (W) after the miners planned before this one: the budget
 * the decision has now for the first slot, then what the month's peak leaves at today's house load
 * (there is no house-load forecast).
 */
export function capacityCapW(
  capacity: ReturnType<typeof capacityView>,
  slot: number,
  takenW: number,
): number | undefined {
  if (!capacity || 'why' in capacity) return undefined;
  const leftW = slot === 0 ? capacity.budgetW : capacity.peakW - capacity.marginW - capacity.houseW;
  return Math.max(0, leftW - takenW);
}

/**
 * The plan with a capacity tariff: the month's peak is a state the plan may raise once. Under a
 * constant house load what a raise costs depends only on its size, and the best plan for a raise r
 * is the plan with each slot capped at its headroom + r; so trying r = 0 and each level's raise gives
 * the exact optimum (at most one solve per level). A raise's cost: r × the price per kW-month.
 */
export function solveWithPeak(
  input: PlanInput,
  headroomW: readonly (number | undefined)[],
  levels: readonly Level[],
  capacity: ReturnType<typeof capacityView>,
  settings: { coldPenaltyPerKh: number; hotPenaltyPerKh: number },
  scratch?: SolveScratch,
): { result: PlanResult; raiseW: number; slotsUsed: readonly PlanSlotInput[] } {
  if (!capacity || 'why' in capacity)
    return { result: solveStartsCapLast(input, { scratch }), raiseW: 0, slotsUsed: input.slots };
  const tightestW = Math.min(...headroomW.map((h) => h ?? Number.POSITIVE_INFINITY));
  const raises = [0, ...levels.map((l) => l.powerW - tightestW).filter((r) => r > 0)];
  let best:
    | { result: PlanResult; raiseW: number; slotsUsed: readonly PlanSlotInput[]; objective: number }
    | undefined;
  for (const raiseW of [...new Set(raises)]) {
    const slotsUsed = input.slots.map((slot, i) => {
      const capW = minOf(slot.maxPowerW, headroomW[i] === undefined ? undefined : headroomW[i]! + raiseW);
      return capW === undefined ? slot : { ...slot, maxPowerW: capW };
    });
    const result = solveStartsCapLast({ ...input, slots: slotsUsed }, { scratch });
    const t = result.totals;
    const objective =
      t.netCost +
      settings.coldPenaltyPerKh * t.coldKh +
      settings.hotPenaltyPerKh * t.hotKh +
      (raiseW / 1000) * capacity.perKWMonth;
    if (!best || objective < best.objective - 1e-9) best = { result, raiseW, slotsUsed, objective };
  }
  return best!;
}

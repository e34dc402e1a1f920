import type { PlanInput, PlanResult } from './plan-types.js';
import { solvePlan } from './solve.js';

/**
 * The most starts any local day of a schedule has: a start is a slot on a running level after a
 * slot (or the start state) off; the start state's starts today count for the first slot's day, as
 * the solver's guard state counts them.
 */
export function mostStartsPerDay(input: PlanInput, levelIndex: readonly number[]): number {
  let most = 0;
  let day = input.slots[0]?.day;
  let starts = input.start.startsToday;
  let previous = input.start.levelIndex;
  levelIndex.forEach((level, t) => {
    const slotDay = input.slots[t]!.day;
    if (slotDay !== day) {
      day = slotDay;
      starts = 0;
    }
    if (previous === 0 && level > 0) starts += 1;
    most = Math.max(most, starts);
    previous = level;
  });
  return most;
}

/**
 * `solvePlan` for a long period with a starts-per-day cap: first without the cap, whose guard state
 * then needs no starts counter (seven times fewer cells for six starts a day); if no day of that
 * schedule starts more often than the cap allows, that schedule is the answer, else the capped
 * problem is solved. For the exact problem a relaxation's optimum that meets the dropped constraint
 * is the constrained optimum; on the solver's grid both solves approximate it, and on both full-year
 * backtests they give the same objective to the last digit (issue 16: the S9 year's optimum has at
 * most 3 starts on any day against a cap of 6, and takes 1.7 s instead of 4.8 s).
 */
export function solveStartsCapLast(
  input: PlanInput,
  options: Parameters<typeof solvePlan>[1] = {},
): PlanResult {
  const cap = input.guards.maxStartsPerDay;
  if (!Number.isFinite(cap)) return solvePlan(input, options);
  const relaxed = solvePlan(
    { ...input, guards: { ...input.guards, maxStartsPerDay: Number.POSITIVE_INFINITY } },
    options,
  );
  return mostStartsPerDay(input, relaxed.levelIndex) <= cap ? relaxed : solvePlan(input, options);
}

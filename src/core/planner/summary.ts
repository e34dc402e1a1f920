import type { Instant, Level } from '../types.js';
import type { MinerPlan, PlannedSlot, PlanResult, PlanSlotInput } from './plan-types.js';
import type { RoomModel } from './thermal.js';

/** A run of consecutive slots at one level. */
export interface PlannedRun {
  start: Instant;
  end: Instant;
  levelId: string;
}

/** What a decision record says about a miner's plan: next start/stop and the planned levels. */
export interface PlanSummary {
  plannedAt: Instant;
  /** First planned start / stop after now (epoch ms); absent when none in the horizon. */
  nextStartAt?: Instant;
  nextStopAt?: Instant;
  /** Expected net cost over the horizon (currency). */
  expectedNetCost: number;
  runs: PlannedRun[];
}

/** The plan as the snapshot carries it: one planned level per slot, with the plan's assumptions. */
export function toMinerPlan(
  result: PlanResult,
  input: { slots: readonly PlanSlotInput[]; levels: readonly Level[]; room?: RoomModel; plannedAt: Instant },
): MinerPlan {
  const slots: PlannedSlot[] = input.slots.map((s, i) => ({
    start: s.start,
    end: s.end,
    levelId: input.levels[result.levelIndex[i]!]!.id,
    surplusW: s.surplusW,
    ...(input.room ? { roomC: result.roomC[i]! } : {}),
  }));
  return {
    plannedAt: input.plannedAt,
    ...(input.room ? { minC: input.room.minC, maxC: input.room.maxC } : {}),
    ...(input.room?.heatingLimitC !== undefined ? { heatingLimitC: input.room.heatingLimitC } : {}),
    expectedNetCost: result.totals.netCost,
    slots,
  };
}

/** Consecutive slots at one level merged into runs. */
export function planRuns(slots: readonly PlannedSlot[]): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const s of slots) {
    const last = runs[runs.length - 1];
    if (last && last.levelId === s.levelId && last.end === s.start) last.end = s.end;
    else runs.push({ start: s.start, end: s.end, levelId: s.levelId });
  }
  return runs;
}

/** Next start and stop after `now` relative to the level planned for now, and the runs ahead. */
export function summarizePlan(plan: MinerPlan, now: Instant): PlanSummary {
  const ahead = plan.slots.filter((s) => s.end > now);
  const runs = planRuns(ahead);
  const current = ahead.find((s) => s.start <= now && now < s.end);
  let running = current ? current.levelId !== 'off' : false;
  let nextStartAt: Instant | undefined;
  let nextStopAt: Instant | undefined;
  for (const run of runs) {
    if (run.start <= now) continue;
    const on = run.levelId !== 'off';
    if (on && !running && nextStartAt === undefined) nextStartAt = run.start;
    if (!on && running && nextStopAt === undefined) nextStopAt = run.start;
    running = on;
  }
  return {
    plannedAt: plan.plannedAt,
    ...(nextStartAt !== undefined ? { nextStartAt } : {}),
    ...(nextStopAt !== undefined ? { nextStopAt } : {}),
    expectedNetCost: plan.expectedNetCost,
    runs,
  };
}

import type { MinerPlan, PlannedSlot } from '../src/core/planner/plan-types.js';
import { planRuns } from '../src/core/planner/summary.js';
import type { Policy, PolicyContext, PolicyResult } from '../src/core/policy.js';
import { scalar } from '../src/core/signals.js';

/** Extra grid draw over what the plan assumed that makes a fresh surplus reading contradict it (W, at least). */
const SURPLUS_SLACK_W = 50;

function duration(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
}

/** Why fresh measurements contradict the plan's slot, or undefined when the plan still holds. */
function contradiction(ctx: PolicyContext, plan: MinerPlan, slot: PlannedSlot): string | undefined {
  const zoneId = ctx.miner.zoneId;
  const room = zoneId ? scalar(ctx.snapshot, ctx.model, `zone.${zoneId}.tempC`) : undefined;
  const running = slot.levelId !== 'off';
  if (room?.ok && running && plan.maxC !== undefined && room.value >= plan.maxC)
    return `the room is ${room.value.toFixed(1)} °C, at or above the plan's maximum ${plan.maxC} °C`;
  // Above the heating limit the house wants no heat: a room below minC is what the plan expected.
  const outdoor = scalar(ctx.snapshot, ctx.model, 'outdoor.tempC');
  const noHeatWanted = plan.heatingLimitC !== undefined && outdoor.ok && outdoor.value >= plan.heatingLimitC;
  if (room?.ok && !running && plan.minC !== undefined && room.value < plan.minC && !noHeatWanted)
    return `the room is ${room.value.toFixed(1)} °C, below the plan's minimum ${plan.minC} °C`;
  const powerW = ctx.miner.levels.find((l) => l.id === slot.levelId)?.powerW ?? 0;
  const plannedGridW = Math.max(0, powerW - slot.surplusW);
  const measuredW = ctx.surplusW ?? 0;
  const gridW = Math.max(0, powerW - measuredW);
  if (running && gridW - plannedGridW > Math.max(SURPLUS_SLACK_W, 0.1 * powerW))
    return `it assumed ${Math.round(slot.surplusW)} W of surplus, ${Math.round(measuredW)} W measured`;
  return undefined;
}

function describe(plan: MinerPlan, slot: PlannedSlot, now: number): string {
  const runs = planRuns(plan.slots);
  const index = runs.findIndex((r) => r.start <= now && now < r.end);
  const run = runs[index];
  const next = runs[index + 1];
  if (!run) return `planned ${slot.levelId}`;
  const then = next ? `, then ${next.levelId}` : '';
  return `planned ${slot.levelId} for ${duration(run.end - now)} more${then}`;
}

/**
 * Follows the look-ahead plan (`snapshot.plans`) for the current slot with a non-bypassing force:
 * guards and forbids still apply, a manual override still wins. When fresh measurements contradict
 * the plan (room outside its band, less surplus than assumed) it steps aside and the ledger decides.
 */
export function plannerPolicy(): Policy {
  const name = 'planner';
  return {
    name,
    evaluate(ctx): PolicyResult {
      const plan = ctx.snapshot.plans?.[ctx.miner.id];
      if (!plan) return {};
      const now = ctx.snapshot.now;
      const slot = plan.slots.find((s) => s.start <= now && now < s.end);
      if (!slot)
        return { abstentions: [{ policy: name, reason: 'the plan has no slot for now', essential: false }] };
      if (!ctx.miner.levels.some((l) => l.id === slot.levelId)) {
        const reason = `the plan names level "${slot.levelId}" the miner does not have`;
        return { abstentions: [{ policy: name, reason, essential: false }] };
      }
      const why = contradiction(ctx, plan, slot);
      if (why)
        return {
          abstentions: [{ policy: name, reason: `not following the plan: ${why}`, essential: false }],
        };
      const reason = describe(plan, slot, now);
      return {
        constraints: [{ policy: name, kind: 'force', levelId: slot.levelId, reason, bypassGuards: false }],
      };
    },
  };
}

import { syntheticPowerW } from '../src/core/continuous.js';
import type { ZoneModel } from '../src/core/model.js';
import type { Abstention, Constraint, Policy, PolicyContext, PolicyResult } from '../src/core/policy.js';
import { scalar } from '../src/core/signals.js';
import type { TankModel } from '../src/core/tank.js';

const POLICY = 'tank-guard';

/** The tank a miner heats, if its zone is a water zone. */
function tankZoneOf(ctx: PolicyContext): (ZoneModel & { tank: TankModel }) | undefined {
  if (ctx.miner.zoneId === undefined) return undefined;
  const zone = ctx.model.zones.find((z) => z.id === ctx.miner.zoneId);
  return zone?.tank ? (zone as ZoneModel & { tank: TankModel }) : undefined;
}

/**
 * Hard high-limit cut-off: at or above `highLimitC`, or with the water temperature unknown, every
 * running level is forbidden at once (a safety forbid like the fuse: no guard, plan or override runs it).
 */
function highLimit(ctx: PolicyContext, zone: ZoneModel & { tank: TankModel }): Constraint | undefined {
  const water = scalar(ctx.snapshot, ctx.model, `zone.${zone.id}.tempC`);
  const limitC = zone.tank.highLimitC;
  let reason: string | undefined;
  if (!water.ok)
    reason = `${zone.name}: ${water.why}, its high limit ${limitC} °C cannot be checked: stopped`;
  else if (water.value >= limitC)
    reason = `${zone.name} at ${water.value.toFixed(1)} °C ≥ high limit ${limitC} °C: stopped`;
  if (!reason) return undefined;
  const levelIds = ctx.miner.levels.filter((l) => l.id !== 'off').map((l) => l.id);
  return { policy: POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true, safety: true };
}

/**
 * Heat-exchanger ΔT limit: with outlet − inlet above `maxDeltaK` the water flow is too low for the
 * miner's heat, so it may not step up and steps down: every level at or above the power it runs at is
 * forbidden (a power-target miner's `w700` included), so it takes the next lower one or off.
 */
function deltaLimit(
  ctx: PolicyContext,
  zone: ZoneModel & { tank: TankModel },
): { constraint?: Constraint; abstention?: Abstention } {
  const maxK = zone.tank.maxDeltaK;
  if (maxK === undefined) return {};
  const inlet = scalar(ctx.snapshot, ctx.model, `zone.${zone.id}.inlet.tempC`);
  const outlet = scalar(ctx.snapshot, ctx.model, `zone.${zone.id}.outlet.tempC`);
  if (!inlet.ok || !outlet.ok) {
    const why = inlet.ok ? (outlet as { why: string }).why : inlet.why;
    return {
      abstention: { policy: POLICY, reason: `${why}: ΔT limit ${maxK} K not checked`, essential: false },
    };
  }
  const riseK = outlet.value - inlet.value;
  if (riseK <= maxK) return {};
  // The power it runs at now (a configured level, or a power target `w700`); off = 0.
  const { levels } = ctx.miner;
  const levelId = ctx.memory.levelId;
  const currentW =
    levelId === 'off' ? 0 : (levels.find((l) => l.id === levelId)?.powerW ?? syntheticPowerW(levelId) ?? 0);
  const levelIds = levels
    .filter((l) => l.id !== 'off' && (currentW === 0 || l.powerW >= currentW))
    .map((l) => l.id);
  const step = currentW > 0 ? 'steps down' : 'may not start';
  const reason = `${zone.name} outlet − inlet ${riseK.toFixed(1)} K > ΔT limit ${maxK} K: ${step}`;
  return { constraint: { policy: POLICY, kind: 'forbid', levelIds, reason, bypassGuards: true } };
}

/** A water zone's own limits (issue 19 item 4): the high-limit cut-off and the exchanger's ΔT limit. */
export function tankGuardPolicy(): Policy {
  return {
    name: POLICY,
    // Only miners in a water zone: the others never pay for this policy (issue 16: per-tick cost).
    appliesTo: (miner, model) => model.zones.some((z) => z.id === miner.zoneId && z.tank !== undefined),
    evaluate(ctx): PolicyResult {
      const zone = tankZoneOf(ctx);
      if (!zone) return {};
      const constraints: Constraint[] = [];
      const abstentions: Abstention[] = [];
      const cutOff = highLimit(ctx, zone);
      if (cutOff) constraints.push(cutOff);
      const delta = deltaLimit(ctx, zone);
      if (delta.constraint) constraints.push(delta.constraint);
      if (delta.abstention) abstentions.push(delta.abstention);
      return { constraints, abstentions };
    },
  };
}

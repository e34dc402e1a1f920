import type { AlternativeHeater, ZoneModel } from '../src/core/model.js';
import type { Abstention, Constraint, Policy, PolicyContext, PolicyResult } from '../src/core/policy.js';
import { termFor } from '../src/core/policy.js';
import { priceNow, scalar } from '../src/core/signals.js';
import { dailyDrawOffKWh, type TankModel } from '../src/core/tank.js';

/** Each model's zones by id, and each zone's signal keys: built once, not per miner and tick (issue 16). */
const zonesById = new WeakMap<readonly ZoneModel[], Map<string, ZoneModel>>();
const zoneKeys = new WeakMap<ZoneModel, { tempC: string; heatDemandW: string }>();

function zoneOf(ctx: PolicyContext): ZoneModel | undefined {
  let byId = zonesById.get(ctx.model.zones);
  if (!byId) {
    byId = new Map(ctx.model.zones.map((z) => [z.id, z]));
    zonesById.set(ctx.model.zones, byId);
  }
  return ctx.miner.zoneId === undefined ? undefined : byId.get(ctx.miner.zoneId);
}

function keysOf(zone: ZoneModel): { tempC: string; heatDemandW: string } {
  let keys = zoneKeys.get(zone);
  if (!keys) {
    keys = { tempC: `zone.${zone.id}.tempC`, heatDemandW: `zone.${zone.id}.heatDemandW` };
    zoneKeys.set(zone, keys);
  }
  return keys;
}

/** Target temperature of a zone now: a run-time target (e.g. from Home Assistant) wins over config. */
export function zoneTargetC(ctx: PolicyContext, zone: ZoneModel): number {
  return ctx.snapshot.zoneTargetsC[zone.id] ?? zone.targetC;
}

/** Cost per kWh of the heat the miner displaces, or why it is unknown. */
function displacedHeatPerKWh(ctx: PolicyContext, heater: AlternativeHeater): number | string {
  if (heater.type === 'none') return 0;
  if (heater.type === 'gas') return heater.perKWh / heater.efficiency;
  const importPrice = priceNow(ctx.snapshot, ctx.model, 'price.import');
  if (!importPrice.ok) return importPrice.why;
  return heater.type === 'heat-pump' ? importPrice.value / heater.cop : importPrice.value;
}

/**
 * Heat the zone wants now (W): a heat-demand reading, else from room and outdoor temperature, less the
 * zone's gains, none at or above its heating limit.
 */
function heatWantedW(ctx: PolicyContext, zone: ZoneModel, roomC: number): number {
  if (zone.tank) {
    const outdoor = scalar(ctx.snapshot, ctx.model, 'outdoor.tempC');
    const ambientC = zone.tank.ambientC ?? (outdoor.ok ? outdoor.value : undefined);
    return tankWantedW(zone.tank, zoneTargetC(ctx, zone), roomC, ambientC);
  }
  const demand = scalar(ctx.snapshot, ctx.model, keysOf(zone).heatDemandW);
  if (demand.ok) return Math.max(0, demand.value);
  const targetC = zoneTargetC(ctx, zone);
  if (roomC >= targetC) return 0;
  const outdoor = scalar(ctx.snapshot, ctx.model, 'outdoor.tempC');
  // At or above the heating limit the house wants no heat; gains cover part of what it wants below it.
  if (outdoor.ok && zone.heatingLimitC !== undefined && outdoor.value >= zone.heatingLimitC) return 0;
  if (zone.heatLossWPerK === undefined || !outdoor.ok) return Number.POSITIVE_INFINITY;
  return Math.max(0, zone.heatLossWPerK * Math.max(0, targetC - outdoor.value) - (zone.gainsW ?? 0));
}

/**
 * Heat a water zone wants now (W): all of it below the target; between target and maxC only what
 * replaces the standing loss and the day's mean draw-off (stored heat beyond that displaces nothing soon).
 */
function tankWantedW(tank: TankModel, targetC: number, waterC: number, ambientC: number | undefined): number {
  if (waterC < targetC) return Number.POSITIVE_INFINITY;
  // An outdoor pool without an outdoor reading: its loss is not counted (less credit, never more).
  const lossW = ambientC === undefined ? 0 : tank.standingLossWPerK * Math.max(0, waterC - ambientC);
  return lossW + (dailyDrawOffKWh(tank.drawOff) * 1000) / 24;
}

/** Comfort: never run above maxC; after a stop, wait until the room falls below maxC − bandC. */
function comfortConstraint(ctx: PolicyContext, zone: ZoneModel, roomC: number): Constraint | undefined {
  const resumeC = zone.maxC - zone.bandC;
  if (roomC < zone.maxC && (ctx.memory.levelId !== 'off' || roomC <= resumeC)) return undefined;
  const onLevels = ctx.miner.levels.filter((l) => l.id !== 'off').map((l) => l.id);
  const policy = 'heat-credit';
  if (roomC >= zone.maxC) {
    const reason = `${zone.name} is ${roomC.toFixed(1)} °C, at or above its maximum ${zone.maxC} °C`;
    return { policy, kind: 'forbid', levelIds: onLevels, reason, bypassGuards: true };
  }
  if (ctx.memory.levelId === 'off' && roomC > resumeC) {
    const reason = `${zone.name} is ${roomC.toFixed(1)} °C, waiting until it falls below ${resumeC} °C`;
    return { policy, kind: 'forbid', levelIds: onLevels, reason };
  }
  return undefined;
}

/**
 * Heat credit: while the miner's zone wants heat, min(level power, wanted heat) × the cost of the
 * heat it displaces (heat pump: import price / COP; gas: price / efficiency; resistive: import price).
 */
export function heatCreditPolicy(): Policy {
  const name = 'heat-credit';
  return {
    name,
    evaluate(ctx): PolicyResult {
      const zone = zoneOf(ctx);
      if (!zone) return {};
      const room = scalar(ctx.snapshot, ctx.model, keysOf(zone).tempC);
      if (!room.ok) {
        const reason = `${room.why}, heat counted as worth 0`;
        return { abstentions: [{ policy: name, reason, essential: false }] };
      }
      const constraint = comfortConstraint(ctx, zone, room.value);
      const constraints = constraint ? [constraint] : [];
      const perKWh = displacedHeatPerKWh(ctx, zone.heater);
      const abstentions: Abstention[] = [];
      if (typeof perKWh === 'string') {
        abstentions.push({ policy: name, reason: `${perKWh}, heat counted as worth 0`, essential: false });
        return { constraints, abstentions };
      }
      const wantedW = heatWantedW(ctx, zone, room.value);
      const term = termFor(name, 'heatCredit', ctx.miner, (i) => {
        return (Math.min(ctx.miner.levels[i]!.powerW, wantedW) * perKWh) / 1000;
      });
      return { terms: [term], constraints, abstentions };
    },
  };
}

import { capacityView } from '../capacity.js';
import { eventCapW, knownEvents, pricedByEvents } from '../grid-events.js';
import { loadShares } from '../loads.js';
import type { MinerMemory } from '../memory.js';
import type { MinerModel, Model, ZoneModel } from '../model.js';
import { scalar } from '../signals.js';
import { allocationOrder, siteSurplus } from '../surplus.js';
import type { Instant, Level, Snapshot } from '../types.js';
import { capacityCapW, solveWithPeak } from './peak-plan.js';
import { continuation, type Forecasts, horizon, zoneGainsW } from './plan-horizon.js';
import type { PlannerSettings, ZoneThermal } from './plan-settings.js';
import type { MinerPlan, PlanInput, PlanSlotInput, PlanStart } from './plan-types.js';
import { slotGuards } from './slot-guards.js';
import type { SolveScratch } from './solve.js';
import { toMinerPlan } from './summary.js';
import type { HeaterModel, RoomModel } from './thermal.js';

export type { Forecasts } from './plan-horizon.js';
export type { PlannerSettings, ZoneThermal } from './plan-settings.js';

function heaterOf(zone: ZoneModel, thermal: ZoneThermal): HeaterModel {
  const h = zone.heater;
  if (h.type === 'heat-pump') return { type: 'heat-pump', cop: h.cop, copPerK: thermal.copPerK ?? 0 };
  return h;
}

/** The room a miner heats, from its zone and the zone's thermal settings. */
export function roomOf(model: Model, settings: PlannerSettings, miner: MinerModel): RoomModel | undefined {
  const zone = model.zones.find((z) => z.id === miner.zoneId);
  const thermal = zone && settings.zones[zone.id];
  if (!zone || !thermal) return undefined;
  return {
    heatLossWPerK: thermal.heatLossWPerK,
    capacityKWhPerK: thermal.capacityKWhPerK,
    minC: thermal.minC,
    maxC: zone.maxC,
    bandC: zone.bandC,
    heater: heaterOf(zone, thermal),
    heaterMaxW: Number.POSITIVE_INFINITY,
    heatingLimitC: thermal.heatingLimitC,
  };
}

/**
 * The levels a plan may use. For a miner nothing can switch off, `off` is planned at the power and
 * hashrate of its lowest level (what `decide` runs instead), so the plan counts what it really costs.
 */
export function reachableLevels(levels: readonly Level[], canSwitchOff: boolean | undefined): Level[] {
  const lowest = levels.find((l) => l.id !== 'off');
  if (canSwitchOff !== false || !lowest) return [...levels];
  return levels.map((l) => (l.id === 'off' ? { id: 'off', powerW: lowest.powerW, ths: lowest.ths } : l));
}

/** Where the miner stands now, in slots, from the core's memory. */
export function planStart(memory: MinerMemory | undefined, miner: MinerModel, now: Instant, slotMs: number) {
  const levelId = memory?.levelId ?? 'off';
  const index = Math.max(
    0,
    miner.levels.findIndex((l) => l.id === levelId),
  );
  const since = index === 0 ? memory?.offSince : memory?.onSince;
  const slots = (at: Instant | undefined) => (at === undefined ? 1e6 : Math.floor((now - at) / slotMs));
  return {
    levelIndex: index,
    slotsInState: slots(since),
    slotsAtLevel: slots(memory?.levelSince),
    startsToday: memory?.startsToday ?? 0,
  };
}

/**
 * Plans every miner for the snapshot's horizon, in allocation order: a later miner sees the
 * earlier ones' planned heat in its room and their planned draw taken from the surplus. A miner
 * whose inputs are missing (prices, hashprice, room or outdoor temperature) gets no plan.
 */
export function planAll(
  inputs: Snapshot,
  model: Model,
  settings: PlannerSettings,
  memory: Record<string, MinerMemory>,
  forecasts: Forecasts = {},
  /** Value storage kept between plans (the backtest's rolling planner; see `SolveScratch`). */
  scratch?: SolveScratch,
): Record<string, MinerPlan> {
  // Grid events: a free or saving session's price in its slots, a stop or cap as each slot's limit.
  const snapshot = pricedByEvents(inputs);
  const events = knownEvents(snapshot.events);
  const capacity = capacityView(snapshot, model, { miners: memory });
  const plans: Record<string, MinerPlan> = {};
  const outdoor = scalar(snapshot, model, 'outdoor.tempC');
  const site = siteSurplus(snapshot, model, { miners: memory });
  const loads = loadShares(snapshot, model).shares;
  const heatW = new Map<string, number[]>();
  let takenW: number[] = [];
  for (const miner of allocationOrder(model.miners)) {
    const hashprice = scalar(snapshot, model, miner.revenueKey);
    if (!hashprice.ok) continue;
    const room = roomOf(model, settings, miner);
    const roomNow = room ? scalar(snapshot, model, `zone.${miner.zoneId}.tempC`) : undefined;
    const indoor = miner.zoneId !== undefined && settings.zones[miner.zoneId]?.ambientC !== undefined;
    if (room && (!roomNow?.ok || (!outdoor.ok && !forecasts.outdoorC && !indoor))) continue;
    const known = {
      hashprice: hashprice.value,
      outdoorC: outdoor.ok ? outdoor.value : 10,
      // Loads ahead of the miner keep their unmet want now (issue 19); later slots see the forecast.
      surplusNowW: Math.max(
        0,
        (site.surplusW ?? 0) -
          loads.reduce((sum, s) => sum + (s.load.priority < miner.priority ? s.unmetW : 0), 0),
      ),
    };
    const base = horizon(snapshot, settings, known, forecasts);
    if (base.length === 0) continue;
    const zoneHeat = heatW.get(miner.zoneId ?? '') ?? [];
    const thermal = miner.zoneId ? settings.zones[miner.zoneId] : undefined;
    const slots = base.map((s, i) => {
      const slot: PlanSlotInput = {
        ...s,
        surplusW: Math.max(0, s.surplusW - (takenW[i] ?? 0)),
        baseHeatW: zoneGainsW(thermal, snapshot, forecasts, s.start, settings.slotMs) + (zoneHeat[i] ?? 0),
      };
      // A tank loses heat to its surroundings, not to the outdoors.
      if (thermal?.ambientC !== undefined) slot.outdoorC = thermal.ambientC;
      const capW = eventCapW(events, s.start, s.end, miner.levels);
      if (capW !== undefined) slot.maxPowerW = capW;
      return slot;
    });
    const headroomW = slots.map((_, i) => capacityCapW(capacity, i, takenW[i] ?? 0));
    const start: PlanStart = {
      roomC: roomNow?.ok ? roomNow.value : 0,
      ...planStart(memory[miner.id], miner, snapshot.now, settings.slotMs),
    };
    const levels = reachableLevels(miner.levels, snapshot.miners[miner.id]?.canSwitchOff);
    const input: PlanInput = {
      slots,
      levels,
      poolFee: miner.poolFee,
      guards: slotGuards(miner.guards, settings.slotMs),
      ...(room ? { room } : {}),
      start,
      temperatureStepC: settings.temperatureStepC,
      coldPenaltyPerKh: settings.coldPenaltyPerKh,
      hotPenaltyPerKh: settings.hotPenaltyPerKh,
      valueStoredHeat: true,
    };
    const gainsAt = (at: Instant) => zoneGainsW(thermal, snapshot, forecasts, at, settings.slotMs);
    const after =
      room && continuation(snapshot, settings, slots, room, gainsAt, forecasts, thermal?.ambientC);
    if (after) input.continuation = after;
    const { result, raiseW, slotsUsed } = solveWithPeak(
      input,
      headroomW,
      levels,
      capacity,
      settings,
      scratch,
    );
    const plan = toMinerPlan(result, { slots: slotsUsed, levels, room, plannedAt: snapshot.now });
    if (raiseW > 0) plan.peakRaiseW = raiseW;
    plans[miner.id] = plan;
    const powers = result.levelIndex.map((l) => levels[l]!.powerW);
    takenW = slots.map((_, i) => (takenW[i] ?? 0) + powers[i]!);
    if (room && miner.zoneId)
      heatW.set(
        miner.zoneId,
        slots.map((_, i) => (zoneHeat[i] ?? 0) + powers[i]!),
      );
  }
  return plans;
}

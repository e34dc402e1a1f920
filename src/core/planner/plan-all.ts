import { capacityView } from '../capacity.js';
import { eventCapW, knownEvents, pricedByEvents } from '../grid-events.js';
import { loadShares } from '../loads.js';
import type { MinerMemory } from '../memory.js';
import type { MinerModel, Model, ZoneModel } from '../model.js';
import { scalar, slotAt } from '../signals.js';
import { allocationOrder, siteSurplus } from '../surplus.js';
import { type DrawOff, drawOffW } from '../tank.js';
import type { Instant, Level, PriceSlot, Snapshot } from '../types.js';
import { gainsW } from './gains.js';
import { capacityCapW, solveWithPeak } from './peak-plan.js';
import type { ContinuationSlot, MinerPlan, PlanInput, PlanSlotInput, PlanStart } from './plan-types.js';
import { slotGuards } from './slot-guards.js';
import { continuationHours, type SolveScratch } from './solve.js';
import { toMinerPlan } from './summary.js';
import type { HeaterModel, RoomModel } from './thermal.js';

/** A zone's thermal model for the planner. */
export interface ZoneThermal {
  heatLossWPerK: number;
  capacityKWhPerK: number;
  /** Comfort minimum the alternative heater holds (°C). */
  minC: number;
  /** Other heat into the room: people, appliances (W). */
  baseHeatW: number;
  /** Factors by local hour 0–23 multiplying `baseHeatW`; none = flat. */
  baseHeatByHour?: readonly number[] | undefined;
  /** Window area × g-value (m²): solar gains per W/m² of irradiance; 0 or none = no solar gains. */
  solarApertureM2?: number | undefined;
  /** Outdoor temperature at and above which the house wants no heat (°C); none = always below minC. */
  heatingLimitC?: number | undefined;
  /** Heat-pump COP change per K of outdoor temperature (0 = constant). */
  copPerK?: number;
  /** A water zone (tank): the temperature around it, used instead of the outdoor temperature (°C). */
  ambientC?: number;
  /** A water zone's daily draw-off profile: heat taken out, planned as negative gains. */
  drawOff?: readonly DrawOff[];
}

/** How the planner runs: horizon, slot length, grid step and the thermal model per zone id. */
export interface PlannerSettings {
  horizonMs: number;
  slotMs: number;
  temperatureStepC: number;
  coldPenaltyPerKh: number;
  hotPenaltyPerKh: number;
  zones: Record<string, ZoneThermal>;
  /** Past the published prices: stop the horizon there, or assume the last published day repeats. */
  beyondKnownPrices?: 'stop' | 'repeat-last-day';
}

const DAY_MS = 86_400_000;

/** The slot of a series at `at`, or with `repeat` the slot a whole number of days earlier that is known. */
function priceAt(slots: readonly PriceSlot[], at: Instant, repeat: boolean): PriceSlot | undefined {
  const found = slotAt(slots, at);
  const last = slots[slots.length - 1];
  if (found || !repeat || !last || at < last.end) return found;
  const back = Math.ceil((at - last.end + 1) / DAY_MS) * DAY_MS;
  return slotAt(slots, at - back);
}

/**
 * Optional forecasts (°C, W); without them, or where one answers undefined (outside its series),
 * the planner holds the current reading (outdoor) or assumes none (surplus).
 */
export interface Forecasts {
  outdoorC?(at: Instant): number | undefined;
  surplusW?(at: Instant): number | undefined;
  /** Solar irradiance on the windows (W/m²) for solar gains; none = no solar gains. */
  irradianceWPerM2?(at: Instant): number | undefined;
}

const HOUR_MS = 3_600_000;

/**
 * A zone's gains (W) in the slot starting at `at`: local hour from the snapshot's day start (a slot
 * across a daylight-saving change is an hour off in the profile), irradiance from the forecast.
 */
function zoneGainsW(
  thermal: ZoneThermal | undefined,
  snapshot: Snapshot,
  forecasts: Forecasts,
  at: Instant,
  slotMs: number,
): number {
  if (!thermal) return 0;
  const sinceMidnightMs = (((at - snapshot.local.dayStartAt) % DAY_MS) + DAY_MS) % DAY_MS;
  // A tank's draw-offs take heat out: negative gains at their local minutes.
  const drawW = thermal.drawOff ? drawOffW(thermal.drawOff, sinceMidnightMs / 60_000, slotMs / 60_000) : 0;
  if (!thermal.baseHeatByHour && !thermal.solarApertureM2) return thermal.baseHeatW - drawW;
  const hour = Math.floor(sinceMidnightMs / HOUR_MS) % 24;
  return gainsW(thermal, hour, forecasts.irradianceWPerM2?.(at) ?? 0) - drawW;
}

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

/** The horizon's slots from the known import series: prices, export, outdoor, surplus, hashprice. */
function horizon(
  snapshot: Snapshot,
  settings: PlannerSettings,
  known: { hashprice: number; outdoorC: number; surplusNowW: number },
  forecasts: Forecasts,
): PlanSlotInput[] {
  const imports = snapshot.series['price.import']?.value ?? [];
  const exports = snapshot.series['price.export']?.value ?? [];
  const { slotMs } = settings;
  const slots: PlanSlotInput[] = [];
  const first = Math.floor(snapshot.now / slotMs) * slotMs;
  for (let start = first; start < snapshot.now + settings.horizonMs; start += slotMs) {
    const repeat = settings.beyondKnownPrices === 'repeat-last-day';
    const price = priceAt(imports, start, repeat);
    if (!price) break;
    const dayOffset = Math.floor((start - snapshot.local.dayStartAt) / 86_400_000);
    const now = start === first;
    slots.push({
      start,
      end: start + slotMs,
      importPerKWh: price.perKWh,
      exportPerKWh: priceAt(exports, start, repeat)?.perKWh ?? 0,
      outdoorC: forecasts.outdoorC?.(start) ?? known.outdoorC,
      surplusW: now ? known.surplusNowW : (forecasts.surplusW?.(start) ?? 0),
      hashprice: known.hashprice,
      baseHeatW: 0,
      day: start < snapshot.local.dayEndAt ? snapshot.local.date : `${snapshot.local.date}+${dayOffset}`,
    });
  }
  return slots;
}

/**
 * The slots after the horizon that value the room at its end (no miner): outdoor from the forecast,
 * prices as the last published day repeats. Undefined without an outdoor forecast (the solver then
 * repeats the horizon's last day).
 */
function continuation(
  snapshot: Snapshot,
  settings: PlannerSettings,
  slots: readonly PlanSlotInput[],
  room: RoomModel,
  gainsAt: (at: Instant) => number,
  forecasts: Forecasts,
  ambientC: number | undefined,
): ContinuationSlot[] | undefined {
  const last = slots[slots.length - 1];
  if ((!forecasts.outdoorC && ambientC === undefined) || !last) return undefined;
  const imports = snapshot.series['price.import']?.value ?? [];
  const out: ContinuationSlot[] = [];
  const endMs = last.end + continuationHours(room) * 3_600_000;
  for (let start = last.end; start < endMs; start += settings.slotMs) {
    out.push({
      hours: settings.slotMs / 3_600_000,
      outdoorC: ambientC ?? forecasts.outdoorC?.(start) ?? last.outdoorC,
      baseHeatW: gainsAt(start),
      importPerKWh: priceAt(imports, start, true)?.perKWh ?? last.importPerKWh,
    });
  }
  return out;
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

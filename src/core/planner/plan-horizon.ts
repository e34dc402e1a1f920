/**
 * The slots a plan covers, from the snapshot and the forecasts, and those after its horizon that
 * value the room at its end (split from plan-all.ts, which plans the miners over them).
 */
import { slotAt } from '../signals.js';
import { drawOffW } from '../tank.js';
import type { Instant, PriceSlot, Snapshot } from '../types.js';
import { gainsW } from './gains.js';
import type { PlannerSettings, ZoneThermal } from './plan-settings.js';
import type { ContinuationSlot, PlanSlotInput } from './plan-types.js';
import { continuationHours } from './solve.js';
import type { RoomModel } from './thermal.js';

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
export function zoneGainsW(
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

/** The horizon's slots from the known import series: prices, export, outdoor, surplus, hashprice. */
export function horizon(
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
export function continuation(
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

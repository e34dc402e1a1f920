/**
 * Water zones (issue 19 item 4): a hot-water cylinder, pool or buffer as one well-mixed mass of water.
 * Energy content = volume × 4.186 kJ/(kg·K) × ΔT (1 kg per litre); standing loss UA × (T − ambient);
 * each draw-off takes its heat out and cold mains water replaces it. The planner and the backtest run
 * it through the room model of `planner/thermal.ts` (capacity, loss, ambient for outdoor, draw-off as
 * negative gains), so rooms and tanks share one exact solution.
 */

/** Specific heat of water: 4.186 kJ/(kg·K) = 4.186 / 3600 kWh per litre and K (1 kg/L). */
export const WATER_KWH_PER_LITRE_K = 4.186 / 3600;

/** One draw-off of the daily profile: the heat it takes out of the tank at a local minute of the day. */
export interface DrawOff {
  minuteOfDay: number;
  kWh: number;
}

/** A water zone's physics and limits (°C, W/K, kWh/K). */
export interface TankModel {
  volumeL: number;
  /** volumeL × 4.186 kJ/(kg·K) in kWh/K. */
  capacityKWhPerK: number;
  /** Standing loss per K above ambient (W/K). */
  standingLossWPerK: number;
  /** Temperature around the tank (°C); undefined = outdoors (`outdoor.tempC`, a pool outside). */
  ambientC?: number;
  /** The other heater holds the water at least this warm. */
  minC: number;
  /** Hard cut-off: every miner of the zone stops at or above it. */
  highLimitC: number;
  /** Largest outlet − inlet rise over the heat exchanger (K); none = not checked. */
  maxDeltaK?: number;
  coldWaterC: number;
  /** The daily draw-off profile, sorted by minute. */
  drawOff: readonly DrawOff[];
}

/**
 * EN 16147 / Commission Delegated Regulation (EU) No 812/2013, Annex VII, Table 1 ("24-hour load
 * profiles of water heaters"), profile M: 23 tappings, Q_ref = 5.845 kWh a day (two 1.4 kWh showers,
 * dishwashing 0.315 and 0.735 kWh, nineteen small 0.105 kWh tappings).
 * https://eur-lex.europa.eu/eli/reg_del/2013/812/oj (Annex VII, Table 1).
 */
const EN16147_M: readonly [string, number][] = [
  ['07:00', 0.105],
  ['07:05', 1.4],
  ['07:30', 0.105],
  ['08:01', 0.105],
  ['08:15', 0.105],
  ['08:30', 0.105],
  ['08:45', 0.105],
  ['09:00', 0.105],
  ['09:30', 0.105],
  ['10:30', 0.105],
  ['11:30', 0.105],
  ['11:45', 0.105],
  ['12:45', 0.315],
  ['14:30', 0.105],
  ['15:30', 0.105],
  ['16:30', 0.105],
  ['18:00', 0.105],
  ['18:15', 0.105],
  ['18:30', 0.105],
  ['19:00', 0.105],
  ['20:30', 0.735],
  ['21:15', 0.105],
  ['21:30', 1.4],
];

function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/** The tank section as the config gives it (validated). */
export interface TankSettings {
  volumeL: number;
  standingLossWPerK: number;
  ambientC: number | 'outdoor';
  minC: number;
  highLimitC: number;
  maxDeltaK?: number | undefined;
  coldWaterC: number;
  tapC: number;
  drawOff:
    | 'en16147-M'
    | 'none'
    | readonly { at: string; litres?: number | undefined; kWh?: number | undefined }[];
}

/** The daily profile in kWh per local minute: a preset's table, or litres of water at `tapC` heated from cold. */
export function drawOffProfile(tank: TankSettings): DrawOff[] {
  if (tank.drawOff === 'none') return [];
  const entries =
    tank.drawOff === 'en16147-M'
      ? EN16147_M.map(([at, kWh]) => ({ at, kWh, litres: undefined }))
      : tank.drawOff;
  return entries
    .map((e) => ({
      minuteOfDay: minuteOf(e.at),
      kWh: e.kWh ?? (e.litres ?? 0) * WATER_KWH_PER_LITRE_K * (tank.tapC - tank.coldWaterC),
    }))
    .sort((a, b) => a.minuteOfDay - b.minuteOfDay);
}

/** The core's tank model from its validated settings. */
export function tankModelOf(tank: TankSettings): TankModel {
  return {
    volumeL: tank.volumeL,
    capacityKWhPerK: tank.volumeL * WATER_KWH_PER_LITRE_K,
    standingLossWPerK: tank.standingLossWPerK,
    ...(tank.ambientC === 'outdoor' ? {} : { ambientC: tank.ambientC }),
    minC: tank.minC,
    highLimitC: tank.highLimitC,
    ...(tank.maxDeltaK !== undefined ? { maxDeltaK: tank.maxDeltaK } : {}),
    coldWaterC: tank.coldWaterC,
    drawOff: drawOffProfile(tank),
  };
}

/** Heat the whole profile draws in a day (kWh). */
export function dailyDrawOffKWh(drawOff: readonly DrawOff[]): number {
  return drawOff.reduce((sum, d) => sum + d.kWh, 0);
}

/**
 * Heat drawn (kWh) in the local minutes [fromMinute, fromMinute + minutes), wrapping at midnight;
 * a window of a day or more counts whole days.
 */
export function drawOffKWhIn(drawOff: readonly DrawOff[], fromMinute: number, minutes: number): number {
  const day = 1440;
  const whole = Math.floor(minutes / day);
  let kWh = whole * dailyDrawOffKWh(drawOff);
  const start = ((fromMinute % day) + day) % day;
  const end = start + (minutes - whole * day);
  for (const d of drawOff) {
    if ((d.minuteOfDay >= start && d.minuteOfDay < end) || d.minuteOfDay + day < end) kWh += d.kWh;
  }
  return kWh;
}

/** Mean draw-off power (W) over a slot starting at a local minute. */
export function drawOffW(drawOff: readonly DrawOff[], fromMinute: number, minutes: number): number {
  if (minutes <= 0 || drawOff.length === 0) return 0;
  return (drawOffKWhIn(drawOff, fromMinute, minutes) * 1000) / (minutes / 60);
}

/** Heat the tank holds above `fromC` (kWh). */
export function storedKWh(tank: TankModel, tempC: number, fromC: number): number {
  return tank.capacityKWhPerK * (tempC - fromC);
}

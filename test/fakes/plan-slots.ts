import type { PlanSlotInput } from '../../src/core/planner/plan-types.js';
import type { RoomModel } from '../../src/core/planner/thermal.js';
import type { Level } from '../../src/core/types.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 10, 0, 0, 0);

export const OFF: Level = { id: 'off', powerW: 0, ths: 0 };
/** 1 kW, 24 TH/s: at hashprice 0.1 per TH/s per day it earns 0.1 per hour, i.e. 0.1 per kWh. */
export const ONE_KW: Level = { id: 'on', powerW: 1000, ths: 24 };

/** Hourly planner slots from 2024-01-10 00:00 UTC, one per import price: 5 °C out, no surplus, hashprice 0.1. */
export function hourlySlots(prices: number[], extra: Partial<PlanSlotInput> = {}): PlanSlotInput[] {
  return prices.map((p, i) => ({
    start: T0 + i * HOUR,
    end: T0 + (i + 1) * HOUR,
    importPerKWh: p,
    exportPerKWh: 0,
    outdoorC: 5,
    surplusW: 0,
    hashprice: 0.1,
    baseHeatW: 0,
    day: '2024-01-10',
    ...extra,
  }));
}

/** A small room (60 W/K, 2 kWh/K, 20–22.5 °C) with a resistive heater. */
export const SMALL_ROOM: RoomModel = {
  heatLossWPerK: 60,
  capacityKWhPerK: 2,
  minC: 20,
  maxC: 22.5,
  bandC: 0.5,
  heater: { type: 'resistive' },
  heaterMaxW: Number.POSITIVE_INFINITY,
};

import type { Level } from '../types.js';
import type { PlanSlotInput, PlanTotals } from './plan-types.js';
import { heatCostPerKWh, type RoomModel, type RoomStep, stepRoom } from './thermal.js';

/** Hours a slot lasts. */
export function slotHours(slot: { start: number; end: number }): number {
  return (slot.end - slot.start) / 3_600_000;
}

/** Money of one miner at one level over one slot (currency), surplus valued at the export price. */
export function minerMoney(
  level: Level,
  slot: PlanSlotInput,
  poolFee: number,
): { electricityCost: number; miningRevenue: number } {
  const hours = slotHours(slot);
  const fromSurplusW = Math.max(0, Math.min(level.powerW, slot.surplusW));
  const gridW = level.powerW - fromSurplusW;
  return {
    electricityCost: ((gridW * slot.importPerKWh + fromSurplusW * slot.exportPerKWh) * hours) / 1000,
    miningRevenue: ((level.ths * slot.hashprice) / 24) * (1 - poolFee) * hours,
  };
}

/** The room over one slot with `minerHeatW` from the miners plus the slot's base heat, and what its heater costs. */
export function roomSlot(
  room: RoomModel,
  slot: PlanSlotInput,
  startC: number,
  minerHeatW: number,
): RoomStep & { heatingCost: number } {
  const hours = slotHours(slot);
  const step = stepRoom(room, startC, {
    heatInW: minerHeatW + slot.baseHeatW,
    outdoorC: slot.outdoorC,
    hours,
  });
  const perKWh = heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC);
  return { ...step, heatingCost: ((step.heaterW * hours) / 1000) * perKWh };
}

/** All-zero totals. */
export function emptyTotals(): PlanTotals {
  return {
    electricityCost: 0,
    miningRevenue: 0,
    heatingCost: 0,
    netCost: 0,
    minerHeatKWh: 0,
    heaterHeatKWh: 0,
    coldKh: 0,
    hotKh: 0,
    starts: 0,
  };
}

import type { Level } from '../types.js';
import type { PlanSlotInput, PlanTotals } from './plan-types.js';
import { heatCostPerKWh, type RoomModel, type RoomStep, stepRoom } from './thermal.js';

/** Hours a slot lasts. */
export function slotHours(slot: { start: number; end: number }): number {
  return (slot.end - slot.start) / 3_600_000;
}

/** Electricity of one miner at one level over one slot (currency): grid power at the import price, surplus at the export price. */
function electricityCost(level: Level, slot: PlanSlotInput, hours: number): number {
  const fromSurplusW = Math.max(0, Math.min(level.powerW, slot.surplusW));
  const gridW = level.powerW - fromSurplusW;
  return ((gridW * slot.importPerKWh + fromSurplusW * slot.exportPerKWh) * hours) / 1000;
}

/** Mining revenue of one miner at one level over one slot (currency), after the pool fee. */
function miningRevenue(level: Level, slot: PlanSlotInput, poolFee: number, hours: number): number {
  return ((level.ths * slot.hashprice) / 24) * (1 - poolFee) * hours;
}

/** Money of one miner at one level over one slot (currency), surplus valued at the export price. */
export function minerMoney(
  level: Level,
  slot: PlanSlotInput,
  poolFee: number,
): { electricityCost: number; miningRevenue: number } {
  const hours = slotHours(slot);
  return {
    electricityCost: electricityCost(level, slot, hours),
    miningRevenue: miningRevenue(level, slot, poolFee, hours),
  };
}

/**
 * `minerMoney`'s electricity cost less its mining revenue, the same bits, without an object: the
 * stage table asks for it per level and slot of every plan (issue 16: a rolling backtest plans 8,784
 * times, and those objects were a tenth of what it allocated).
 */
export function minerNetCost(level: Level, slot: PlanSlotInput, poolFee: number): number {
  const hours = slotHours(slot);
  return electricityCost(level, slot, hours) - miningRevenue(level, slot, poolFee, hours);
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

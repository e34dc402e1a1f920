import type { PlanTotals } from '../core/planner/plan-types.js';
import { emptyTotals, minerMoney, roomSlot, slotHours } from '../core/planner/slot-cost.js';
import { mayRun } from '../core/planner/thermal.js';
import { allocationOrder } from '../core/surplus.js';
import { type CapacityResult, CapacityTracker, capacityCharges, stepGridW } from './capacity.js';
import { actualSlot, type ReplayWorld } from './replay-world.js';

/** What a strategy sees at a step: where the room and the miners are now. */
export interface StepState {
  i: number;
  roomC: number;
  /** Level index per miner (model order) during the previous step. */
  levels: readonly number[];
}

/** A strategy: picks a level index per miner (model order) for each step. */
export interface Controller {
  choose(state: StepState): number[];
}

/** Per-step traces of one strategy for charts. */
export interface Trace {
  /** Room temperature at each step start, plus the end (°C). */
  roomC: Float32Array;
  /** Miners' total power per step (W). */
  minerW: Float32Array;
  /** Grid import per step (W): the house's own import plus what the miners draw beyond the surplus. */
  gridW: Float32Array;
  /** Cumulative net cost up to the end of each step (currency). */
  netCost: Float64Array;
  /** Cumulative degree-hours below minC / above maxC up to the end of each step (K·h). */
  coldKh: Float64Array;
  hotKh: Float64Array;
}

/** One strategy's replay: totals and traces. */
export interface StrategyRun {
  totals: PlanTotals;
  trace: Trace;
  /** With a capacity tariff: the month's peaks and charges, already in `totals` and the cost trace. */
  capacity?: CapacityResult;
}

/**
 * Replays a strategy through the house: the house rule (no miner heat at or above maxC; restart
 * only below maxC − bandC), surplus shared in allocation order and valued at the export price, the
 * alternative heater covering what the miners do not. The same accounting as the planner's.
 */
export function simulate(
  world: ReplayWorld,
  controller: Controller,
  onProgress?: (fraction: number) => void,
): StrategyRun {
  const n = world.frames.start.length;
  const totals = emptyTotals();
  const trace: Trace = {
    roomC: new Float32Array(n + 1),
    minerW: new Float32Array(n),
    gridW: new Float32Array(n),
    netCost: new Float64Array(n),
    coldKh: new Float64Array(n),
    hotKh: new Float64Array(n),
  };
  const order = allocationOrder(world.miners).map((m) => world.miners.indexOf(m));
  let levels = world.miners.map(() => 0);
  let roomC = world.startC;
  trace.roomC[0] = roomC;
  const every = Math.max(1, Math.floor(n / 100));
  for (let i = 0; i < n; i++) {
    const wanted = controller.choose({ i, roomC, levels });
    const chosen = wanted.map((l, k) =>
      l > 0 && world.heats[k] && !mayRun(world.room, roomC, levels[k]! > 0) ? 0 : l,
    );
    const slot = actualSlot(world, i);
    let surplusW = slot.surplusW;
    let heatW = 0;
    let drawW = 0;
    for (const k of order) {
      const level = world.miners[k]!.levels[chosen[k]!]!;
      const money = minerMoney(level, { ...slot, surplusW }, world.miners[k]!.poolFee);
      surplusW = Math.max(0, surplusW - level.powerW);
      totals.electricityCost += money.electricityCost;
      totals.miningRevenue += money.miningRevenue;
      if (world.heats[k]) heatW += level.powerW;
      drawW += level.powerW;
      if (levels[k] === 0 && chosen[k]! > 0) totals.starts += 1;
    }
    const step = roomSlot(world.room, slot, roomC, heatW);
    const hours = slotHours(slot);
    totals.heatingCost += step.heatingCost;
    totals.minerHeatKWh += (heatW * hours) / 1000;
    totals.heaterHeatKWh += (step.heaterW * hours) / 1000;
    totals.coldKh += step.coldKh;
    totals.hotKh += step.hotKh;
    roomC = step.endC;
    levels = chosen;
    trace.roomC[i + 1] = roomC;
    trace.minerW[i] = drawW;
    trace.gridW[i] = stepGridW(world.frames, i, drawW);
    trace.netCost[i] = totals.electricityCost + totals.heatingCost - totals.miningRevenue;
    trace.coldKh[i] = totals.coldKh;
    trace.hotKh[i] = totals.hotKh;
    if (onProgress && i % every === 0) onProgress(i / n);
  }
  const capacity = chargeCapacity(world, trace, totals);
  totals.netCost = totals.electricityCost + totals.heatingCost - totals.miningRevenue;
  onProgress?.(1);
  return capacity ? { totals, trace, capacity } : { totals, trace };
}

/**
 * A capacity tariff's charges for a replay (issue 18): the month's peaks of the traced grid import,
 * each month's charge added to the electricity cost and to the cost trace from the month's last step on.
 */
function chargeCapacity(world: ReplayWorld, trace: Trace, totals: PlanTotals): CapacityResult | undefined {
  const tariff = world.model.capacity;
  if (!tariff) return undefined;
  const tracker = new CapacityTracker(world.frames, tariff);
  trace.gridW.forEach((w, i) => {
    tracker.add(i, w);
  });
  const result = capacityCharges(tracker.months(), tariff);
  const local = world.frames.local;
  let added = 0;
  let m = 0;
  for (let i = 0; i < trace.netCost.length; i++) {
    const month = result.months[m];
    if (month && (i + 1 === local.length || local[i + 1]!.date.slice(0, 7) !== month.month)) {
      added += month.charge;
      m += 1;
    }
    trace.netCost[i] = trace.netCost[i]! + added;
  }
  totals.electricityCost += result.charge;
  return result;
}

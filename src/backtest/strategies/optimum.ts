import { slotGuards } from '../../core/planner/slot-guards.js';
import { solvePlan } from '../../core/planner/solve.js';
import { allocationOrder } from '../../core/surplus.js';
import type { Controller } from '../simulate.js';
import { actualSlot, type BacktestWorld } from '../world.js';

/**
 * The perfect-foresight optimum: the planner's solver (same objective, comfort penalties included)
 * over the whole period with the actual prices, temperatures and surplus. Miners are solved one after another in allocation order (each sees the
 * earlier ones' heat and draw), as the live planner does.
 */
export function optimumController(world: BacktestWorld): Controller {
  const n = world.frames.start.length;
  const base = Array.from({ length: n }, (_, i) => actualSlot(world, i));
  const heatW = new Float64Array(n);
  const takenW = new Float64Array(n);
  const schedules = world.miners.map(() => new Array<number>(n).fill(0));
  for (const miner of allocationOrder(world.miners)) {
    const k = world.miners.indexOf(miner);
    const heats = world.heats[k]!;
    const slots = base.map((s, i) => ({
      ...s,
      surplusW: Math.max(0, s.surplusW - takenW[i]!),
      baseHeatW: s.baseHeatW + heatW[i]!,
    }));
    const result = solvePlan({
      slots,
      levels: miner.levels,
      poolFee: miner.poolFee,
      guards: slotGuards(miner.guards, world.frames.stepMs),
      ...(heats ? { room: world.room } : {}),
      start: { roomC: world.startC, levelIndex: 0, slotsInState: 1e6, slotsAtLevel: 1e6, startsToday: 0 },
      temperatureStepC: world.settings.temperatureStepC,
      coldPenaltyPerKh: world.settings.coldPenaltyPerKh,
      hotPenaltyPerKh: world.settings.hotPenaltyPerKh,
    });
    schedules[k] = result.levelIndex;
    result.levelIndex.forEach((l, i) => {
      takenW[i] = takenW[i]! + miner.levels[l]!.powerW;
      if (heats) heatW[i] = heatW[i]! + miner.levels[l]!.powerW;
    });
  }
  return { choose: ({ i }) => schedules.map((s) => s[i]!) };
}

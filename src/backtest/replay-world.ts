import type { MinerModel, Model } from '../core/model.js';
import type { PlannerSettings } from '../core/planner/plan-all.js';
import type { PlanSlotInput } from '../core/planner/plan-types.js';
import type { RoomModel } from '../core/planner/thermal.js';
import type { Frames } from './frames.js';

/**
 * What replaying a schedule through the house and solving the optimum need of a backtest's world:
 * the data, the house and the miners, all plain data (typed arrays, numbers, strings), so a worker
 * thread can be handed a copy (`structuredClone`) and solve without loading the config code.
 */
export interface ReplayWorld {
  frames: Frames;
  settings: PlannerSettings;
  room: RoomModel;
  /** Miners in the model's order; `heats[k]` when miner k's heat goes into the room. */
  miners: MinerModel[];
  heats: boolean[];
  /** The room's gains per step (W): internal gains by local hour plus solar gains. */
  gainsW: Float64Array;
  startC: number;
  /** A water zone (tank): the temperature around it, used instead of the outdoor temperature (°C). */
  ambientC?: number;
  /** The capacity tariff, when there is one (the replay charges its monthly peaks). */
  model: Pick<Model, 'capacity'>;
}

/** The replay part of a world, without its models' functions: what a worker thread receives. */
export function replayPart(world: ReplayWorld): ReplayWorld {
  return {
    frames: world.frames,
    settings: world.settings,
    room: world.room,
    miners: world.miners,
    heats: world.heats,
    gainsW: world.gainsW,
    startC: world.startC,
    ...(world.ambientC !== undefined ? { ambientC: world.ambientC } : {}),
    model: world.model.capacity ? { capacity: world.model.capacity } : {},
  };
}

/** Step `i` as a planner slot with everything actually known (perfect foresight). */
export function actualSlot(
  world: Pick<ReplayWorld, 'frames' | 'gainsW' | 'ambientC'>,
  i: number,
): PlanSlotInput {
  const f = world.frames;
  return {
    start: f.start[i]!,
    end: f.start[i]! + f.stepMs,
    importPerKWh: f.paidPerKWh[i]!,
    exportPerKWh: f.exportPerKWh[i]!,
    outdoorC: world.ambientC ?? f.outdoorC[i]!,
    surplusW: f.surplusW[i]!,
    hashprice: f.hashprice[i]!,
    baseHeatW: world.gainsW[i]!,
    day: f.local[i]!.date,
  };
}

import type { PlanInput, PlanResult } from './plan-types.js';
import { emptyTotals, minerMoney, slotHours } from './slot-cost.js';
import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { cellOf, type Shape, shapeOf } from './solve-shape.js';
import {
  allocatedCells,
  CHECKPOINT_ABOVE_CELLS,
  type SolveScratch,
  solveValues,
  type ValuesAfter,
} from './solve-values.js';
import { locate } from './temp-grid.js';
import { advanceRoom, decayOver, heatCostPerKWh, mayRun, type RoomStep } from './thermal.js';

export { CHECKPOINT_ABOVE_CELLS, type SolveScratch, solveScratch } from './solve-values.js';
export { CONTINUATION_MAX_H, CONTINUATION_TAUS, continuationHours } from './terminal-value.js';

/**
 * Largest value table the solver allocates by default (Float64 cells, 1 GiB); beyond it the grid
 * coarsens and the result says so (`PlanResult.grid.coarsened`).
 */
export const DEFAULT_MAX_CELLS = 134_217_728;

/** The value after a move: `V` at temperature `c`, linearly interpolated between grid points. */
function valueAt(V: Float64Array, base: number, shape: Shape, cell: number, c: number): number {
  const { i, w } = locate(shape.grid, c);
  const at = base + i * shape.stride + cell;
  return w === 0 ? V[at]! : V[at]! * (1 - w) + V[at + shape.stride]! * w;
}

function startState(input: PlanInput, shape: Shape): GuardState {
  const s = input.start;
  return {
    levelIndex: s.levelIndex,
    slotsInState: Math.min(Math.max(0, s.slotsInState), shape.C - 1),
    slotsAtLevel: Math.min(Math.max(0, s.slotsAtLevel), shape.D - 1),
    startsToday: Math.min(Math.max(0, s.startsToday), shape.S - 1),
  };
}

/** A room step with its heater's cost: one scratch record per candidate, one for the best so far. */
type RoomCost = RoomStep & { heatingCost: number };

const roomCost = (): RoomCost => ({ endC: 0, heaterW: 0, coldKh: 0, hotKh: 0, heatingCost: 0 });

/**
 * Replays the value function from the exact start: exact room physics, choices from stage +
 * value-to-go. The arithmetic is `roomSlot`'s and `minerMoney`'s, in the same order (so the same
 * bits), with what a slot's candidates share (its decay, its heat price) worked out once per slot and
 * the room steps written into reused records: the rolling planner replays 48 slots × every level
 * for each of a backtest's 8,784 plans (issue 16).
 */
function forward(input: PlanInput, shape: Shape, after: ValuesAfter): Omit<PlanResult, 'grid'> {
  const T = input.slots.length;
  const caps = { state: shape.C - 1, level: shape.D - 1, starts: shape.S - 1 };
  const totals = emptyTotals();
  const levelIndex: number[] = [];
  const roomC: number[] = [input.start.roomC];
  const room = input.room;
  const cold = input.coldPenaltyPerKh ?? 1;
  const hot = input.hotPenaltyPerKh ?? 0;
  const step = roomCost();
  const bestRoom = roomCost();
  const roomInput = { heatInW: 0, outdoorC: 0, hours: 0, k: 0 };
  let state = startState(input, shape);
  let c = input.start.roomC;
  for (let t = 0; t < T; t++) {
    const slot = input.slots[t]!;
    const newDay = t + 1 < T && input.slots[t + 1]!.day !== slot.day;
    const hours = slotHours(slot);
    const perKWh = room ? heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC) : 0;
    if (room) {
      roomInput.outdoorC = slot.outdoorC;
      roomInput.hours = hours;
      roomInput.k = decayOver(room, hours);
    }
    // A grid event's cap: levels above it are out, and a miner above it stops whatever its guards say.
    const maxW = slot.maxPowerW;
    const capped = (to: number) => to > 0 && maxW !== undefined && input.levels[to]!.powerW > maxW;
    const forcedOff = state.levelIndex > 0 && (!mayRun(room, c, true) || capped(state.levelIndex));
    let bestV = Number.POSITIVE_INFINITY;
    let bestTo = -1;
    let bestElectricity = 0;
    let bestRevenue = 0;
    let bestNext = state;
    // The current level first (a tie keeps it), then the others: the current one once, not twice.
    for (let x = -1; x < input.levels.length; x++) {
      const to = x < 0 ? state.levelIndex : x;
      if (x >= 0 && to === state.levelIndex) continue;
      if (capped(to)) continue;
      if (to > 0 && !mayRun(room, c, state.levelIndex > 0)) continue;
      if (!mayMove(shape.guards, state, to, forcedOff)) continue;
      const level = input.levels[to]!;
      const money = minerMoney(level, slot, input.poolFee);
      let objective = money.electricityCost - money.miningRevenue;
      if (room) {
        roomInput.heatInW = level.powerW + slot.baseHeatW;
        advanceRoom(room, c, roomInput, step);
        step.heatingCost = ((step.heaterW * hours) / 1000) * perKWh;
        objective += step.heatingCost + cold * step.coldKh + hot * step.hotKh;
      }
      const next = afterMove(state, to, caps, newDay);
      const v = objective + valueAt(after(t), 0, shape, cellOf(shape, next), room ? step.endC : 0);
      if (bestTo < 0 || v < bestV - 1e-9) {
        bestV = v;
        bestTo = to;
        bestElectricity = money.electricityCost;
        bestRevenue = money.miningRevenue;
        bestNext = next;
        Object.assign(bestRoom, step);
      }
    }
    totals.electricityCost += bestElectricity;
    totals.miningRevenue += bestRevenue;
    totals.minerHeatKWh += (room ? input.levels[bestTo]!.powerW * hours : 0) / 1000;
    if (room) {
      totals.heatingCost += bestRoom.heatingCost;
      totals.heaterHeatKWh += (bestRoom.heaterW * hours) / 1000;
      totals.coldKh += bestRoom.coldKh;
      totals.hotKh += bestRoom.hotKh;
      c = bestRoom.endC;
    }
    if (state.levelIndex === 0 && bestTo > 0) totals.starts += 1;
    levelIndex.push(bestTo);
    roomC.push(c);
    state = bestNext;
  }
  totals.netCost = totals.electricityCost + totals.heatingCost - totals.miningRevenue;
  return { levelIndex, roomC, totals };
}

/**
 * The cheapest comfortable schedule: dynamic programming over slots × levels × room-temperature
 * grid points × guard counters (value function linearly interpolated between grid points), then a
 * forward pass with exact room physics. Pure: no I/O, no clock. Cost grows with
 * slots × grid points × levels² × guard counter sizes.
 */
export function solvePlan(
  input: PlanInput,
  options: {
    maxCells?: number;
    checkpointAboveCells?: number;
    /** Value storage to reuse from an earlier solve (see `SolveScratch`). */
    scratch?: SolveScratch;
  } = {},
): PlanResult {
  const askedC = input.temperatureStepC ?? 0.05;
  if (input.slots.length === 0)
    return {
      levelIndex: [],
      roomC: [input.start.roomC],
      totals: emptyTotals(),
      grid: { stepC: askedC, coarsened: false },
    };
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  let stepC = askedC;
  let shape = shapeOf(input, stepC);
  const checkpointAbove = options.checkpointAboveCells ?? CHECKPOINT_ABOVE_CELLS;
  const cells = (sh: Shape) =>
    allocatedCells(input.slots.length, sh.grid.points.length * sh.stride, checkpointAbove);
  while (input.room && cells(shape) > maxCells) {
    stepC *= 2;
    shape = shapeOf(input, stepC);
  }
  const after = solveValues(input, shape, checkpointAbove, options.scratch);
  return { ...forward(input, shape, after), grid: { stepC, coarsened: stepC !== askedC } };
}

import type { PlanInput, PlanResult } from './plan-types.js';
import { emptyTotals, minerMoney, roomSlot, slotHours } from './slot-cost.js';
import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { cellOf, type Shape, shapeOf } from './solve-shape.js';
import { allocatedCells, CHECKPOINT_ABOVE_CELLS, solveValues, type ValuesAfter } from './solve-values.js';
import { locate } from './temp-grid.js';
import { mayRun } from './thermal.js';

export { CHECKPOINT_ABOVE_CELLS } from './solve-values.js';
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

/** Money and comfort of running `levelIndex` through slot `t` from room temperature `c`. */
function stage(input: PlanInput, t: number, levelIndex: number, c: number) {
  const slot = input.slots[t]!;
  const level = input.levels[levelIndex]!;
  const money = minerMoney(level, slot, input.poolFee);
  const room = input.room ? roomSlot(input.room, slot, c, level.powerW) : undefined;
  const objective =
    money.electricityCost -
    money.miningRevenue +
    (room
      ? room.heatingCost +
        (input.coldPenaltyPerKh ?? 1) * room.coldKh +
        (input.hotPenaltyPerKh ?? 0) * room.hotKh
      : 0);
  return { money, room, objective };
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

/** Replays the value function from the exact start: exact room physics, choices from stage + value-to-go. */
function forward(input: PlanInput, shape: Shape, after: ValuesAfter): Omit<PlanResult, 'grid'> {
  const T = input.slots.length;
  const caps = { state: shape.C - 1, level: shape.D - 1, starts: shape.S - 1 };
  const totals = emptyTotals();
  const levelIndex: number[] = [];
  const roomC: number[] = [input.start.roomC];
  let state = startState(input, shape);
  let c = input.start.roomC;
  for (let t = 0; t < T; t++) {
    const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
    // A grid event's cap: levels above it are out, and a miner above it stops whatever its guards say.
    const maxW = input.slots[t]!.maxPowerW;
    const capped = (to: number) => to > 0 && maxW !== undefined && input.levels[to]!.powerW > maxW;
    const forcedOff = state.levelIndex > 0 && (!mayRun(input.room, c, true) || capped(state.levelIndex));
    let best: { v: number; to: number; s: ReturnType<typeof stage>; next: GuardState } | undefined;
    // The current level first (a tie keeps it), then the others: the current one once, not twice.
    for (let x = -1; x < input.levels.length; x++) {
      const to = x < 0 ? state.levelIndex : x;
      if (x >= 0 && to === state.levelIndex) continue;
      if (capped(to)) continue;
      if (to > 0 && !mayRun(input.room, c, state.levelIndex > 0)) continue;
      if (!mayMove(shape.guards, state, to, forcedOff)) continue;
      const s = stage(input, t, to, c);
      const next = afterMove(state, to, caps, newDay);
      const v = s.objective + valueAt(after(t), 0, shape, cellOf(shape, next), s.room ? s.room.endC : 0);
      if (!best || v < best.v - 1e-9) best = { v, to, s, next };
    }
    const chosen = best!;
    const hours = slotHours(input.slots[t]!);
    totals.electricityCost += chosen.s.money.electricityCost;
    totals.miningRevenue += chosen.s.money.miningRevenue;
    totals.minerHeatKWh += (input.room ? input.levels[chosen.to]!.powerW * hours : 0) / 1000;
    if (chosen.s.room) {
      totals.heatingCost += chosen.s.room.heatingCost;
      totals.heaterHeatKWh += (chosen.s.room.heaterW * hours) / 1000;
      totals.coldKh += chosen.s.room.coldKh;
      totals.hotKh += chosen.s.room.hotKh;
      c = chosen.s.room.endC;
    }
    if (state.levelIndex === 0 && chosen.to > 0) totals.starts += 1;
    levelIndex.push(chosen.to);
    roomC.push(c);
    state = chosen.next;
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
  options: { maxCells?: number; checkpointAboveCells?: number } = {},
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
  const after = solveValues(input, shape, checkpointAbove);
  return { ...forward(input, shape, after), grid: { stepC, coarsened: stepC !== askedC } };
}

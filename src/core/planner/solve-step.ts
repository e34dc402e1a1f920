import type { PlanInput, PlanSlotInput } from './plan-types.js';
import { minerMoney, slotHours } from './slot-cost.js';
import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { cellOf, type Shape } from './solve-shape.js';
import { advanceRoom, decayOver, heatCostPerKWh, mayRun, type RoomStep } from './thermal.js';

/**
 * The moves the guards allow from each guard cell, as flat lists: for a cell whose miner may run,
 * every (level, next cell) the guards permit; for one that may not (the room is too warm to keep or
 * start it), only the stop (a running miner is stopped even against its minimum on-time).
 */
interface Moves {
  /** `runFrom[cell]` … `runFrom[cell + 1]` index `to`/`cell` for a cell whose miner may run. */
  runFrom: Int32Array;
  /** `stopFrom[cell]` … `stopFrom[cell + 1]` for a cell whose miner may not run. */
  stopFrom: Int32Array;
  to: Int32Array;
  next: Int32Array;
}

function moves(shape: Shape, newDay: boolean): Moves {
  const { L, C, D, S } = shape;
  const cells = L * C * D * S;
  const caps = { state: C - 1, level: D - 1, starts: S - 1 };
  const to: number[] = [];
  const next: number[] = [];
  const runFrom = new Int32Array(cells + 1);
  const stopFrom = new Int32Array(cells + 1);
  const states: GuardState[] = new Array(cells);
  for (let l = 0; l < L; l++)
    for (let k = 0; k < C; k++)
      for (let d = 0; d < D; d++)
        for (let s = 0; s < S; s++) {
          const state = { levelIndex: l, slotsInState: k, slotsAtLevel: d, startsToday: s };
          states[cellOf(shape, state)] = state;
        }
  for (let cell = 0; cell < cells; cell++) {
    runFrom[cell] = to.length;
    const state = states[cell]!;
    for (let level = 0; level < L; level++)
      if (mayMove(shape.guards, state, level)) {
        to.push(level);
        next.push(cellOf(shape, afterMove(state, level, caps, newDay)));
      }
  }
  runFrom[cells] = to.length;
  for (let cell = 0; cell < cells; cell++) {
    stopFrom[cell] = to.length;
    const state = states[cell]!;
    // Too warm to run: a miner that is off may stay off (if its guards allow); a running one is stopped.
    if (state.levelIndex > 0 || mayMove(shape.guards, state, 0)) {
      to.push(0);
      next.push(cellOf(shape, afterMove(state, 0, caps, newDay)));
    }
  }
  stopFrom[cells] = to.length;
  return { runFrom, stopFrom, to: Int32Array.from(to), next: Int32Array.from(next) };
}

/** Lower grid index and upper weight of `c`, as `locate`, without allocating. */
function locateInto(points: Float64Array, c: number, j: number, outI: Int32Array, outW: Float64Array): void {
  const n = points.length;
  if (c <= points[0]!) {
    outI[j] = 0;
    outW[j] = 0;
    return;
  }
  if (c >= points[n - 1]!) {
    outI[j] = n - 2;
    outW[j] = 1;
    return;
  }
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]! <= c) lo = mid;
    else hi = mid;
  }
  outI[j] = lo;
  outW[j] = (c - points[lo]!) / (points[lo + 1]! - points[lo]!);
}

/** The stage cost of a level a grid event forbids in a slot (currency): far above any real cost, finite so sums stay numbers. */
const BLOCKED_COST = 1e9;

/** BLOCKED_COST for a level above the slot's grid-event cap (`maxPowerW`), else 0: the value table and the forward pass both add it. */
export function blockedCost(slot: PlanSlotInput, powerW: number): number {
  return slot.maxPowerW !== undefined && powerW > slot.maxPowerW ? BLOCKED_COST : 0;
}

/** Stage cost and next-temperature location of every (grid point, level) for slot `t`. */
function stageTable(input: PlanInput, shape: Shape, t: number, table: StageTable): void {
  const slot = input.slots[t]!;
  const { L, grid } = shape;
  const room = input.room;
  const hours = slotHours(slot);
  const k = room ? decayOver(room, hours) : 0;
  const heatPerKWh = room ? heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC) : 0;
  const penalty = input.coldPenaltyPerKh ?? 1;
  const hotPenalty = input.hotPenaltyPerKh ?? 0;
  const step: RoomStep = { endC: 0, heaterW: 0, coldKh: 0, hotKh: 0 };
  const roomInput = { heatInW: 0, outdoorC: slot.outdoorC, hours, k };
  for (let to = 0; to < L; to++) {
    const level = input.levels[to]!;
    const money = minerMoney(level, slot, input.poolFee);
    // A level above a grid event's cap costs so much that no plan takes it.
    const blocked = blockedCost(slot, level.powerW);
    const moneyCost = money.electricityCost - money.miningRevenue + blocked;
    roomInput.heatInW = level.powerW + slot.baseHeatW;
    for (let b = 0; b < grid.points.length; b++) {
      const j = b * L + to;
      if (!room) {
        table.cost[j] = moneyCost;
        table.nextI[j] = 0;
        table.nextW[j] = 0;
        continue;
      }
      advanceRoom(room, grid.points[b]!, roomInput, step);
      table.cost[j] =
        moneyCost +
        ((step.heaterW * hours) / 1000) * heatPerKWh +
        penalty * step.coldKh +
        hotPenalty * step.hotKh;
      locateInto(grid.points, step.endC, j, table.nextI, table.nextW);
    }
  }
}

interface StageTable {
  cost: Float64Array;
  nextI: Int32Array;
  nextW: Float64Array;
}

/** What every backward step shares, built once per solve. */
export interface BackwardContext {
  table: StageTable;
  sameDay: Moves;
  nextDay: Moves;
  mayKeep: Uint8Array;
  mayStart: Uint8Array;
  levelOfCell: Int32Array;
}

export function backwardContext(input: PlanInput, shape: Shape): BackwardContext {
  const { grid, L, stride } = shape;
  const B = grid.points.length;
  const room = input.room;
  return {
    table: { cost: new Float64Array(B * L), nextI: new Int32Array(B * L), nextW: new Float64Array(B * L) },
    sameDay: moves(shape, false),
    nextDay: moves(shape, true),
    mayKeep: Uint8Array.from(grid.points, (c) => (mayRun(room, c, true) ? 1 : 0)),
    mayStart: Uint8Array.from(grid.points, (c) => (mayRun(room, c, false) ? 1 : 0)),
    levelOfCell: Int32Array.from({ length: stride }, (_, cell) => Math.floor(cell / (stride / L))),
  };
}

/** The value of every state at slot `t` (into `out`) from the values at slot t + 1 (`after`). */
export function stepBack(
  input: PlanInput,
  shape: Shape,
  ctx: BackwardContext,
  t: number,
  after: Float64Array,
  out: Float64Array,
): void {
  const T = input.slots.length;
  const { grid, L, stride } = shape;
  const B = grid.points.length;
  const { mayKeep, mayStart, levelOfCell } = ctx;
  const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
  const { runFrom, stopFrom, to: toLevel, next } = newDay ? ctx.nextDay : ctx.sameDay;
  stageTable(input, shape, t, ctx.table);
  const { cost, nextI, nextW } = ctx.table;
  for (let b = 0; b < B; b++) {
    const keep = mayKeep[b] === 1;
    const start = mayStart[b] === 1;
    const row = b * L;
    for (let cell = 0; cell < stride; cell++) {
      const canRun = levelOfCell[cell]! > 0 ? keep : start;
      const from = canRun ? runFrom : stopFrom;
      let best = Number.POSITIVE_INFINITY;
      for (let m = from[cell]!, end = from[cell + 1]!; m < end; m++) {
        const j = row + toLevel[m]!;
        const w = nextW[j]!;
        const at = nextI[j]! * stride + next[m]!;
        const v = cost[j]! + (w === 0 ? after[at]! : after[at]! * (1 - w) + after[at + stride]! * w);
        if (v < best) best = v;
      }
      out[b * stride + cell] = best;
    }
  }
}

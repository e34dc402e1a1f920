import type { PlanInput } from './plan-types.js';
import { type Moves, moves } from './solve-moves.js';
import type { Shape } from './solve-shape.js';
import { fillStageTable, type StageTable, stageTableFor } from './stage-table.js';
import { mayRun } from './thermal.js';

export { blockedCost } from './stage-table.js';

/** What every backward step shares, built once per solve. */
export interface BackwardContext {
  table: StageTable;
  sameDay: Moves;
  nextDay: Moves;
  mayKeep: Uint8Array;
  mayStart: Uint8Array;
  levelOfCell: Int32Array;
  /** Scratch: the value of moving into each guard cell from the grid point at hand. */
  into: Float64Array;
}

export function backwardContext(input: PlanInput, shape: Shape): BackwardContext {
  const { grid, L, stride } = shape;
  const room = input.room;
  return {
    table: stageTableFor(shape),
    sameDay: moves(shape, false),
    nextDay: moves(shape, true),
    mayKeep: Uint8Array.from(grid.points, (c) => (mayRun(room, c, true) ? 1 : 0)),
    mayStart: Uint8Array.from(grid.points, (c) => (mayRun(room, c, false) ? 1 : 0)),
    levelOfCell: Int32Array.from({ length: stride }, (_, cell) => Math.floor(cell / (stride / L))),
    into: new Float64Array(stride),
  };
}

/**
 * The value of every state at slot `t` (into `out`) from the values at slot t + 1 (`after`). Per
 * grid point, the value of moving into each reachable guard cell (stage cost plus the interpolated
 * value after) is computed once, then each cell takes the least over its allowed moves: the same
 * sums as per move, shared by every cell that moves into the same one.
 */
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
  const { mayKeep, mayStart, levelOfCell, into } = ctx;
  const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
  const { runFrom, stopFrom, next, targets } = newDay ? ctx.nextDay : ctx.sameDay;
  fillStageTable(input, shape, t, ctx.table);
  const { cost, nextI, nextW } = ctx.table;
  for (let b = 0; b < B; b++) {
    const keep = mayKeep[b] === 1;
    const start = mayStart[b] === 1;
    const row = b * L;
    for (let x = 0; x < targets.length; x++) {
      const n = targets[x]!;
      const j = row + levelOfCell[n]!;
      const w = nextW[j]!;
      const at = nextI[j]! * stride + n;
      into[n] = cost[j]! + (w === 0 ? after[at]! : after[at]! * (1 - w) + after[at + stride]! * w);
    }
    const base = b * stride;
    for (let cell = 0; cell < stride; cell++) {
      const canRun = levelOfCell[cell]! > 0 ? keep : start;
      const from = canRun ? runFrom : stopFrom;
      let best = Number.POSITIVE_INFINITY;
      for (let m = from[cell]!, end = from[cell + 1]!; m < end; m++) {
        const v = into[next[m]!]!;
        if (v < best) best = v;
      }
      out[base + cell] = best;
    }
  }
}

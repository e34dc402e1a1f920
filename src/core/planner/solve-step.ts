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
  /** Scratch: the value of moving into each guard cell from the grid point at hand. */
  into: Float64Array;
  /** Scratch: the least value of each distinct move list from the grid point at hand. */
  best: Float64Array;
  /**
   * No guard counter (one cell per level) and every level reachable from every cell: a slot's
   * choice is then the least over all levels, or off where the room forbids running (see `stepBackFree`).
   */
  free: boolean;
}

/** 1 where `test` holds for a grid point, else 0 (a plain loop: `Uint8Array.from` walks an iterator, an object per point, on every plan). */
function perPoint(points: Float64Array, test: (c: number) => boolean): Uint8Array {
  const out = new Uint8Array(points.length);
  for (let b = 0; b < points.length; b++) out[b] = test(points[b]!) ? 1 : 0;
  return out;
}

/**
 * Whether the moves are the guard-free ones: one cell per level, each cell's running list every
 * level (cells 0 … L − 1, ascending) and its stopped list level 0 alone.
 */
function guardFree(shape: Shape, m: Moves): boolean {
  const { L, stride } = shape;
  if (stride !== L) return false;
  const listIs = (u: number, cells: number): boolean => {
    const from = m.listFrom[u]!;
    if (m.listFrom[u + 1]! - from !== cells) return false;
    for (let i = 0; i < cells; i++) if (m.next[from + i] !== i) return false;
    return true;
  };
  for (let cell = 0; cell < stride; cell++)
    if (!listIs(m.runList[cell]!, L) || !listIs(m.stopList[cell]!, 1)) return false;
  return true;
}

export function backwardContext(input: PlanInput, shape: Shape): BackwardContext {
  const { grid, stride } = shape;
  const room = input.room;
  const sameDay = moves(shape, false);
  const nextDay = moves(shape, true);
  return {
    table: stageTableFor(shape),
    sameDay,
    nextDay,
    mayKeep: perPoint(grid.points, (c) => mayRun(room, c, true)),
    mayStart: perPoint(grid.points, (c) => mayRun(room, c, false)),
    into: new Float64Array(stride),
    best: new Float64Array(Math.max(sameDay.listFrom.length, nextDay.listFrom.length)),
    free: guardFree(shape, sameDay) && guardFree(shape, nextDay),
  };
}

/**
 * The value of every state at slot `t` (into `out`) from the values at slot t + 1 (`after`). Per
 * grid point, the value of moving into each guard cell (stage cost plus the interpolated value
 * after) is computed once, then the least over each distinct move list once, and each cell takes
 * its list's least: the same sums and minima as per cell and move, shared by every cell that moves
 * into the same cells. A level's guard cells are one contiguous block (`cellOf`), so the stage
 * cost and where the room ends are read once per level, not once per cell.
 */
export function stepBack(
  input: PlanInput,
  shape: Shape,
  ctx: BackwardContext,
  t: number,
  after: Float64Array,
  out: Float64Array,
): void {
  fillStageTable(input, shape, t, ctx.table);
  if (ctx.free) {
    stepBackFree(shape, ctx, after, out);
    return;
  }
  const T = input.slots.length;
  const { grid, L, stride } = shape;
  const B = grid.points.length;
  const block = stride / L;
  const { mayKeep, mayStart, into, best } = ctx;
  const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
  const { listFrom, next, runList, stopList } = newDay ? ctx.nextDay : ctx.sameDay;
  const U = listFrom.length - 1;
  const { cost, nextI, nextW } = ctx.table;
  for (let b = 0; b < B; b++) {
    const row = b * L;
    for (let level = 0; level < L; level++) {
      const j = row + level;
      const stage = cost[j]!;
      const w = nextW[j]!;
      const below = nextI[j]! * stride;
      const from = level * block;
      const to = from + block;
      if (w === 0) for (let n = from; n < to; n++) into[n] = stage + after[below + n]!;
      else {
        const above = below + stride;
        const v = 1 - w;
        for (let n = from; n < to; n++) into[n] = stage + (after[below + n]! * v + after[above + n]! * w);
      }
    }
    for (let u = 0; u < U; u++) {
      let least = Number.POSITIVE_INFINITY;
      for (let m = listFrom[u]!, end = listFrom[u + 1]!; m < end; m++) {
        const v = into[next[m]!]!;
        if (v < least) least = v;
      }
      best[u] = least;
    }
    // Level 0's cells may run if the room allows a start; the running levels' if it allows keeping on.
    const base = b * stride;
    const offLists = mayStart[b] === 1 ? runList : stopList;
    for (let cell = 0; cell < block; cell++) out[base + cell] = best[offLists[cell]!]!;
    const onLists = mayKeep[b] === 1 ? runList : stopList;
    for (let cell = block; cell < stride; cell++) out[base + cell] = best[onLists[cell]!]!;
  }
}

/**
 * `stepBack` without guard counters (`ctx.free`: a backtest's hourly slots drop guards of an hour or
 * less): per grid point the least over the levels of stage cost plus the value after, which a
 * stopped miner takes if the room allows a start and a running one if it allows keeping on; else
 * both take level 0's. The same sums and minima, in the same order, as the move lists give (so the
 * same bits: a test compares the two) in half the time: the lists' loops each ran once or L times
 * per point (issue 16).
 */
function stepBackFree(shape: Shape, ctx: BackwardContext, after: Float64Array, out: Float64Array): void {
  const { grid, L, stride } = shape;
  const B = grid.points.length;
  const { mayKeep, mayStart } = ctx;
  const { cost, nextI, nextW } = ctx.table;
  for (let b = 0; b < B; b++) {
    const row = b * L;
    let least = Number.POSITIVE_INFINITY;
    let off = 0;
    for (let level = 0; level < L; level++) {
      const j = row + level;
      const w = nextW[j]!;
      const below = nextI[j]! * stride + level;
      const v =
        w === 0
          ? cost[j]! + after[below]!
          : cost[j]! + (after[below]! * (1 - w) + after[below + stride]! * w);
      if (level === 0) off = v;
      if (v < least) least = v;
    }
    const base = b * stride;
    out[base] = mayStart[b] === 1 ? least : off;
    const running = mayKeep[b] === 1 ? least : off;
    for (let level = 1; level < L; level++) out[base + level] = running;
  }
}

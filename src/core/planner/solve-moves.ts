import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { cellOf, type Shape } from './solve-shape.js';

/**
 * The moves the guards allow from each guard cell, as distinct lists of next cells: for a cell whose
 * miner may run, every (level, next cell) the guards permit; for one that may not (the room is too
 * warm to keep or start it), only the stop (a running miner is stopped even against its minimum
 * on-time). Many cells allow the same moves (every running level may go to the same levels with the
 * same counters), so each distinct list is stored once and a backward step takes its least value
 * once per grid point, however many cells share it.
 */
export interface Moves {
  /** `listFrom[u]` … `listFrom[u + 1]` index `next` for distinct list u. */
  listFrom: Int32Array;
  /** The guard cell after each move (its level is the move's level). */
  next: Int32Array;
  /** Per cell: its list when its miner may run. */
  runList: Int32Array;
  /** Per cell: its list when its miner may not run. */
  stopList: Int32Array;
}

function guardStates(shape: Shape): GuardState[] {
  const { L, C, D, S } = shape;
  const states: GuardState[] = new Array(L * C * D * S);
  for (let l = 0; l < L; l++)
    for (let k = 0; k < C; k++)
      for (let d = 0; d < D; d++)
        for (let s = 0; s < S; s++) {
          const state = { levelIndex: l, slotsInState: k, slotsAtLevel: d, startsToday: s };
          states[cellOf(shape, state)] = state;
        }
  return states;
}

/** The guard moves of one slot boundary; `newDay` when the next slot starts a new local day (starts reset). */
export function moves(shape: Shape, newDay: boolean): Moves {
  const { C, D, S } = shape;
  const caps = { state: C - 1, level: D - 1, starts: S - 1 };
  const states = guardStates(shape);
  const cells = states.length;
  const lists = new Map<string, number>();
  const next: number[] = [];
  const listFrom: number[] = [];
  // The index of a list of next cells, added when new (cells sorted, so equal sets share one list).
  const listOf = (cellsAfter: number[]): number => {
    const sorted = [...new Set(cellsAfter)].sort((a, b) => a - b);
    const key = sorted.join(',');
    let u = lists.get(key);
    if (u === undefined) {
      u = listFrom.length;
      lists.set(key, u);
      listFrom.push(next.length);
      next.push(...sorted);
    }
    return u;
  };
  const runList = new Int32Array(cells);
  const stopList = new Int32Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const state = states[cell]!;
    const run: number[] = [];
    for (let level = 0; level < shape.L; level++)
      if (mayMove(shape.guards, state, level)) run.push(cellOf(shape, afterMove(state, level, caps, newDay)));
    runList[cell] = listOf(run);
    // Too warm to run: a miner that is off may stay off (if its guards allow); a running one is stopped.
    const stop =
      state.levelIndex > 0 || mayMove(shape.guards, state, 0)
        ? [cellOf(shape, afterMove(state, 0, caps, newDay))]
        : [];
    stopList[cell] = listOf(stop);
  }
  listFrom.push(next.length);
  return { listFrom: Int32Array.from(listFrom), next: Int32Array.from(next), runList, stopList };
}

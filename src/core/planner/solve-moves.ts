import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { cellOf, type Shape } from './solve-shape.js';

/**
 * The moves the guards allow from each guard cell, as flat lists: for a cell whose miner may run,
 * every (level, next cell) the guards permit; for one that may not (the room is too warm to keep or
 * start it), only the stop (a running miner is stopped even against its minimum on-time).
 */
export interface Moves {
  /** `runFrom[cell]` … `runFrom[cell + 1]` index `next` for a cell whose miner may run. */
  runFrom: Int32Array;
  /** `stopFrom[cell]` … `stopFrom[cell + 1]` for a cell whose miner may not run. */
  stopFrom: Int32Array;
  /** The guard cell after each move (its level is the move's level). */
  next: Int32Array;
  /** Every cell some move leads to, once each, ascending: the only values a backward step needs. */
  targets: Int32Array;
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
  const next: number[] = [];
  const runFrom = new Int32Array(cells + 1);
  const stopFrom = new Int32Array(cells + 1);
  for (let cell = 0; cell < cells; cell++) {
    runFrom[cell] = next.length;
    const state = states[cell]!;
    for (let level = 0; level < shape.L; level++)
      if (mayMove(shape.guards, state, level))
        next.push(cellOf(shape, afterMove(state, level, caps, newDay)));
  }
  runFrom[cells] = next.length;
  for (let cell = 0; cell < cells; cell++) {
    stopFrom[cell] = next.length;
    const state = states[cell]!;
    // Too warm to run: a miner that is off may stay off (if its guards allow); a running one is stopped.
    if (state.levelIndex > 0 || mayMove(shape.guards, state, 0))
      next.push(cellOf(shape, afterMove(state, 0, caps, newDay)));
  }
  stopFrom[cells] = next.length;
  const targets = Int32Array.from(new Set(next)).sort();
  return { runFrom, stopFrom, next: Int32Array.from(next), targets };
}

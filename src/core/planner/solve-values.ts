import type { PlanInput } from './plan-types.js';
import type { Shape } from './solve-shape.js';
import { backwardContext, stepBack } from './solve-step.js';
import { terminalValues } from './terminal-value.js';

/**
 * Above this many value cells (Float64, 8 MiB) the solver keeps only every K-th slot's values
 * (K ≈ √T, "checkpoints") and recomputes each stretch of K slots once on the way forward: about
 * 2√T layers in memory instead of T, for about twice the backward work. A full-year optimum thus
 * needs tens of MiB instead of a GiB, with bit-identical values (the same arithmetic in the same order).
 * 8 MiB (issue 16): the full-year backtests' coarse grids then checkpoint too, which costs no
 * measurable time (the stage tables dominate there). At 64 MiB the two optima solved side by side
 * peaked 100 MiB higher; at 16 MiB the S9 year's finest grid (14.5 MiB of values in each thread)
 * still did not checkpoint, and its run peaked at 142–156 MiB against 133–135 now, in the same time.
 */
export const CHECKPOINT_ABOVE_CELLS = 1_048_576;

/** Slots between checkpoints for a horizon of `T` slots. */
function checkpointEvery(T: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(T)));
}

/**
 * Value cells the solve allocates for `T` slots of `N` cells each: every layer, or the checkpoints
 * (every K-th slot and the terminal layer), two working layers and one stretch of K layers.
 */
export function allocatedCells(T: number, N: number, checkpointAbove: number): number {
  if ((T + 1) * N <= checkpointAbove) return (T + 1) * N;
  const K = checkpointEvery(T);
  return (Math.ceil(T / K) + 1 + 2 + K) * N;
}

/**
 * Value storage a caller keeps from one solve to the next (the backtest's rolling planner solves
 * 8,784 times a year): the solver takes its layers from here instead of allocating them. Fresh
 * memory costs a page fault per 4 KiB page, which on this machine's VM made about half the planner
 * bench's solves take 44 ms instead of 10 ms, and the S9 year's rolling planner 3.4 s instead of
 * 2.1 s (issue 16). It keeps the largest storage a solve needed, so the live agent, which plans
 * every 15 minutes or so and should stay small, does not keep one.
 */
export interface SolveScratch {
  values: Float64Array;
}

export function solveScratch(): SolveScratch {
  return { values: new Float64Array(0) };
}

/** `cells` value cells: fresh, or the scratch's (replaced by a larger one when short). */
function storage(cells: number, scratch: SolveScratch | undefined): Float64Array {
  if (!scratch) return new Float64Array(cells);
  if (scratch.values.length < cells) scratch.values = new Float64Array(cells);
  return scratch.values.subarray(0, cells);
}

/** The values after each slot, `after(t)` = the value layer of slot t + 1, for the forward pass. */
export type ValuesAfter = (t: number) => Float64Array;

export function solveValues(
  input: PlanInput,
  shape: Shape,
  checkpointAbove: number,
  scratch?: SolveScratch,
): ValuesAfter {
  const T = input.slots.length;
  const N = shape.grid.points.length * shape.stride;
  const ctx = backwardContext(input, shape);
  const V = storage(allocatedCells(T, N, checkpointAbove), scratch);
  const layer = (i: number) => V.subarray(i * N, (i + 1) * N);
  // Every layer but the terminal one is written whole by stepBack; the terminal one may stay empty
  // (no stored heat to value), so reused storage is cleared there.
  if ((T + 1) * N <= checkpointAbove) {
    layer(T).fill(0);
    terminalValues(input, shape, layer(T));
    for (let t = T - 1; t >= 0; t--) stepBack(input, shape, ctx, t, layer(t + 1), layer(t));
    return (t) => layer(t + 1);
  }
  // Layers: 0 the terminal values, 1 … ⌈T/K⌉ the checkpoints at slots 0, K, 2K, …, then two working
  // layers, then one stretch of K layers for the way forward.
  const K = checkpointEvery(T);
  const work = Math.ceil(T / K) + 1;
  const checkpoints = new Map<number, Float64Array>();
  const terminal = layer(0);
  terminal.fill(0);
  terminalValues(input, shape, terminal);
  checkpoints.set(T, terminal);
  let after = terminal;
  let spare = 0;
  for (let t = T - 1; t >= 0; t--) {
    let out: Float64Array;
    if (t % K === 0) {
      out = layer(1 + t / K);
      checkpoints.set(t, out);
    } else {
      // The two working layers take turns, so a step never writes the layer it reads.
      out = layer(work + spare);
      spare = 1 - spare;
    }
    stepBack(input, shape, ctx, t, after, out);
    after = out;
  }
  // Forward, one stretch [sK, sK + K) at a time: its layers sK + 1 … top − 1 recomputed from the checkpoint `top`.
  const stretch = Array.from({ length: K }, (_, i) => layer(work + 2 + i));
  let stretchStart = -1;
  return (t) => {
    const s = Math.floor(t / K) * K;
    const top = Math.min(s + K, T);
    if (t + 1 === top) return checkpoints.get(top)!;
    if (s !== stretchStart) {
      let from = checkpoints.get(top)!;
      for (let u = top - 1; u > s; u--) {
        const out = stretch[u - s - 1]!;
        stepBack(input, shape, ctx, u, from, out);
        from = out;
      }
      stretchStart = s;
    }
    return stretch[t - s]!;
  };
}

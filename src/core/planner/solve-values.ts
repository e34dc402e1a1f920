import type { PlanInput } from './plan-types.js';
import type { Shape } from './solve-shape.js';
import { backwardContext, stepBack } from './solve-step.js';
import { terminalValues } from './terminal-value.js';

/**
 * Above this many value cells (Float64, 16 MiB) the solver keeps only every K-th slot's values
 * (K ≈ √T, "checkpoints") and recomputes each stretch of K slots once on the way forward: about
 * 2√T layers in memory instead of T, for about twice the backward work. A full-year optimum thus
 * needs tens of MiB instead of a GiB, with bit-identical values (the same arithmetic in the same order).
 * 16 MiB rather than 64 (issue 16): the full-year backtests' coarse grids then checkpoint too, which
 * cost no measurable time (the stage tables dominate there) and 100 MiB less peak memory with the
 * two optima solved side by side.
 */
export const CHECKPOINT_ABOVE_CELLS = 2_097_152;

/** Slots between checkpoints for a horizon of `T` slots. */
function checkpointEvery(T: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(T)));
}

/** Value cells the solve allocates for `T` slots of `N` cells each. */
export function allocatedCells(T: number, N: number, checkpointAbove: number): number {
  if ((T + 1) * N <= checkpointAbove) return (T + 1) * N;
  const K = checkpointEvery(T);
  return (Math.ceil(T / K) + 1 + K + 1) * N;
}

/** The values after each slot, `after(t)` = the value layer of slot t + 1, for the forward pass. */
export type ValuesAfter = (t: number) => Float64Array;

export function solveValues(input: PlanInput, shape: Shape, checkpointAbove: number): ValuesAfter {
  const T = input.slots.length;
  const N = shape.grid.points.length * shape.stride;
  const ctx = backwardContext(input, shape);
  if ((T + 1) * N <= checkpointAbove) {
    const V = new Float64Array((T + 1) * N);
    const layer = (t: number) => V.subarray(t * N, (t + 1) * N);
    terminalValues(input, shape, layer(T));
    for (let t = T - 1; t >= 0; t--) stepBack(input, shape, ctx, t, layer(t + 1), layer(t));
    return (t) => layer(t + 1);
  }
  const K = checkpointEvery(T);
  const checkpoints = new Map<number, Float64Array>();
  const terminal = new Float64Array(N);
  terminalValues(input, shape, terminal);
  checkpoints.set(T, terminal);
  let after = terminal;
  let spare = new Float64Array(N);
  for (let t = T - 1; t >= 0; t--) {
    const out = t % K === 0 ? new Float64Array(N) : spare;
    stepBack(input, shape, ctx, t, after, out);
    if (t % K === 0) checkpoints.set(t, out);
    else spare = after === terminal || checkpoints.has(t + 1) ? new Float64Array(N) : after;
    after = out;
  }
  // Forward, one stretch [sK, sK + K) at a time: its layers sK + 1 … top − 1 recomputed from the checkpoint `top`.
  const stretch = Array.from({ length: K }, () => new Float64Array(N));
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

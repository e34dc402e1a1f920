import type { RoomModel } from './thermal.js';

/** Temperature points the solver's value function lives on: fine inside the comfort band, 0.5 K outside. */
export interface TempGrid {
  points: Float64Array;
}

const COARSE_STEP_C = 0.5;

/** Builds the grid for a room, a horizon's outdoor range and the start temperature (°C). */
export function buildTempGrid(
  room: RoomModel | undefined,
  range: { startC: number; outdoorMinC: number; outdoorMaxC: number; overshootC: number },
  stepC: number,
): TempGrid {
  if (!room) return { points: Float64Array.from([0, 1]) };
  const fineLo = room.minC - 0.5;
  const fineHi = room.maxC + 0.5 + range.overshootC;
  const unlimited = room.heater.type !== 'none' && room.heaterMaxW === Number.POSITIVE_INFINITY;
  // Above a heating limit nothing holds minC: the room drifts toward outdoor, which is then at or above
  // the limit, so the coarse grid reaches down to the limit (or the horizon's coldest outdoor, if warmer).
  const limit = room.heatingLimitC;
  const driftC = limit === undefined ? fineLo : Math.min(fineLo, Math.max(limit, range.outdoorMinC));
  const lo = Math.min(driftC, range.startC, unlimited ? driftC : range.outdoorMinC) - COARSE_STEP_C;
  const hi = Math.max(fineHi, range.startC, range.outdoorMaxC) + COARSE_STEP_C;
  const points: number[] = [];
  for (let c = fineLo - COARSE_STEP_C; c > lo; c -= COARSE_STEP_C) points.unshift(c);
  const fineCount = Math.max(1, Math.round((fineHi - fineLo) / stepC));
  for (let i = 0; i <= fineCount; i++) points.push(fineLo + ((fineHi - fineLo) * i) / fineCount);
  for (let c = fineHi + COARSE_STEP_C; c < hi + COARSE_STEP_C; c += COARSE_STEP_C) points.push(c);
  return { points: Float64Array.from(points) };
}

/**
 * Where `c` falls on the grid: the lower point's index (0 … n − 2) and the weight of the upper one
 * (0 … 1), clamped at both ends so values beyond the grid take the edge value.
 */
export function locate(grid: TempGrid, c: number): { i: number; w: number } {
  const p = grid.points;
  const n = p.length;
  if (c <= p[0]!) return { i: 0, w: 0 };
  if (c >= p[n - 1]!) return { i: n - 2, w: 1 };
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (p[mid]! <= c) lo = mid;
    else hi = mid;
  }
  return { i: lo, w: (c - p[lo]!) / (p[lo + 1]! - p[lo]!) };
}

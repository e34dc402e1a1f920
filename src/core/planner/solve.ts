import type { PlanInput, PlanResult, SlotGuards } from './plan-types.js';
import { emptyTotals, minerMoney, roomSlot, slotHours } from './slot-cost.js';
import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { buildTempGrid, locate, type TempGrid } from './temp-grid.js';
import { mayRun } from './thermal.js';

/** Largest value table the solver allocates (cells of 4 bytes); the grid coarsens beyond it. */
const MAX_CELLS = 32_000_000;

interface Shape {
  grid: TempGrid;
  /** Sizes of the level, on/off counter, dwell counter and starts dimensions. */
  L: number;
  C: number;
  D: number;
  S: number;
  /** Cells per grid point. */
  stride: number;
  guards: SlotGuards;
}

function maxSlotsPerDay(input: PlanInput): number {
  const counts = new Map<string, number>();
  for (const s of input.slots) counts.set(s.day, (counts.get(s.day) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

function shapeOf(input: PlanInput, stepC: number): Shape {
  const g = input.guards;
  // A starts cap no day can reach (one start needs an off slot before it) costs nothing to drop.
  const binding = g.maxStartsPerDay < Math.ceil(maxSlotsPerDay(input) / 2);
  const guards = { ...g, maxStartsPerDay: binding ? g.maxStartsPerDay : Number.POSITIVE_INFINITY };
  const L = input.levels.length;
  const C = Math.max(g.minOnSlots, g.minOffSlots) + 1;
  const D = g.minDwellSlots + 1;
  const S = binding ? g.maxStartsPerDay + 1 : 1;
  const outdoor = input.slots.map((s) => s.outdoorC);
  const room = input.room;
  const topW = Math.max(...input.levels.map((l) => l.powerW));
  const longestH = Math.max(...input.slots.map(slotHours));
  const overshootC = room ? (topW * longestH) / (room.capacityKWhPerK * 1000) : 0;
  const grid = buildTempGrid(
    room,
    {
      startC: input.start.roomC,
      outdoorMinC: Math.min(...outdoor),
      outdoorMaxC: Math.max(...outdoor),
      overshootC,
    },
    stepC,
  );
  return { grid, L, C, D, S, stride: L * C * D * S, guards };
}

function cellOf(shape: Shape, state: GuardState): number {
  const { C, D, S } = shape;
  return ((state.levelIndex * C + state.slotsInState) * D + state.slotsAtLevel) * S + state.startsToday;
}

function valueAt(V: Float32Array, base: number, shape: Shape, cell: number, c: number): number {
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
    (room ? room.heatingCost + (input.coldPenaltyPerKh ?? 1) * room.coldKh : 0);
  return { money, room, objective };
}

function backward(input: PlanInput, shape: Shape): Float32Array {
  const T = input.slots.length;
  const { grid, L, C, D, S, stride, guards } = shape;
  const B = grid.points.length;
  const N = B * stride;
  const V = new Float32Array((T + 1) * N);
  const cost = new Float64Array(B * L);
  const nextI = new Int32Array(B * L);
  const nextW = new Float64Array(B * L);
  const room = input.room;
  const state: GuardState = { levelIndex: 0, slotsInState: 0, slotsAtLevel: 0, startsToday: 0 };
  const caps = { state: C - 1, level: D - 1, starts: S - 1 };
  for (let t = T - 1; t >= 0; t--) {
    const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
    for (let b = 0; b < B; b++) {
      for (let to = 0; to < L; to++) {
        const s = stage(input, t, to, grid.points[b]!);
        const at = locate(grid, s.room ? s.room.endC : 0);
        cost[b * L + to] = s.objective;
        nextI[b * L + to] = at.i;
        nextW[b * L + to] = at.w;
      }
    }
    const base = t * N;
    const nextBase = (t + 1) * N;
    for (let b = 0; b < B; b++) {
      const c = grid.points[b]!;
      for (let l = 0; l < L; l++) {
        const forcedOff = l > 0 && !mayRun(room, c, true);
        for (let k = 0; k < C; k++) {
          for (let d = 0; d < D; d++) {
            for (let s = 0; s < S; s++) {
              state.levelIndex = l;
              state.slotsInState = k;
              state.slotsAtLevel = d;
              state.startsToday = s;
              let best = Number.POSITIVE_INFINITY;
              for (let to = 0; to < L; to++) {
                if (to > 0 && !mayRun(room, c, l > 0)) continue;
                if (!mayMove(guards, state, to, forcedOff)) continue;
                const next = afterMove(state, to, caps, newDay);
                const cell = cellOf(shape, next);
                const j = b * L + to;
                const w = nextW[j]!;
                const at = nextBase + nextI[j]! * stride + cell;
                const v = cost[j]! + (w === 0 ? V[at]! : V[at]! * (1 - w) + V[at + stride]! * w);
                if (v < best) best = v;
              }
              V[base + b * stride + cellOf(shape, state)] = best;
            }
          }
        }
      }
    }
  }
  return V;
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
function forward(input: PlanInput, shape: Shape, V: Float32Array): PlanResult {
  const T = input.slots.length;
  const N = shape.grid.points.length * shape.stride;
  const caps = { state: shape.C - 1, level: shape.D - 1, starts: shape.S - 1 };
  const totals = emptyTotals();
  const levelIndex: number[] = [];
  const roomC: number[] = [input.start.roomC];
  let state = startState(input, shape);
  let c = input.start.roomC;
  for (let t = 0; t < T; t++) {
    const newDay = t + 1 < T && input.slots[t + 1]!.day !== input.slots[t]!.day;
    const forcedOff = state.levelIndex > 0 && !mayRun(input.room, c, true);
    let best: { v: number; to: number; s: ReturnType<typeof stage>; next: GuardState } | undefined;
    const order = [state.levelIndex, ...input.levels.keys()];
    for (const to of order) {
      if (to > 0 && !mayRun(input.room, c, state.levelIndex > 0)) continue;
      if (!mayMove(shape.guards, state, to, forcedOff)) continue;
      const s = stage(input, t, to, c);
      const next = afterMove(state, to, caps, newDay);
      const v = s.objective + valueAt(V, (t + 1) * N, shape, cellOf(shape, next), s.room ? s.room.endC : 0);
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
export function solvePlan(input: PlanInput): PlanResult {
  if (input.slots.length === 0) return { levelIndex: [], roomC: [input.start.roomC], totals: emptyTotals() };
  let stepC = input.temperatureStepC ?? 0.05;
  let shape = shapeOf(input, stepC);
  while (input.room && (input.slots.length + 1) * shape.grid.points.length * shape.stride > MAX_CELLS) {
    stepC *= 2;
    shape = shapeOf(input, stepC);
  }
  return forward(input, shape, backward(input, shape));
}

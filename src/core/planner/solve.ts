import type { ContinuationSlot, PlanInput, PlanResult, SlotGuards } from './plan-types.js';
import { emptyTotals, minerMoney, roomSlot, slotHours } from './slot-cost.js';
import { afterMove, type GuardState, mayMove } from './slot-guards.js';
import { buildTempGrid, locate, type TempGrid } from './temp-grid.js';
import { advanceRoom, decayOver, heatCostPerKWh, mayRun, type RoomModel, type RoomStep } from './thermal.js';

const DAY_MS = 86_400_000;

/**
 * Largest value table the solver allocates by default (Float64 cells, 1 GiB); beyond it the grid
 * coarsens and the result says so (`PlanResult.grid.coarsened`).
 */
export const DEFAULT_MAX_CELLS = 134_217_728;

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
  // Choices fall on slot boundaries, so a guard of one slot or less always holds: drop it.
  const slots = (n: number) => (n <= 1 ? 0 : n);
  const guards: SlotGuards = {
    minOnSlots: slots(g.minOnSlots),
    minOffSlots: slots(g.minOffSlots),
    minDwellSlots: slots(g.minDwellSlots),
    maxStartsPerDay: binding ? g.maxStartsPerDay : Number.POSITIVE_INFINITY,
  };
  const L = input.levels.length;
  const C = Math.max(guards.minOnSlots, guards.minOffSlots) + 1;
  const D = guards.minDwellSlots + 1;
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

/** Longest continuation the terminal value looks at (h) and its length in room time constants. */
export const CONTINUATION_MAX_H = 168;
export const CONTINUATION_TAUS = 3;

/** Hours after the horizon the room's value looks at: three time constants, at most a week. */
export function continuationHours(room: RoomModel): number {
  const tauH = (room.capacityKWhPerK * 1000) / room.heatLossWPerK;
  return Math.min(CONTINUATION_MAX_H, CONTINUATION_TAUS * tauH);
}

/**
 * What the room costs after the horizon from each grid temperature, with no miner running: the
 * alternative heater's cost plus the comfort penalties over `input.continuation` (forecasts) or,
 * without it, the horizon's last day repeating, for three time constants (at most a week). Stored
 * heat is thus worth the heating it saves in cold weather, and costs the overheating it causes in a
 * warm spell (valuing it at the heating cost whatever the weather made rolling plans store summer
 * heat that only overheated the house, issue 14).
 */
function terminalValues(input: PlanInput, shape: Shape, out: Float64Array): void {
  const room = input.room;
  // Without an alternative heater the miner itself heats after the horizon, at a cost this does not
  // model: a no-miner continuation would charge a week of cold to the plan, so heat is not credited.
  if (!room || !input.valueStoredHeat || room.heater.type === 'none') return;
  const endMs = input.slots[input.slots.length - 1]!.end;
  const after: readonly ContinuationSlot[] =
    input.continuation && input.continuation.length > 0
      ? input.continuation
      : input.slots
          .filter((s) => s.start >= endMs - DAY_MS)
          .map((s) => ({
            hours: slotHours(s),
            outdoorC: s.outdoorC,
            baseHeatW: s.baseHeatW,
            importPerKWh: s.importPerKWh,
          }));
  const continuationH = continuationHours(room);
  const cold = input.coldPenaltyPerKh ?? 1;
  const hot = input.hotPenaltyPerKh ?? 0;
  // Per continuation slot: hours, decay, heat cost; then one allocation-free pass per grid point.
  const days = after.map((slot) => ({
    input: {
      heatInW: slot.baseHeatW,
      outdoorC: slot.outdoorC,
      hours: slot.hours,
      k: decayOver(room, slot.hours),
    },
    perKWh: heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC),
  }));
  const step: RoomStep = { endC: 0, heaterW: 0, coldKh: 0, hotKh: 0 };
  shape.grid.points.forEach((startC, b) => {
    let c = startC;
    let cost = 0;
    let hours = 0;
    for (let i = 0; hours < continuationH; i = (i + 1) % days.length) {
      const d = days[i]!;
      advanceRoom(room, c, d.input, step);
      cost += ((step.heaterW * d.input.hours) / 1000) * d.perKWh + cold * step.coldKh + hot * step.hotKh;
      c = step.endC;
      hours += d.input.hours;
    }
    out.fill(cost, b * shape.stride, (b + 1) * shape.stride);
  });
}

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
    const moneyCost = money.electricityCost - money.miningRevenue;
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
interface BackwardContext {
  table: StageTable;
  sameDay: Moves;
  nextDay: Moves;
  mayKeep: Uint8Array;
  mayStart: Uint8Array;
  levelOfCell: Int32Array;
}

function backwardContext(input: PlanInput, shape: Shape): BackwardContext {
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
function stepBack(
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

/**
 * Above this many value cells (Float64, 64 MiB) the solver keeps only every K-th slot's values
 * (K ≈ √T, "checkpoints") and recomputes each stretch of K slots once on the way forward: about
 * 2√T layers in memory instead of T, for about twice the backward work. A full-year optimum thus
 * needs tens of MiB instead of a GiB, with bit-identical values (the same arithmetic in the same order).
 */
export const CHECKPOINT_ABOVE_CELLS = 8_388_608;

/** Slots between checkpoints for a horizon of `T` slots. */
function checkpointEvery(T: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(T)));
}

/** Value cells the solve allocates for `T` slots of `N` cells each. */
function allocatedCells(T: number, N: number, checkpointAbove: number): number {
  if ((T + 1) * N <= checkpointAbove) return (T + 1) * N;
  const K = checkpointEvery(T);
  return (Math.ceil(T / K) + 1 + K + 1) * N;
}

/** The values after each slot, `after(t)` = the value layer of slot t + 1, for the forward pass. */
type ValuesAfter = (t: number) => Float64Array;

function solveValues(input: PlanInput, shape: Shape, checkpointAbove: number): ValuesAfter {
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
    const forcedOff = state.levelIndex > 0 && !mayRun(input.room, c, true);
    let best: { v: number; to: number; s: ReturnType<typeof stage>; next: GuardState } | undefined;
    const order = [state.levelIndex, ...input.levels.keys()];
    for (const to of order) {
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

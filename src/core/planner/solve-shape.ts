import type { PlanInput, SlotGuards } from './plan-types.js';
import { slotHours } from './slot-cost.js';
import type { GuardState } from './slot-guards.js';
import { buildTempGrid, type TempGrid } from './temp-grid.js';

/** The solver's state space: the temperature grid and the guard counters' sizes. */
export interface Shape {
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

export function shapeOf(input: PlanInput, stepC: number): Shape {
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

export function cellOf(shape: Shape, state: GuardState): number {
  const { C, D, S } = shape;
  return ((state.levelIndex * C + state.slotsInState) * D + state.slotsAtLevel) * S + state.startsToday;
}

/** Planner solve time: 48 h of 15-min slots × 5 levels (with a room, guards and a starts cap). */
import type { PlanInput } from '../src/core/planner/plan-types.js';
import { solvePlan, solveScratch } from '../src/core/planner/solve.js';
import { median, timeRuns } from './stats.js';
import { quick, reportRow } from './target.js';

const T0 = Date.UTC(2024, 0, 10, 23);
const SLOT = 15 * 60_000;
const slots = Array.from({ length: 192 }, (_, i) => ({
  start: T0 + i * SLOT,
  end: T0 + (i + 1) * SLOT,
  importPerKWh: 0.28 + 0.12 * Math.sin((2 * Math.PI * i) / 96) - (i % 96 > 44 && i % 96 < 56 ? 0.3 : 0),
  exportPerKWh: 0.05,
  outdoorC: 3 + 4 * Math.sin((2 * Math.PI * (i - 30)) / 96),
  surplusW: i % 96 > 40 && i % 96 < 64 ? 300 : 0,
  hashprice: 0.052,
  baseHeatW: 50,
  day: String(Math.floor((i + 4) / 96)),
}));
const levels = [
  { id: 'off', powerW: 0, ths: 0 },
  { id: 'l1', powerW: 60, ths: 3.2 },
  { id: 'l2', powerW: 80, ths: 4 },
  { id: 'l3', powerW: 110, ths: 5.2 },
  { id: 'l4', powerW: 140, ths: 6 },
];
const base: PlanInput = {
  slots,
  levels,
  poolFee: 0.02,
  guards: { minOnSlots: 2, minOffSlots: 2, minDwellSlots: 1, maxStartsPerDay: 6 },
  room: {
    heatLossWPerK: 25,
    capacityKWhPerK: 1,
    minC: 20,
    maxC: 22.5,
    bandC: 0.5,
    heater: { type: 'heat-pump', cop: 3, copPerK: 0.06 },
    heaterMaxW: Number.POSITIVE_INFINITY,
  },
  start: { roomC: 20.4, levelIndex: 0, slotsInState: 10, slotsAtLevel: 10, startsToday: 0 },
};

process.stdout.write('planner: 48 h of 15-min slots (192) × 5 levels, median solve time:\n');
for (const [label, input, target] of [
  ['room (0.05 K grid), min on/off 30 min, 6 starts/day', base, 50],
  ['room (0.1 K grid), min on/off 30 min, 6 starts/day', { ...base, temperatureStepC: 0.1 }, undefined],
  [
    'room (0.05 K grid), no binding guards',
    {
      ...base,
      guards: { minOnSlots: 0, minOffSlots: 0, minDwellSlots: 0, maxStartsPerDay: Number.POSITIVE_INFINITY },
    },
    undefined,
  ],
  ['no room (heat worth nothing)', { ...base, room: undefined }, undefined],
] as const) {
  const times = timeRuns(() => solvePlan(input as PlanInput), quick ? 5 : 15, quick ? 1 : 3);
  reportRow({ what: label, measured: median(times), target, unit: 'ms' });
}
// The live agent allocates a plan's value storage afresh (and gives it back); the backtest's rolling
// planner keeps it from one plan to the next, which spares the page faults of fresh memory.
const scratch = solveScratch();
const reused = timeRuns(() => solvePlan(base, { scratch }), quick ? 5 : 15, quick ? 1 : 3);
reportRow({
  what: 'room (0.05 K grid), min on/off 30 min, 6 starts/day, value storage reused',
  measured: median(reused),
  unit: 'ms',
});

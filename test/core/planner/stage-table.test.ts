import { describe, expect, it } from 'vitest';
import type {
  ContinuationSlot,
  PlanInput,
  PlanSlotInput,
  PlanStart,
  SlotGuards,
} from '../../../src/core/planner/plan-types.js';
import { minerMoney } from '../../../src/core/planner/slot-cost.js';
import { shapeOf } from '../../../src/core/planner/solve-shape.js';
import { backwardContext, stepBack } from '../../../src/core/planner/solve-step.js';
import { fillStageTable, stageTableFor } from '../../../src/core/planner/stage-table.js';
import { locate } from '../../../src/core/planner/temp-grid.js';
import { continuationHours, terminalValues } from '../../../src/core/planner/terminal-value.js';
import {
  advanceRoom,
  decayOver,
  heatCostPerKWh,
  type RoomModel,
  type RoomStep,
} from '../../../src/core/planner/thermal.js';

// The solver's per-slot tables are a speed-up (issue 16) of the per-point physics and lookups it
// used before: these check they give the very same numbers, bit for bit, not merely close ones.

const ROOMS: RoomModel[] = [
  {
    heatLossWPerK: 25,
    capacityKWhPerK: 1,
    minC: 20,
    maxC: 22.5,
    bandC: 0.5,
    heater: { type: 'heat-pump', cop: 3, copPerK: 0.06 },
    heaterMaxW: Number.POSITIVE_INFINITY,
  },
  {
    heatLossWPerK: 180,
    capacityKWhPerK: 12,
    minC: 20,
    maxC: 22,
    bandC: 0.5,
    heater: { type: 'gas', perKWh: 0.1, efficiency: 0.92 },
    heaterMaxW: 900,
    heatingLimitC: 15,
  },
  {
    heatLossWPerK: 60,
    capacityKWhPerK: 3,
    minC: 19,
    maxC: 23,
    bandC: 1,
    heater: { type: 'none' },
    heaterMaxW: 0,
  },
];

/** No guard that binds, and a start with the miner off for long enough. */
const FREE: SlotGuards = {
  minOnSlots: 0,
  minOffSlots: 0,
  minDwellSlots: 0,
  maxStartsPerDay: Number.POSITIVE_INFINITY,
};
const START: PlanStart = { roomC: 21, levelIndex: 0, slotsInState: 9, slotsAtLevel: 9, startsToday: 0 };

/** A fixed pseudo-random sequence (no Math.random: a failure must replay). */
function numbers(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Six hourly slots with random prices, weather and gains, a grid-event cap of 500 W in slot `capAt`. */
function randomSlots(next: () => number, dayOf: (t: number) => string, capAt: number): PlanSlotInput[] {
  const T0 = Date.UTC(2024, 0, 10);
  return Array.from({ length: 6 }, (_, t) => ({
    start: T0 + t * 3_600_000,
    end: T0 + (t + 1) * 3_600_000,
    importPerKWh: 0.1 + 0.3 * next(),
    exportPerKWh: 0.05,
    outdoorC: -5 + 25 * next(),
    surplusW: t % 2 ? 300 : 0,
    hashprice: 0.05,
    baseHeatW: 100 * next(),
    day: dayOf(t),
    ...(t === capAt ? { maxPowerW: 500 } : {}),
  }));
}

describe('terminalValues', () => {
  it('gives the per-point sum of advanceRoom over the continuation, bit for bit, for every kind of heater', () => {
    const next = numbers(7);
    for (const room of ROOMS) {
      const T0 = Date.UTC(2024, 0, 10);
      const continuation: ContinuationSlot[] = Array.from({ length: 30 }, (_, i) => ({
        hours: [0.25, 0.5, 1][i % 3]!,
        outdoorC: -10 + 30 * next(),
        baseHeatW: 400 * next(),
        importPerKWh: 0.1 + 0.3 * next(),
      }));
      const input: PlanInput = {
        slots: [
          {
            start: T0,
            end: T0 + 3_600_000,
            importPerKWh: 0.2,
            exportPerKWh: 0.05,
            outdoorC: 5,
            surplusW: 0,
            hashprice: 0.05,
            baseHeatW: 0,
            day: 'd',
          },
        ],
        levels: [
          { id: 'off', powerW: 0, ths: 0 },
          { id: 'on', powerW: 600, ths: 6.5 },
        ],
        poolFee: 0.02,
        guards: FREE,
        room,
        start: START,
        coldPenaltyPerKh: 1.5,
        hotPenaltyPerKh: 0.5,
        valueStoredHeat: true,
        continuation,
      };
      const shape = shapeOf(input, 0.05);
      const out = new Float64Array(shape.grid.points.length * shape.stride);
      terminalValues(input, shape, out);
      if (room.heater.type === 'none') {
        // No heater to value stored heat against: nothing is written.
        expect(out.every((v) => v === 0)).toBe(true);
        continue;
      }
      const continuationH = continuationHours(room);
      shape.grid.points.forEach((start, b) => {
        let c = start;
        let cost = 0;
        let hours = 0;
        for (let i = 0; hours < continuationH; i = (i + 1) % continuation.length) {
          const slot = continuation[i]!;
          const step: RoomStep = { endC: 0, heaterW: 0, coldKh: 0, hotKh: 0 };
          const k = decayOver(room, slot.hours);
          advanceRoom(
            room,
            c,
            { heatInW: slot.baseHeatW, outdoorC: slot.outdoorC, hours: slot.hours, k },
            step,
          );
          const perKWh = heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC);
          cost =
            cost + (((step.heaterW * slot.hours) / 1000) * perKWh + 1.5 * step.coldKh + 0.5 * step.hotKh);
          c = step.endC;
          hours += slot.hours;
        }
        for (let cell = 0; cell < shape.stride; cell++) expect(out[b * shape.stride + cell]).toBe(cost);
      });
    }
  });
});

describe('fillStageTable', () => {
  it('locates each end temperature where locate does and costs it as the per-point sum', () => {
    const next = numbers(11);
    for (const room of ROOMS) {
      const input: PlanInput = {
        slots: randomSlots(next, () => 'd', 3),
        levels: [
          { id: 'off', powerW: 0, ths: 0 },
          { id: 'low', powerW: 600, ths: 6.5 },
          { id: 'high', powerW: 1400, ths: 13.5 },
        ],
        poolFee: 0.02,
        guards: FREE,
        room,
        start: START,
        coldPenaltyPerKh: 1,
        hotPenaltyPerKh: 0.5,
      };
      const shape = shapeOf(input, 0.05);
      const table = stageTableFor(shape);
      const points = shape.grid.points;
      input.slots.forEach((slot, t) => {
        fillStageTable(input, shape, t, table);
        const k = decayOver(room, 1);
        input.levels.forEach((level, to) => {
          const money = minerMoney(level, slot, input.poolFee);
          const blocked = slot.maxPowerW !== undefined && level.powerW > slot.maxPowerW ? 1e9 : 0;
          points.forEach((c, b) => {
            const j = b * input.levels.length + to;
            const step: RoomStep = { endC: 0, heaterW: 0, coldKh: 0, hotKh: 0 };
            advanceRoom(
              room,
              c,
              { heatInW: level.powerW + slot.baseHeatW, outdoorC: slot.outdoorC, hours: 1, k },
              step,
            );
            const { i, w } = locate(shape.grid, step.endC);
            expect([table.nextI[j], table.nextW[j]]).toEqual([i, w]);
            const heatPerKWh =
              room.heater.type === 'heat-pump'
                ? slot.importPerKWh /
                  Math.max(1, room.heater.cop + (room.heater.copPerK ?? 0) * (slot.outdoorC - 7))
                : room.heater.type === 'gas'
                  ? room.heater.perKWh / room.heater.efficiency
                  : 0;
            expect(table.cost[j]).toBe(
              money.electricityCost -
                money.miningRevenue +
                blocked +
                ((step.heaterW * 1) / 1000) * heatPerKWh +
                1 * step.coldKh +
                0.5 * step.hotKh,
            );
          });
        });
      });
    }
  });
});

describe('stepBack without guard counters', () => {
  const inputFor = (room: RoomModel, guards: SlotGuards, next: () => number): PlanInput => ({
    slots: randomSlots(next, (t) => (t < 3 ? 'd' : 'e'), 4),
    levels: [
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'low', powerW: 300, ths: 3.5 },
      { id: 'mid', powerW: 600, ths: 6.5 },
      { id: 'high', powerW: 1400, ths: 13.5 },
    ],
    poolFee: 0.02,
    guards,
    room,
    start: START,
    coldPenaltyPerKh: 1,
    hotPenaltyPerKh: 0.5,
  });

  it('gives the move lists’ values bit for bit, where the room forbids starts and keeping on too', () => {
    const next = numbers(13);
    for (const room of ROOMS) {
      const input = inputFor(room, FREE, next);
      const shape = shapeOf(input, 0.05);
      const ctx = backwardContext(input, shape);
      expect(ctx.free).toBe(true);
      // The grid reaches above maxC (no start, no keeping on) and between maxC − band and maxC (keep, no start).
      expect(new Set(ctx.mayStart).size).toBe(2);
      expect(ctx.mayKeep.some((keep, b) => keep !== ctx.mayStart[b])).toBe(true);
      const generic = { ...ctx, free: false };
      const N = shape.grid.points.length * shape.stride;
      const after = Float64Array.from({ length: N }, () => 5 * next() - 1);
      for (let t = 0; t < input.slots.length; t++) {
        const fast = new Float64Array(N);
        const slow = new Float64Array(N);
        stepBack(input, shape, ctx, t, after, fast);
        stepBack(input, shape, generic, t, after, slow);
        for (let i = 0; i < N; i++)
          if (!Object.is(fast[i], slow[i])) expect([t, i, fast[i]]).toEqual([t, i, slow[i]]);
      }
    }
  });

  it('is not taken when a guard counts slots or no start is allowed', () => {
    const next = numbers(17);
    const room = ROOMS[0]!;
    for (const guards of [
      { ...FREE, minOnSlots: 2 },
      { ...FREE, minDwellSlots: 3 },
      { ...FREE, maxStartsPerDay: 1 },
      { ...FREE, maxStartsPerDay: 0 },
    ]) {
      const input = inputFor(room, guards, next);
      expect(backwardContext(input, shapeOf(input, 0.05)).free).toBe(false);
    }
  });
});

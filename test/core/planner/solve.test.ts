import { describe, expect, it } from 'vitest';
import type { PlanInput, SlotGuards } from '../../../src/core/planner/plan-types.js';
import { minerMoney, roomSlot } from '../../../src/core/planner/slot-cost.js';
import { afterMove, type GuardState, mayMove } from '../../../src/core/planner/slot-guards.js';
import { solvePlan, solveScratch } from '../../../src/core/planner/solve.js';
import { mayRun, type RoomModel } from '../../../src/core/planner/thermal.js';
import { hourlySlots, OFF, ONE_KW, SMALL_ROOM } from '../../fakes/plan-slots.js';

const FREE: SlotGuards = {
  minOnSlots: 0,
  minOffSlots: 0,
  minDwellSlots: 0,
  maxStartsPerDay: Number.POSITIVE_INFINITY,
};

function input(prices: number[], over: Partial<PlanInput> = {}): PlanInput {
  return {
    slots: hourlySlots(prices),
    levels: [OFF, ONE_KW],
    poolFee: 0,
    guards: FREE,
    start: { roomC: 20, levelIndex: 0, slotsInState: 10, slotsAtLevel: 10, startsToday: 0 },
    ...over,
  };
}

/** Cost of a schedule by plain simulation, and whether it obeys guards and the comfort rule. */
function simulate(p: PlanInput, schedule: number[]): number | undefined {
  let state: GuardState = { ...p.start };
  let c = p.start.roomC;
  let total = 0;
  for (let t = 0; t < schedule.length; t++) {
    const to = schedule[t]!;
    const running = state.levelIndex > 0;
    const forcedOff = running && !mayRun(p.room, c, true);
    if (to > 0 && !mayRun(p.room, c, running)) return undefined;
    if (!mayMove(p.guards, state, to, forcedOff)) return undefined;
    const money = minerMoney(p.levels[to]!, p.slots[t]!, p.poolFee);
    total += money.electricityCost - money.miningRevenue;
    if (p.room) {
      const r = roomSlot(p.room, p.slots[t]!, c, p.levels[to]!.powerW);
      total += r.heatingCost + r.coldKh;
      c = r.endC;
    }
    const newDay = t + 1 < schedule.length && p.slots[t + 1]!.day !== p.slots[t]!.day;
    state = afterMove(state, to, { state: 99, level: 99, starts: 99 }, newDay);
  }
  return total;
}

function bruteForce(p: PlanInput): number {
  const T = p.slots.length;
  const L = p.levels.length;
  let best = Number.POSITIVE_INFINITY;
  for (let code = 0; code < L ** T; code++) {
    const schedule = Array.from({ length: T }, (_, t) => Math.floor(code / L ** t) % L);
    const cost = simulate(p, schedule);
    if (cost !== undefined && cost < best) best = cost;
  }
  return best;
}

describe('solvePlan without a room', () => {
  it('runs exactly in the slots cheaper than the revenue per kWh', () => {
    const result = solvePlan(input([0.2, 0.05, 0.08, 0.3]));
    expect(result.levelIndex).toEqual([0, 1, 1, 0]);
    expect(result.totals.netCost).toBeCloseTo(0.05 + 0.08 - 0.2, 9);
    expect(result.totals.starts).toBe(1);
  });

  it('keeps the minimum on time, and runs through a dear slot only when it pays', () => {
    const guards = { ...FREE, minOnSlots: 3 };
    // Cheap, dear, cheap: three slots cost 0.05 + 0.12 + 0.05 − 0.3 revenue = −0.08 < 0.
    expect(solvePlan(input([0.05, 0.12, 0.05, 0.3], { guards })).levelIndex).toEqual([1, 1, 1, 0]);
    // With the middle slot at 0.3 the block costs +0.1: better stay off.
    expect(solvePlan(input([0.05, 0.3, 0.05, 0.3], { guards })).levelIndex).toEqual([0, 0, 0, 0]);
  });

  it('respects the starts cap and the minimum off time', () => {
    const prices = [0.05, 0.3, 0.05, 0.3, 0.05];
    expect(solvePlan(input(prices)).totals.starts).toBe(3);
    const capped = solvePlan(input(prices, { guards: { ...FREE, maxStartsPerDay: 1 } }));
    expect(capped.totals.starts).toBe(1);
    const minOff = solvePlan(input(prices, { guards: { ...FREE, minOffSlots: 2 } }));
    expect(minOff.levelIndex).toEqual([1, 0, 0, 0, 1]);
  });

  it('values surplus at the export price', () => {
    const p = input([0.3, 0.3]);
    const withSurplus = {
      ...p,
      slots: p.slots.map((s, i) => ({ ...s, surplusW: i === 0 ? 1000 : 0, exportPerKWh: 0.08 })),
    };
    const result = solvePlan(withSurplus);
    expect(result.levelIndex).toEqual([1, 0]);
    expect(result.totals.electricityCost).toBeCloseTo(0.08, 9);
  });
});

const room: RoomModel = {
  heatLossWPerK: 50,
  capacityKWhPerK: 1,
  minC: 20,
  maxC: 22,
  bandC: 0.5,
  heater: { type: 'resistive' },
  heaterMaxW: Number.POSITIVE_INFINITY,
};

describe('solvePlan with a room', () => {
  it('matches brute force over every schedule when pre-heating pays', () => {
    const p = input([0.05, 0.06, 0.4, 0.4, 0.4, 0.4], {
      room,
      levels: [OFF, { id: 'on', powerW: 1000, ths: 2 }],
    });
    const result = solvePlan(p);
    const best = bruteForce(p);
    expect(simulate(p, result.levelIndex)).toBeCloseTo(result.totals.netCost + result.totals.coldKh, 9);
    expect(result.totals.netCost).toBeLessThanOrEqual(best + 1e-3);
    // Cheap heat first, stored in the room for the dear hours.
    expect(result.levelIndex.slice(0, 2)).toEqual([1, 1]);
    expect(Math.max(...result.roomC)).toBeGreaterThan(20.4);
  });

  it('matches brute force with three levels, guards and a heat pump', () => {
    const levels = [OFF, { id: 'low', powerW: 300, ths: 3 }, { id: 'high', powerW: 600, ths: 5 }];
    const heatPump: RoomModel = { ...room, heater: { type: 'heat-pump', cop: 3, copPerK: 0.05 } };
    const p = input([0.02, 0.3, -0.05, 0.25, 0.1, 0.35, 0.05], {
      room: heatPump,
      levels,
      guards: { minOnSlots: 2, minOffSlots: 1, minDwellSlots: 1, maxStartsPerDay: 2 },
      start: { roomC: 20.4, levelIndex: 0, slotsInState: 5, slotsAtLevel: 5, startsToday: 0 },
    });
    const result = solvePlan(p);
    expect(simulate(p, result.levelIndex)).toBeDefined();
    expect(result.totals.netCost + result.totals.coldKh).toBeLessThanOrEqual(bruteForce(p) + 1e-3);
  });

  it('never runs the miner in a slot that starts at or above the maximum', () => {
    const hot = input([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5], { room: { ...room, capacityKWhPerK: 0.3 } });
    const result = solvePlan(hot);
    result.levelIndex.forEach((l, t) => {
      if (l > 0) expect(result.roomC[t]!).toBeLessThan(room.maxC);
    });
    expect(result.levelIndex).toContain(0);
    expect(result.levelIndex).toContain(1);
  });

  it('values heat stored at the horizon end only when asked (rolling plans)', () => {
    const levels = [OFF, { id: 'cover', powerW: 750, ths: 0.001 }, { id: 'store', powerW: 2000, ths: 0.001 }];
    const p = input([0.4, 0.4, 0.05], { room, levels });
    expect(solvePlan(p).levelIndex[2]).toBe(1);
    const rolling = solvePlan({ ...p, valueStoredHeat: true });
    expect(rolling.levelIndex[2]).toBe(2);
    expect(rolling.roomC[3]!).toBeGreaterThan(room.minC + 0.2);
  });

  it('trades money for comfort with a hot penalty', () => {
    const small = { ...room, capacityKWhPerK: 0.3 };
    const p = input([-0.5, -0.5, -0.5, -0.5, -0.5, -0.5], { room: small });
    const free = solvePlan(p);
    const careful = solvePlan({ ...p, hotPenaltyPerKh: 10 });
    expect(free.totals.hotKh).toBeGreaterThan(0.1);
    expect(careful.totals.hotKh).toBeLessThan(free.totals.hotKh);
    expect(careful.totals.netCost).toBeGreaterThan(free.totals.netCost);
  });

  it('keeps the room warm with a heater of limited power by running the miner', () => {
    const weak: RoomModel = { ...room, heater: { type: 'none' }, heaterMaxW: 0 };
    const cold = { roomC: 18, levelIndex: 0, slotsInState: 5, slotsAtLevel: 5, startsToday: 0 };
    const p = input([0.3, 0.3, 0.3], {
      room: weak,
      start: cold,
      levels: [OFF, { id: 'on', powerW: 1000, ths: 2 }],
    });
    const result = solvePlan(p);
    // Comfort (1 per K·h below minC) beats 0.3 per kWh: the miner is the only heat there is.
    expect(result.levelIndex[0]).toBe(1);
    expect(result.totals.coldKh).toBeLessThan(solvePlan({ ...p, coldPenaltyPerKh: 0 }).totals.coldKh);
    expect(result.totals.netCost + result.totals.coldKh).toBeLessThanOrEqual(bruteForce(p) + 1e-3);
  });
});

describe('solvePlan grid (issue 14)', () => {
  const room: RoomModel = {
    heatLossWPerK: 25,
    capacityKWhPerK: 1,
    minC: 20,
    maxC: 22.5,
    bandC: 0.5,
    heater: { type: 'resistive' },
    heaterMaxW: Number.POSITIVE_INFINITY,
  };

  it('reports the grid step it used and never coarsens silently', () => {
    const p = input([0.3, 0.1, 0.3, 0.05], { room, temperatureStepC: 0.05 });
    expect(solvePlan(p).grid).toEqual({ stepC: 0.05, coarsened: false });
    const squeezed = solvePlan(p, { maxCells: 300 });
    expect(squeezed.grid.coarsened).toBe(true);
    expect(squeezed.grid.stepC).toBeGreaterThan(0.05);
  });
});

describe('rolling plans value stored heat by what it saves after the horizon (issue 14)', () => {
  // A mild spell: gains alone hold the room at 21 °C, above minC, so the heat pump never runs and heat
  // stored at the horizon's end saves nothing. Mining loses 0.05 per kWh (import 0.3, revenue 0.25).
  const room: RoomModel = {
    heatLossWPerK: 100,
    capacityKWhPerK: 10,
    minC: 20,
    maxC: 23,
    bandC: 0.5,
    heater: { type: 'heat-pump', cop: 3 },
    heaterMaxW: Number.POSITIVE_INFINITY,
  };
  const mild = (outdoorC: number): PlanInput => ({
    ...input(new Array(24).fill(0.3), { room, valueStoredHeat: true, hotPenaltyPerKh: 2 }),
    slots: hourlySlots(new Array(24).fill(0.3), { outdoorC, baseHeatW: 200, hashprice: 0.25 }),
    start: { roomC: 21, levelIndex: 0, slotsInState: 10, slotsAtLevel: 10, startsToday: 0 },
  });

  it('does not store heat the house will not need', () => {
    const plan = solvePlan(mild(19));
    expect(plan.levelIndex.filter((l) => l > 0)).toHaveLength(0);
  });

  it('still stores cheap heat before it is needed', () => {
    // Colder: without miners the room sinks to 16 °C, so the heat pump runs and stored heat saves it.
    // With mining at a loss of 0.05 per kWh and heat worth 0.1 per kWh, running at the end pays.
    const plan = solvePlan(mild(14));
    expect(plan.levelIndex.filter((l) => l > 0).length).toBeGreaterThan(0);
  });
});

describe('a long horizon in little memory: checkpointed values (issue 16)', () => {
  // Up to 61 hourly slots over three days (61 is no multiple of K = 8), a room, binding guards and a starts cap.
  const prices = Array.from(
    { length: 61 },
    (_, i) => 0.2 + 0.15 * Math.sin(i / 3) + (i % 17 === 0 ? -0.4 : 0),
  );
  const threeDays = (length: number, over: Partial<PlanInput> = {}): PlanInput => {
    const p = input(prices.slice(0, length), {
      room: SMALL_ROOM,
      guards: { minOnSlots: 2, minOffSlots: 2, minDwellSlots: 0, maxStartsPerDay: 3 },
      valueStoredHeat: true,
      ...over,
    });
    p.slots = p.slots.map((s, i) => ({
      ...s,
      day: `d${Math.floor(i / 24)}`,
      outdoorC: 2 + 6 * Math.sin(i / 9),
    }));
    return p;
  };

  it('gives the same plan, bit for bit, when it keeps only every K-th slot of values', () => {
    const p = threeDays(61);
    const full = solvePlan(p);
    const checkpointed = solvePlan(p, { checkpointAboveCells: 0 });
    expect(checkpointed).toStrictEqual(full);
    expect(full.levelIndex.some((l) => l > 0)).toBe(true);
  });

  it('gives the same plans, bit for bit, when one scratch storage serves solve after solve', () => {
    // As the backtest's rolling planner: plans of different sizes, with and without stored heat valued
    // (an empty terminal layer after a filled one), full and checkpointed, all from one scratch.
    // Whatever the storage holds before must not matter: start it with large, uneven garbage.
    const scratch = solveScratch();
    scratch.values = Float64Array.from({ length: 200_000 }, (_, i) => ((i * 7919) % 1009) * 1000);
    for (const [length, valueStoredHeat, temperatureStepC, checkpointAboveCells] of [
      [24, false, 0.1, undefined],
      [61, true, 0.05, undefined],
      [61, true, 0.025, 0],
      [40, false, 0.05, 0],
      [12, true, 0.05, undefined],
    ] as const) {
      const p = threeDays(length, { valueStoredHeat, temperatureStepC });
      const options = checkpointAboveCells === undefined ? {} : { checkpointAboveCells };
      expect(solvePlan(p, { ...options, scratch })).toStrictEqual(solvePlan(p, options));
    }
  });
});

describe('solvePlan under a grid event cap', () => {
  it('never chooses a level above a slot maxPowerW, even where it would pay (forward pass, issue 18)', () => {
    // Cheap power everywhere: running pays in every slot; slots 2 and 3 are under a stop event.
    const plan = input([0.01, 0.01, 0.01, 0.01, 0.01]);
    plan.slots = plan.slots.map((s, i) => (i === 2 || i === 3 ? { ...s, maxPowerW: 0 } : s));
    expect(solvePlan(plan).levelIndex).toEqual([1, 1, 0, 0, 1]);
  });
});

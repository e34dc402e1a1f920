import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../../src/core/planner/plan-types.js';
import { solvePlan } from '../../../src/core/planner/solve.js';
import { mostStartsPerDay, solveStartsCapLast } from '../../../src/core/planner/starts-cap.js';
import { hourlySlots, OFF, ONE_KW, SMALL_ROOM } from '../../fakes/plan-slots.js';

/** Hourly slots, 24 to a day; 1 kW earning 0.1 an hour, so it runs where power costs under 0.1/kWh. */
function input(prices: number[], maxStartsPerDay: number, room = false): PlanInput {
  return {
    slots: hourlySlots(prices).map((s, i) => ({ ...s, day: `d${Math.floor(i / 24)}` })),
    levels: [OFF, ONE_KW],
    poolFee: 0,
    guards: { minOnSlots: 0, minOffSlots: 0, minDwellSlots: 0, maxStartsPerDay },
    ...(room ? { room: SMALL_ROOM } : {}),
    start: { roomC: 20.5, levelIndex: 0, slotsInState: 10, slotsAtLevel: 10, startsToday: 0 },
  };
}

describe('mostStartsPerDay', () => {
  it('counts off-to-on moves per day, with the start state’s starts today on the first day', () => {
    const p = input(new Array(48).fill(0.2), 6);
    const schedule = new Array(48).fill(0);
    // Day 0: starts at 1 and 3; day 1: a run carried over midnight is no start, one at 30 is.
    for (const t of [1, 3, 4, 23, 24, 30]) schedule[t] = 1;
    expect(mostStartsPerDay(p, schedule)).toBe(3); // day 0: 1, 3, 23
    expect(mostStartsPerDay({ ...p, start: { ...p.start, startsToday: 2 } }, schedule)).toBe(5);
    // Running at the start: the first slot on is no start.
    const running = { ...p, start: { ...p.start, levelIndex: 1 } };
    expect(mostStartsPerDay(running, [1, 1, 0, 1])).toBe(1);
  });
});

describe('solveStartsCapLast', () => {
  it('keeps the schedule solved without the cap when no day breaks it', () => {
    // A few cheap hours a day: fewer starts a day than the cap of 6.
    const prices = Array.from({ length: 72 }, (_, i) => (i % 24 >= 2 && i % 24 < 6 ? 0.02 : 0.3));
    const p = input(prices, 6, true);
    const result = solveStartsCapLast(p);
    expect(mostStartsPerDay(p, result.levelIndex)).toBeLessThanOrEqual(6);
    expect(result.levelIndex.some((l) => l > 0)).toBe(true);
    expect(result).toStrictEqual(
      solvePlan({ ...p, guards: { ...p.guards, maxStartsPerDay: Number.POSITIVE_INFINITY } }),
    );
    expect(result).toStrictEqual(solvePlan(p));
  });

  it('solves with the cap when the schedule without it starts too often', () => {
    // Cheap every other hour: twelve starts a day without a cap, at most 3 with it.
    const prices = Array.from({ length: 48 }, (_, i) => (i % 2 === 0 ? 0.02 : 0.3));
    const p = input(prices, 3);
    const free = solvePlan({ ...p, guards: { ...p.guards, maxStartsPerDay: Number.POSITIVE_INFINITY } });
    expect(mostStartsPerDay(p, free.levelIndex)).toBe(12);
    const result = solveStartsCapLast(p);
    expect(result).toStrictEqual(solvePlan(p));
    expect(mostStartsPerDay(p, result.levelIndex)).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { CapacityMeter } from '../../src/agent/capacity-meter.js';
import { localTimeOf } from '../../src/agent/local-time.js';
import { decide } from '../../src/core/decide.js';
import type { Memory } from '../../src/core/memory.js';
import { emptyMemory } from '../../src/core/memory.js';
import { OFF } from '../../src/core/model.js';
import type { Snapshot } from '../../src/core/types.js';
import {
  flatSeries,
  HASHPRICE_2025,
  livingZone,
  MINUTE,
  makeModel,
  nanoMiner,
  reading,
} from '../fakes/world.js';

/**
 * Issue 18, done-when 1: a day of a Belgian house on a capacity tariff, minute by minute. The month's
 * peak so far is 2.5 kW. An S9 heats a cold room; a thermostat-only miner would run flat out all day.
 *
 * The house's own load is a typical winter weekday of a family home built from appliance runs (the
 * shapes of a kettle, a dishwasher, an oven, a washing machine and an induction hob as measured in the
 * REFIT and UK-DALE household studies: 1–2 kW for minutes to an hour), over a 250–400 W base load. The
 * house alone stays under the peak (2.3 kW at most).
 */
const DAY = Date.UTC(2026, 0, 14, 23, 0); // 2026-01-15 00:00 in Brussels
const TZ = 'Europe/Brussels';

/** [start minute of the local day, minutes, W] of each appliance run. */
const RUNS: [number, number, number][] = [
  [7 * 60, 3, 2000], // kettle
  [7 * 60 + 20, 15, 1500], // hob: breakfast
  [9 * 60, 60, 1900], // washing machine heating its water (first hour of the cycle)
  [12 * 60 + 30, 20, 1500], // hob: lunch
  [14 * 60, 100, 1000], // tumble dryer
  [17 * 60 + 30, 45, 1900], // oven
  [19 * 60 + 30, 50, 1800], // dishwasher heating
  [21 * 60, 3, 2000], // kettle
];

function houseW(minute: number): number {
  const base = minute < 6 * 60 || minute >= 23 * 60 ? 250 : 400;
  return RUNS.reduce((w, [start, len, p]) => (minute >= start && minute < start + len ? w + p : w), base);
}

const s9 = nanoMiner({
  id: 's9',
  name: 'Antminer S9 (Braiins OS)',
  levels: [
    OFF,
    { id: 'eco', powerW: 600, ths: 7 },
    { id: 'mid', powerW: 1000, ths: 10.5 },
    { id: 'full', powerW: 1400, ths: 13.5 },
  ],
  guards: {
    ...nanoMiner().guards,
    minOnMs: 5 * MINUTE,
    minOffMs: 5 * MINUTE,
    minDwellMs: 2 * MINUTE,
    enableDelayMs: MINUTE,
    disableDelayMs: 3 * MINUTE,
    hysteresisPerHour: 0.001,
  },
});
const model = makeModel({
  miners: [s9],
  zones: [livingZone({ targetC: 21, heater: { type: 'resistive' } })],
  capacity: { windowMs: 15 * MINUTE, perKWMonth: 4.17, minimumW: 2500, marginW: 100 },
});

/** The month's state before the day: a 2.5 kW peak earlier in January. */
const EARLIER = { month: '2026-01', peakW: 2500, windowStartAt: 0, importedWh: 0 };

/**
 * A day minute by minute: the meter under test integrates the grid import, `minerW` decides the
 * miner's draw for the minute from a snapshot at a given grid reading. Returns each quarter hour's
 * average grid import (computed apart from the meter) and the miner's energy.
 */
function simulate(minerW: (minute: number, snapshotAt: (gridW: number) => Snapshot) => number) {
  const meter = new CapacityMeter(15 * MINUTE, TZ, EARLIER);
  const gridByMinute: number[] = [];
  let minerKWh = 0;
  let drawW = 0;
  for (let minute = 0; minute < 24 * 60; minute++) {
    const now = DAY + minute * MINUTE;
    meter.reading(houseW(minute) + drawW, now);
    const window = meter.window(now);
    const running = drawW > 0;
    const powerW = drawW;
    const snapshotAt = (gridW: number): Snapshot => ({
      now,
      local: localTimeOf(now, TZ),
      scalars: {
        'grid.powerW': reading(gridW, now),
        hashprice: reading(HASHPRICE_2025, now),
        'zone.living.tempC': reading(19, now),
      },
      series: { 'price.import': flatSeries(now, 0.12) },
      miners: { s9: { reachable: true, running, powerW, at: now } },
      overrides: {},
      zoneTargetsC: {},
      capacity: window,
    });
    drawW = minerW(minute, snapshotAt);
    gridByMinute.push(houseW(minute) + drawW);
    minerKWh += drawW / 60_000;
  }
  const averages = Array.from(
    { length: 96 },
    (_, q) => gridByMinute.slice(q * 15, q * 15 + 15).reduce((a, b) => a + b, 0) / 15,
  );
  return { averages, minerKWh };
}

describe('capacity tariff over a day (issue 18)', () => {
  it('hashheat never lets a 15-minute average pass the month peak of 2.5 kW; a thermostat-only miner would', () => {
    // The thermostat-only miner: the room is cold all day, so it runs flat out.
    const thermostat = simulate(() => 1400);
    expect(Math.max(...thermostat.averages)).toBeGreaterThan(3300);
    expect(thermostat.averages.filter((w) => w > 2500).length).toBeGreaterThanOrEqual(10);

    const reasons = new Set<string>();
    let memory: Memory = emptyMemory();
    const hashheat = simulate((minute, snapshotAt) => {
      const drawnW = s9.levels.find((l) => l.id === (memory.miners.s9?.levelId ?? 'off'))!.powerW;
      const result = decide(snapshotAt(houseW(minute) + drawnW), model, memory);
      memory = result.memory;
      const d = result.decisions[0]!;
      if (d.decidedBy === 'capacity') reasons.add(d.reason);
      return d.powerW;
    });
    expect(Math.max(...hashheat.averages)).toBeLessThanOrEqual(2500);
    // It still heats: most of the thermostat's energy, at the levels the peak leaves room for.
    expect(hashheat.minerKWh).toBeGreaterThan(0.75 * thermostat.minerKWh);
    const holding =
      /^holding at (eco|mid): full would raise this month's peak from 2\.5 to \d\.\d kW, costing \d+\.\d\d EUR$/;
    expect([...reasons].some((r) => holding.test(r))).toBe(true);
  });
});

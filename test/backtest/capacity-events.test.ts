import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../src/backtest/config.js';
import { resultTable } from '../../src/backtest/report-table.js';
import { type BacktestResult, runBacktest } from '../../src/backtest/run.js';
import { backtestSnapshot, priceBook } from '../../src/backtest/snapshot.js';
import { type BacktestWorld, buildWorld } from '../../src/backtest/world.js';

// Issue 18 item 3: a hand-made house import (W per local hour, Europe/Brussels) across a month's end,
// a 1 kW miner (600 W / 1000 W) in a cold room with a resistive heater, so it is always worth running,
// and a 60-min capacity tariff of 5 EUR per kW-month, at least 2.5 kW, 0.1 kW margin.
const TZ = 'Europe/Brussels';
const FROM = DateTime.fromISO('2024-01-30T00:00', { zone: TZ });
const STEPS = 4 * 24;

/** The house's own import at a local time (W): a 3 kW spike on Jan 30 at 18:00, 2.2 kW later on. */
function houseW(local: DateTime): number {
  const day = local.toFormat('MM-dd');
  if (day === '01-30' && local.hour === 18) return 3000;
  if (day === '01-31' && local.hour >= 12) return 2200;
  if (day === '02-01' && local.hour === 19) return 2000;
  if (day === '02-02') return 2200;
  return 1500;
}

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-capacity-'));
  const house: string[] = [];
  const prices: string[] = [];
  for (let i = -2; i < STEPS + 2; i++) {
    const local = FROM.plus({ hours: i });
    const at = new Date(local.toMillis()).toISOString();
    house.push(`${at},${houseW(local)}`);
    prices.push(`${at},0.30`);
  }
  writeFileSync(join(dir, 'house.csv'), `time,importW\n${house.join('\n')}\n`);
  writeFileSync(join(dir, 'prices.csv'), `time,perKWh\n${prices.join('\n')}\n`);
  return dir;
}

const YAML = `
backtest:
  from: 2024-01-30
  to: 2024-02-03
  prices: { import: { file: prices.csv, format: time-value-csv, unit: per-kWh } }
  outdoor: { constantC: -5 }
  hashprice: { perThsDay: 0.05 }
  houseImport: { file: house.csv }
  house: { zone: room, startC: 20 }
  strategies: { thermostat: { onBelowC: 21, offAtC: 21.5 } }
site: { timeZone: ${TZ}, currency: EUR }
prices:
  capacity: { perKWMonth: 5, window: 60min, minimumKW: 2.5, marginKW: 0.1 }
events:
  - type: static
    events:
      - { title: free, start: "2024-02-02T10:00:00+01:00", end: "2024-02-02T12:00:00+01:00", effect: { pricePerKWh: 0 } }
      - { title: saving, start: "2024-02-02T13:30:00+01:00", end: "2024-02-02T14:00:00+01:00", effect: { rewardPerKWh: 0.5 } }
      - { title: dimming, start: "2024-02-01T14:00:00+01:00", end: "2024-02-01T16:00:00+01:00", effect: stop }
guards: { minOnSeconds: 0, minOffSeconds: 0 }
zones:
  - { id: room, targetC: 21, maxC: 23, bandC: 0.5, heatLossWPerK: 200, heater: { type: resistive } }
planner:
  temperatureStepC: 0.1
  zones: [{ zone: room, capacityKWhPerK: 2, minC: 20 }]
miners:
  - id: s9
    type: simulated
    zone: room
    levels: [{ id: low, powerW: 600, ths: 6 }, { id: high, powerW: 1000, ths: 9 }]
`;

const stepOf = (world: BacktestWorld, iso: string) =>
  world.frames.start.indexOf(DateTime.fromISO(iso, { zone: TZ }).toMillis());

describe('the backtest replays a capacity tariff and grid events (issue 18)', () => {
  let world: BacktestWorld;
  let result: BacktestResult;
  const byName = (name: string) => result.strategies.find((s) => s.name === name)!;

  beforeAll(() => {
    world = buildWorld(parseBacktestConfig(YAML, dataDir()));
    result = runBacktest(world, { strategies: ['baseline', 'thermostat', 'live', 'planner', 'optimum'] });
  });

  it("counts each month's peak of the house alone and bills at least the minimum", () => {
    expect(world.frames.houseImportW[stepOf(world, '2024-01-30T18:00')]).toBe(3000);
    expect(result.capacity?.house.months).toEqual([
      { month: '2024-01', peakW: 3000, peakStep: 18, charge: 15 },
      { month: '2024-02', peakW: 2200, peakStep: 72, charge: 12.5 }, // 2.2 kW billed as the 2.5 kW minimum
    ]);
    expect(result.capacity?.house.charge).toBe(27.5);
  });

  it('the thermostat adds its 1 kW to the peaks; the charge is in its electricity cost and its net cost', () => {
    const t = byName('thermostat');
    expect(t.capacity?.months.map((m) => m.peakW)).toEqual([4000, 3200]);
    expect(t.capacity?.charge).toBeCloseTo(20 + 16, 9);
    // Electricity = each step's energy at its paid price (no PV: all from the grid) + the capacity charge.
    const energyCost = Array.from(t.trace.minerW).reduce(
      (sum, w, i) => sum + (w / 1000) * world.frames.paidPerKWh[i]!,
      0,
    );
    expect(t.totals.electricityCost).toBeCloseTo(energyCost + 36, 9);
    expect(t.totals.netCost).toBeCloseTo(
      t.totals.electricityCost + t.totals.heatingCost - t.totals.miningRevenue,
      9,
    );
    expect(t.trace.netCost[STEPS - 1]).toBeCloseTo(t.totals.netCost, 9);
    // The baseline (the house alone) pays its own charge too: the comparison is the miners' difference.
    expect(byName('baseline').totals.electricityCost).toBeCloseTo(27.5, 9);
  });

  it("hashheat live never raises the month's running peak where the thermostat does", () => {
    const live = byName('live');
    const thermostat = byName('thermostat');
    let livePeakW = 0;
    let month = '';
    let thermostatAbove = 0;
    for (let i = 0; i < STEPS; i++) {
      const m = world.frames.local[i]!.date.slice(0, 7);
      if (m !== month) [month, livePeakW] = [m, 0];
      const limitW = Math.max(livePeakW, 2500);
      // Above the peak only where the house alone is (the 3 kW spike), never with a miner running.
      if (live.trace.gridW[i]! > limitW) expect(live.trace.minerW[i], `step ${i}`).toBe(0);
      if (thermostat.trace.gridW[i]! > limitW && thermostat.trace.minerW[i]! > 0) thermostatAbove += 1;
      livePeakW = Math.max(livePeakW, live.trace.gridW[i]!);
    }
    expect(thermostatAbove).toBeGreaterThan(10);
    // It still mines: at 600 W under a 2.5 kW minimum with 1.5 kW of house load, not at 1000 W.
    expect(live.totals.minerHeatKWh).toBeGreaterThan(10);
    expect(live.trace.minerW[stepOf(world, '2024-02-01T03:00')]).toBe(600);
    expect(live.capacity?.months.map((m) => m.peakW)).toEqual([3000, 2200]);
    expect(live.capacity!.charge).toBeLessThan(thermostat.capacity!.charge);
  });

  it('the decide-driven snapshot carries the capacity window and the events', () => {
    const i = stepOf(world, '2024-01-31T10:00');
    const snapshot = backtestSnapshot(world, priceBook(world), { i, roomC: 20, levels: [0] });
    expect(Object.keys(snapshot.events ?? {})).toEqual(['events[0]']);
    expect(snapshot.events?.['events[0]']?.value.map((e) => e.title)).toEqual(['free', 'saving', 'dimming']);
    expect(snapshot.scalars['grid.powerW']?.value).toBe(1500);
  });

  it("prices a price event's steps at its price and a reward's at price + reward, for every strategy", () => {
    const paid = world.frames.paidPerKWh;
    expect(paid[stepOf(world, '2024-02-02T10:00')]).toBe(0);
    expect(paid[stepOf(world, '2024-02-02T11:00')]).toBe(0);
    expect(paid[stepOf(world, '2024-02-02T12:00')]).toBeCloseTo(0.3, 12);
    // Half of the 13:00 hour under a 0.5 reward.
    expect(paid[stepOf(world, '2024-02-02T13:00')]).toBeCloseTo(0.3 + 0.25, 12);
    // The published price series the agent sees stays as it was: the events reach it as snapshot.events.
    expect(world.frames.importPerKWh[stepOf(world, '2024-02-02T10:00')]).toBeCloseTo(0.3, 12);
    const free = result.events.find((e) => e.title === 'free')!;
    expect(free.effect).toBe('price 0.0000/kWh');
    expect(free.strategies.map((s) => s.name)).toEqual(['house', 'thermostat', 'live', 'planner', 'optimum']);
  });

  it('a stop event stops hashheat (live, planner, optimum) in its window; the thermostat ignores it', () => {
    const dimming = result.events.find((e) => e.title === 'dimming')!;
    const energy = Object.fromEntries(dimming.strategies.map((s) => [s.name, s.minerKWh]));
    expect(energy).toMatchObject({ house: 0, live: 0, planner: 0, optimum: 0 });
    expect(energy.thermostat).toBeCloseTo(2, 9);
  });

  it('the text report lists the months with and without hashheat and the events', () => {
    const text = resultTable(result, TZ);
    expect(text).toContain('house alone kW');
    expect(text).toMatch(/2024-01 +3\.00 +15\.00 +4\.00 +20\.00 +3\.00 +15\.00/);
    expect(text).toMatch(/dimming +2024-02-01 14:00 +2024-02-01 16:00 +stop/);
    expect(text).toContain('60-min windows on 60-min data');
  });
});

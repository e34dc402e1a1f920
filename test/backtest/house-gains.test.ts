import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBacktestConfig } from '../../src/backtest/config.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runBacktest } from '../../src/backtest/run.js';
import { simulate } from '../../src/backtest/simulate.js';
import { baselineController } from '../../src/backtest/strategies/simple.js';
import { buildWorld } from '../../src/backtest/world.js';

// The week cut from the shared data (test/fixtures/backtest/backtest-week.yaml: DE-LU prices, Frankfurt
// weather 2024-01-08..15, −6 to +3 °C) with the house's gains set in its planner zone.
const DIR = 'test/fixtures/backtest';
const HOUR = 3_600_000;
const WEEK = readFileSync(join(DIR, 'backtest-week.yaml'), 'utf8');
const ZONE = '    - { zone: living, capacityKWhPerK: 1.0, minC: 20, copPerK: 0.06 }';

/** A synthetic irradiance file: 300 W/m² from 10:00 to 14:00 local (09–13 UTC in January), else 0. */
function solarDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-solar-'));
  const rows: string[] = [];
  for (let t = Date.UTC(2024, 0, 7); t < Date.UTC(2024, 0, 16); t += HOUR) {
    const h = new Date(t).getUTCHours();
    rows.push(`${new Date(t).toISOString()},${h >= 9 && h < 13 ? 300 : 0}`);
  }
  writeFileSync(join(dir, 'sun.csv'), `time,ghi\n${rows.join('\n')}\n`);
  return dir;
}

function world(zoneExtra: string, backtestExtra = '') {
  expect(WEEK).toContain(ZONE);
  const yaml = WEEK.replace(ZONE, ZONE.replace(' }', `${zoneExtra} }`)).replace(
    '  house: { zone: living, startC: 20.5 }',
    `  house: { zone: living, startC: 20.5 }\n${backtestExtra}`,
  );
  return buildWorld(parseBacktestConfig(yaml, DIR));
}

const baseline = (w: ReturnType<typeof world>) => simulate(w, baselineController(w)).totals;

describe('a house with gains in the backtest', () => {
  const plain = world('');
  const plainTotals = baseline(plain);

  it('internal gains replace the heater’s heat one for one while it runs', () => {
    const w = world(', baseHeatW: 100');
    expect([...w.gainsW].every((g) => g === 100)).toBe(true);
    // 100 W for 168 h is 16.8 kWh of heat the heat pump need not give (it runs all week in January).
    expect(plainTotals.heaterHeatKWh - baseline(w).heaterHeatKWh).toBeCloseTo(16.8, 0);
    // A daily profile: twice the gains from 18:00 to 22:00 local, half otherwise.
    const profile = Array.from({ length: 24 }, (_, h) => (h >= 18 && h < 22 ? 2 : 0.5));
    const shaped = world(`, baseHeatW: 100, baseHeatByHour: [${profile.join(', ')}]`);
    expect(shaped.gainsW[18]).toBe(200); // step 18 is 18:00 local on the first day
    expect(shaped.gainsW[3]).toBe(50);
  });

  it('solar gains are window area × g-value × irradiance from the backtest’s solar file', () => {
    const dir = solarDir();
    const w = world(
      ', windowAreaM2: 4, gValue: 0.5',
      `  solar: { file: ${relative(DIR, join(dir, 'sun.csv'))}, format: time-value-csv }\n`,
    );
    // 2 m² of aperture × 300 W/m² = 600 W for four hours a day, seven days: 16.8 kWh.
    expect(w.gainsW[10]).toBe(600);
    expect(w.gainsW[14]).toBe(0);
    expect([...w.gainsW].reduce((a, b) => a + b, 0) / 1000).toBeCloseTo(16.8, 9);
    expect(plainTotals.heaterHeatKWh - baseline(w).heaterHeatKWh).toBeCloseTo(16.8, 0);
  });

  it('above the heating limit the house wants no heat', () => {
    const w = world(', heatingLimitC: -2');
    const t = baseline(w);
    expect(t.heaterHeatKWh).toBeLessThan(plainTotals.heaterHeatKWh - 10);
    expect(t.heaterHeatKWh).toBeGreaterThan(0);
  });

  it('the optimum, the planner and every strategy see the same gains: none beats the optimum', () => {
    const result = runBacktest(world(', baseHeatW: 150, heatingLimitC: 0'));
    const optimum = result.strategies.find((s) => s.name === 'optimum')!.objective;
    for (const s of result.strategies) expect(optimum, s.name).toBeLessThanOrEqual(s.objective + 1e-9);
  });
});

describe('interval-ending series', () => {
  it('moves each value to the start of the interval it describes (Open-Meteo radiation)', () => {
    const dir = solarDir();
    const spec = { file: 'sun.csv', format: 'time-value-csv' as const, unit: 'W' as const };
    const common = { cumulative: false, shiftYears: 0, scale: 1 };
    const begin = loadSeries({ ...spec, ...common }, dir, 'UTC', false);
    const end = loadSeries({ ...spec, ...common, intervalEnding: true }, dir, 'UTC', false);
    expect([...end.at]).toEqual([...begin.at].map((t) => t - HOUR));
    expect([...end.value]).toEqual([...begin.value]);
  });
});

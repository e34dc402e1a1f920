import { beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import { type BacktestResult, runBacktest, withCaptured } from '../../src/backtest/run.js';
import { buildWorld } from '../../src/backtest/world.js';

const CONFIG = 'test/fixtures/backtest/backtest-week.yaml';

describe('backtest strategies on one week of shared data', () => {
  let result: BacktestResult;
  const byName = (name: string) => result.strategies.find((s) => s.name === name)!;

  beforeAll(() => {
    result = runBacktest(buildWorld(loadBacktestConfig(CONFIG)));
  });

  it('runs every strategy over every step', () => {
    expect(result.steps).toBe(7 * 24);
    expect(result.strategies.map((s) => s.name)).toEqual([
      'baseline',
      'thermostat',
      'threshold',
      'live',
      'planner',
      'optimum',
      'money',
    ]);
    for (const s of result.strategies) expect(s.trace.minerW).toHaveLength(168);
  });

  it('baseline mines nothing and pays only for heat', () => {
    const t = byName('baseline').totals;
    expect(t).toMatchObject({ electricityCost: 0, miningRevenue: 0, minerHeatKWh: 0, starts: 0 });
    expect(t.heatingCost).toBeGreaterThan(5);
    expect(t.netCost).toBe(t.heatingCost);
  });

  it('no strategy beats the optimum on the objective, and the money-only optimum costs least', () => {
    const optimum = byName('optimum').objective;
    for (const s of result.strategies) expect(optimum, s.name).toBeLessThanOrEqual(s.objective + 1e-9);
    for (const s of result.strategies)
      expect(byName('money').totals.netCost, s.name).toBeLessThanOrEqual(s.totals.netCost + 1e-9);
  });

  it('scores comfort beyond the baseline: the baseline has none extra and its objective is its net cost', () => {
    const b = byName('baseline');
    expect(b).toMatchObject({ extraColdKh: 0, extraHotKh: 0, objective: b.totals.netCost });
    const t = byName('thermostat');
    expect(t.extraHotKh).toBeCloseTo(t.totals.hotKh - b.totals.hotKh, 9);
    expect(t.objective).toBeCloseTo(
      t.totals.netCost +
        result.penalties.coldPerKh * t.extraColdKh +
        result.penalties.hotPerKh * t.extraHotKh,
      9,
    );
  });

  it('captured is 1 for the optimum and 0 for the baseline', () => {
    expect(byName('optimum').captured).toBe(1);
    expect(byName('baseline').captured).toBe(0);
    const gain = byName('baseline').objective - byName('optimum').objective;
    expect(gain).toBeGreaterThan(0);
    expect(byName('planner').captured).toBeCloseTo(
      (byName('baseline').objective - byName('planner').objective) / gain,
      12,
    );
  });

  it('the thermostat-only miner heats regardless of price and delivers the most miner heat', () => {
    const thermostat = byName('thermostat').totals;
    for (const s of result.strategies)
      expect(thermostat.minerHeatKWh).toBeGreaterThanOrEqual(s.totals.minerHeatKWh);
    expect(thermostat.minerHeatKWh).toBeGreaterThan(5);
  });

  it('nets add up and the planner keeps comfort no worse than the thermostat', () => {
    for (const s of result.strategies) {
      const t = s.totals;
      expect(t.netCost).toBeCloseTo(t.electricityCost + t.heatingCost - t.miningRevenue, 9);
      expect(s.trace.netCost[167]).toBeCloseTo(t.netCost, 9);
    }
    const comfort = (name: string) => byName(name).totals.coldKh + byName(name).totals.hotKh;
    expect(comfort('planner')).toBeLessThanOrEqual(comfort('thermostat') + 1e-9);
  });

  it('is deterministic: the same data give the same numbers', () => {
    const again = runBacktest(buildWorld(loadBacktestConfig(CONFIG)), { strategies: ['planner'] });
    expect(again.strategies[0]!.totals).toEqual(byName('planner').totals);
  });

  it('leaves captured undefined when the optimum saves nothing', () => {
    const flat = withCaptured(
      result.strategies.map((s) => ({ ...s, objective: 1 })),
      1,
    );
    expect(flat.every((s) => s.captured === undefined)).toBe(true);
  });
});

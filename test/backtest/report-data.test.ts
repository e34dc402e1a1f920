import { beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import {
  decodeDeltas as decode,
  encodeDeltas,
  type ReportData,
  reportData,
} from '../../src/backtest/report-data.js';
import { resultHtml } from '../../src/backtest/report-html.js';
import { type BacktestResult, runBacktest } from '../../src/backtest/run.js';
import { type BacktestWorld, buildWorld } from '../../src/backtest/world.js';

// The shared test week (2024-01-08…15, Berlin): real prices, Frankfurt weather, Konstanz PV, hashprice.
const CONFIG = 'test/fixtures/backtest/backtest-week.yaml';

describe('report data', () => {
  let world: BacktestWorld;
  let result: BacktestResult;
  let data: ReportData;
  beforeAll(() => {
    world = buildWorld(loadBacktestConfig(CONFIG));
    result = runBacktest(world);
    data = reportData(result, world);
  });

  it('stores series as rounded deltas that decode to the rounded values', () => {
    const values = [20.5, 20.49, 21.123, -3, 0];
    expect(decode(encodeDeltas(values, 2))).toEqual([20.5, 20.49, 21.12, -3, 0]);
    const flat = [20, 20, 20, 20, 20, 20.01, 20.01, 20.01, 19, 19, 19, 19];
    expect(encodeDeltas(flat, 2)).toEqual({ d: 2, v: [2000, [4], 1, 0, 0, -101, [3]] });
    expect(decode(encodeDeltas(flat, 2))).toEqual(flat);
    expect(decode(encodeDeltas([], 2))).toEqual([]);
    expect(decode(data.series.price)[5]).toBeCloseTo(world.frames.importPerKWh[5]!, 4);
  });

  it('carries the export price, hashprice and PV surplus the run has, and the local calendar', () => {
    expect(data.series.export).not.toBeNull();
    expect(data.series.hashprice).not.toBeNull();
    expect(Math.max(...decode(data.series.surplus!))).toBeGreaterThan(1000);
    expect(data.days).toEqual([0, 24, 48, 72, 96, 120, 144]);
    expect(data.months).toEqual([0]);
    expect(data.periods.day.labels).toEqual(
      [8, 9, 10, 11, 12, 13, 14].map((d) => `2024-01-${String(d).padStart(2, '0')}`),
    );
  });

  it('has per-day rows that add up to each strategy’s totals, comfort beyond the baseline', () => {
    for (const s of result.strategies) {
      const rows = data.periods.day.rows[s.name]!;
      const sum = (k: number) => rows.reduce((a, r) => a + r[k]!, 0);
      expect(sum(0), s.name).toBeCloseTo(s.totals.netCost, 1);
      expect(sum(4), s.name).toBeCloseTo(s.extraColdKh, 1);
      expect(sum(5), s.name).toBeCloseTo(s.extraHotKh, 1);
      const month = data.periods.month.rows[s.name]![0]!;
      expect(month[0]).toBeCloseTo(s.totals.netCost, 2);
      expect(month[3]).toBeCloseTo(s.totals.minerHeatKWh, 1); // every miner heats the room here
    }
    expect(data.periods.month.rows.baseline![0]).toEqual(
      [result.strategies[0]!.totals.netCost, 0, 0, 0, 0, 0].map((v) => Math.round(v * 100) / 100),
    );
  });

  it('is one self-contained page that links to nothing', () => {
    const html = resultHtml(result, world);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(Buffer.byteLength(html)).toBeLessThan(60_000);
  });
});

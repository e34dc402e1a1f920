import { describe, expect, it } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import { resultHtml } from '../../src/backtest/report-html.js';
import { resultTable } from '../../src/backtest/report-table.js';
import { runBacktest } from '../../src/backtest/run.js';
import { tankNotes } from '../../src/backtest/tank-summary.js';
import { buildWorld } from '../../src/backtest/world.js';

/**
 * The water-tank backtest (issue 19 item 4): config/backtest-tank.yaml, an immersion-cooled 1.35 kW
 * miner on a 300 L cylinder with the EN 16147 M tapping cycle (EU 812/2013 Annex VII Table 1:
 * 5.845 kWh a day) against its immersion heater, on three days of the shipped 2024 DE-LU prices.
 */
const bc = loadBacktestConfig('config/backtest-tank.yaml');
const short = { ...bc, backtest: { ...bc.backtest, from: '2024-01-08', to: '2024-01-11' } };
const world = buildWorld(short);
const result = runBacktest(world);
const tank = world.model.zones[0]!.tank!;
const hours = world.frames.stepMs / 3_600_000;

describe('backtest of a hot-water cylinder', () => {
  it('prints the tank account', () => {
    const text = resultTable(result);
    console.log(text);
    expect(text).toMatch(/water tank Hot-water cylinder \(300 L\): its heater alone would give/);
    const html = resultHtml(result, world);
    expect(html).toContain('<table id="tank">');
    expect(html).toContain('"zoneTitle":"Water temperature"');
  });

  it('draws three days of the EN 16147 M profile', () => {
    for (const row of result.tank!.rows) expect(row.drawOffKWh).toBeCloseTo(3 * 5.845, 9);
  });

  it('keeps the water between minC (the immersion covers the rest) and the high limit in every strategy', () => {
    for (const s of result.strategies) {
      const temps = Array.from(s.trace.roomC);
      expect(Math.min(...temps), s.name).toBeGreaterThanOrEqual(tank.minC - 1e-3);
      expect(Math.max(...temps), s.name).toBeLessThan(tank.highLimitC);
    }
  });

  it('closes the energy balance within 1 %: heat in = draw-offs + standing loss + heat stored', () => {
    let worst = 0;
    for (const s of result.strategies) {
      const t = s.trace.roomC;
      // Standing loss from the traced temperatures (trapezoid), independent of the exact solution.
      let lossKWh = 0;
      for (let i = 0; i + 1 < t.length; i++)
        lossKWh += (tank.standingLossWPerK * ((t[i]! + t[i + 1]!) / 2 - tank.ambientC!) * hours) / 1000;
      const inKWh = s.totals.minerHeatKWh + s.totals.heaterHeatKWh;
      const storedKWh = tank.capacityKWhPerK * (t[t.length - 1]! - t[0]!);
      const drawKWh = 3 * 5.845;
      const gap = inKWh - drawKWh - lossKWh - storedKWh;
      expect(Math.abs(gap) / inKWh, s.name).toBeLessThan(0.01);
      worst = Math.max(worst, Math.abs(gap) / inKWh);
    }
    console.log(`energy balance: largest gap ${(worst * 100).toFixed(3)} % of the heat in`);
  });

  it('lets the miner displace the immersion heater, the planner in cheaper hours than a thermostat', () => {
    const by = Object.fromEntries(result.strategies.map((s) => [s.name, s]));
    const row = Object.fromEntries(result.tank!.rows.map((r) => [r.name, r]));
    expect(row.baseline!.minerHeatKWh).toBe(0);
    expect(row.planner!.displacedKWh).toBeGreaterThan(0.9 * row.baseline!.heaterHeatKWh);
    // Mean import price of the steps each strategy ran the miner in.
    const meanPaid = (name: string) => {
      const trace = by[name]!.trace;
      let sum = 0;
      let n = 0;
      trace.minerW.forEach((w, i) => {
        if (w > 0) {
          sum += world.frames.paidPerKWh[i]!;
          n += 1;
        }
      });
      return sum / n;
    };
    console.log(
      `mean import price while mining: thermostat ${meanPaid('thermostat').toFixed(4)}, planner ${meanPaid('planner').toFixed(4)}, optimum ${meanPaid('optimum').toFixed(4)} EUR/kWh`,
    );
    expect(meanPaid('planner')).toBeLessThan(meanPaid('thermostat'));
    expect(by.planner!.totals.netCost).toBeLessThan(by.baseline!.totals.netCost);
    expect(by.planner!.totals.netCost).toBeLessThan(by.thermostat!.totals.netCost);
  });

  it('notes when one step of the miners could pass the high limit (the replay stops them only at step ends)', () => {
    expect(result.notes.filter((n) => n.startsWith('tank:'))).toEqual([]);
    const hourly = buildWorld({ ...short, backtest: { ...short.backtest, stepMinutes: 60 } });
    const big = {
      ...hourly,
      miners: hourly.miners.map((m) => ({ ...m, levels: [...m.levels, { id: 'x', powerW: 5000, ths: 50 }] })),
    };
    expect(tankNotes(big)).toEqual([expect.stringMatching(/warm Hot-water cylinder 14\.3 K in one step/)]);
  });

  it('has nothing beat the perfect-foresight optimum on the objective', () => {
    const optimum = result.strategies.find((s) => s.name === 'optimum')!;
    for (const s of result.strategies)
      expect(s.objective, s.name).toBeGreaterThanOrEqual(optimum.objective - 1e-9);
  });
});

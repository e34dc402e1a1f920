import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BacktestConfig, loadBacktestConfig } from '../../src/backtest/config.js';
import { runBacktest } from '../../src/backtest/run.js';
import { buildWorld } from '../../src/backtest/world.js';

/**
 * Captured share is taken on the objective the optimum minimises (net cost + penalties on the K·h
 * beyond the baseline's), so no strategy may pass 100 % on any config we ship or generate. Issue 14:
 * the S9 planner used to show 100.7 % by overheating 34 K·h the optimum avoided.
 */
const SHIPPED = readdirSync('config')
  .filter((f) => /^backtest-.*\.yaml$/.test(f))
  .map((f) => `config/${f}`);

/**
 * One-week windows: midwinter (heating), spring (PV surplus with heating), a hot early summer. A week
 * holds several price and weather cycles for the planner to overheat in; each case costs about a
 * third of a three-week one (issue 15: the suite on 2 cores). The full year is `npm run bench`'s
 * (the README's tables).
 */
const WINDOWS = [
  ['2024-01-08', '2024-01-15'],
  ['2024-04-08', '2024-04-15'],
  ['2024-06-17', '2024-06-24'],
] as const;

function during(bc: BacktestConfig, from: string, to: string): BacktestConfig {
  return { ...bc, backtest: { ...bc.backtest, from, to } };
}

function expectNothingBeatsTheOptimum(bc: BacktestConfig) {
  const result = runBacktest(buildWorld(bc));
  const optimum = result.strategies.find((s) => s.name === 'optimum')!;
  for (const s of result.strategies) {
    expect(s.objective, `${s.name} objective vs the optimum's`).toBeGreaterThanOrEqual(
      optimum.objective - 1e-9,
    );
    if (s.captured !== undefined) expect(s.captured, s.name).toBeLessThanOrEqual(1 + 1e-12);
  }
  expect(result.notes.some((n) => n.startsWith('optimum: '))).toBe(true);
  return result;
}

describe('captured share on the objective never passes 100 %', () => {
  it('finds the shipped backtest configs', () => {
    expect(SHIPPED).toEqual(
      expect.arrayContaining(['config/backtest-nano.yaml', 'config/backtest-s9-pv.yaml']),
    );
  });

  for (const file of SHIPPED)
    for (const [from, to] of WINDOWS)
      it(`${file} ${from} … ${to}`, () => {
        expectNothingBeatsTheOptimum(during(loadBacktestConfig(file), from, to));
      }, 60_000);

  // Generated variants of the shipped houses: other rooms, miners, heaters and comfort prices.
  const VARIANTS: { name: string; change(bc: BacktestConfig): BacktestConfig }[] = [
    {
      name: 'Nano in a leaky small room, resistive heater, dear overheating',
      change: (bc) =>
        withConfig(bc, { heatLossWPerK: 40, heater: { type: 'resistive' } }, { capacityKWhPerK: 0.5 }, 3),
    },
    {
      name: 'S9 in a heavy house with a heat pump, no hot penalty',
      change: (bc) =>
        withConfig(
          bc,
          { heatLossWPerK: 120, heater: { type: 'heat-pump', cop: 3.5 } },
          { capacityKWhPerK: 20 },
          0,
        ),
    },
  ];
  for (const v of VARIANTS)
    for (const [file, window] of [
      ['config/backtest-nano.yaml', WINDOWS[0]],
      ['config/backtest-s9-pv.yaml', WINDOWS[1]],
    ] as const)
      it(`generated: ${v.name} (${file})`, () => {
        expectNothingBeatsTheOptimum(during(v.change(loadBacktestConfig(file)), window[0], window[1]));
      }, 60_000);
});

function withConfig(
  bc: BacktestConfig,
  zone: Record<string, unknown>,
  plannerZone: Record<string, unknown>,
  hotPenaltyPerKh: number,
): BacktestConfig {
  const c = bc.config;
  return {
    ...bc,
    config: {
      ...c,
      zones: c.zones.map((z) => ({ ...z, ...zone })) as typeof c.zones,
      planner: {
        ...c.planner!,
        hotPenaltyPerKh,
        zones: c.planner!.zones.map((z) => ({ ...z, ...plannerZone })),
      },
    },
  };
}

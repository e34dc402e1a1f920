import { describe, expect, it } from 'vitest';
import { type BacktestConfig, loadBacktestConfig } from '../../src/backtest/config.js';
import { runBacktest } from '../../src/backtest/run.js';
import { buildWorld } from '../../src/backtest/world.js';

/** Two miners in one room sharing the PV surplus (issue 14): solved jointly when no guard binds. */
const BASE = loadBacktestConfig('test/fixtures/backtest/backtest-week.yaml');

function twoMiners(guards: Partial<BacktestConfig['config']['guards']>): BacktestConfig {
  const c = BASE.config;
  const second = { ...c.miners[0]!, id: 'nano2', levels: [{ id: 'on', powerW: 300, ths: 10 }] };
  return {
    ...BASE,
    backtest: { ...BASE.backtest, from: '2024-01-08', to: '2024-01-11' },
    config: { ...c, guards: { ...c.guards, ...guards }, miners: [...c.miners, second] },
  };
}

describe('the optimum of several miners', () => {
  it('solves them jointly when no guard binds, and nothing beats it', () => {
    const result = runBacktest(buildWorld(twoMiners({ minOnSeconds: 3600, minOffSeconds: 0 })));
    expect(result.notes.find((n) => n.startsWith('optimum:'))).toContain('solved jointly');
    const optimum = result.strategies.find((s) => s.name === 'optimum')!;
    for (const s of result.strategies)
      expect(s.objective, s.name).toBeGreaterThanOrEqual(optimum.objective - 1e-9);
  });

  it('says the sequential solve is an estimate, not a bound, when guards bind', () => {
    const result = runBacktest(buildWorld(twoMiners({ minOnSeconds: 7200 })), {
      strategies: ['baseline', 'optimum'],
    });
    expect(result.notes.find((n) => n.startsWith('optimum:'))).toContain('an estimate, not a bound');
  });
});

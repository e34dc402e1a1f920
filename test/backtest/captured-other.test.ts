import { expect, it } from 'vitest';
import { capturedShareSuite, SHIPPED } from './captured-suite.js';

it('finds the shipped backtest configs', () => {
  expect(SHIPPED).toEqual(
    expect.arrayContaining(['config/backtest-nano.yaml', 'config/backtest-s9-pv.yaml']),
  );
});

// Every shipped backtest config but the Nano house (captured-nano.test.ts), the capacity tariff
// (captured-capacity.test.ts) and the water tank (tank.test.ts): the S9 with PV, and any config added later.
const ELSEWHERE = ['config/backtest-nano.yaml', 'config/backtest-capacity.yaml', 'config/backtest-tank.yaml'];
capturedShareSuite(SHIPPED.filter((f) => !ELSEWHERE.includes(f)));

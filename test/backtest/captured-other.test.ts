import { expect, it } from 'vitest';
import { capturedShareSuite, OWN_FILE, SHIPPED } from './captured-suite.js';

it('finds the shipped backtest configs', () => {
  expect(SHIPPED).toEqual(expect.arrayContaining(OWN_FILE));
});

// Every shipped backtest config without a test file of its own (captured-nano, -s9, -capacity; the
// water tank's tank.test.ts checks that nothing beats its optimum): any config added later runs here
// until it gets one.
const ELSEWHERE = [...OWN_FILE, 'config/backtest-tank.yaml'];
const others = SHIPPED.filter((f) => !ELSEWHERE.includes(f));
if (others.length > 0) capturedShareSuite(others);

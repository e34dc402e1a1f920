import { expect, it } from 'vitest';
import { capturedShareSuite, OWN_FILE, SHIPPED } from './captured-suite.js';

it('finds the shipped backtest configs', () => {
  expect(SHIPPED).toEqual(expect.arrayContaining(OWN_FILE));
});

// Every shipped backtest config without a test file of its own (captured-nano, -s9, -capacity):
// any config added later runs here until it gets one.
const others = SHIPPED.filter((f) => !OWN_FILE.includes(f));
if (others.length > 0) capturedShareSuite(others);

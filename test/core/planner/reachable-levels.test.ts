import { describe, expect, it } from 'vitest';
import { reachableLevels } from '../../../src/core/planner/plan-all.js';

// Issue 12: the planner chooses only among levels the device can reach. For a miner nothing can
// switch off, planning `off` at 0 W would promise savings the device cannot deliver.
describe('reachableLevels', () => {
  const levels = [
    { id: 'off', powerW: 0, ths: 0 },
    { id: 'eco', powerW: 70, ths: 4 },
    { id: 'super', powerW: 140, ths: 6 },
  ];

  it('plans off at the lowest level when nothing can switch the miner off', () => {
    expect(reachableLevels(levels, false)).toEqual([
      { id: 'off', powerW: 70, ths: 4 },
      { id: 'eco', powerW: 70, ths: 4 },
      { id: 'super', powerW: 140, ths: 6 },
    ]);
  });

  it('keeps the levels as they are otherwise', () => {
    expect(reachableLevels(levels, undefined)).toEqual(levels);
    expect(reachableLevels(levels, true)).toEqual(levels);
  });
});

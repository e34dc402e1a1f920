import { describe, expect, it } from 'vitest';
import { clearWants, trackWants } from '../../src/core/memory.js';
import type { MinerMemory } from '../../src/core/memory-types.js';

// Every field, so that a field added to MinerMemory fails to compile here until clearWants copies it too.
const full: Required<MinerMemory> = {
  levelId: 'high',
  levelSince: 1,
  previousLevelId: 'low',
  onSince: 2,
  offSince: 3,
  startsDate: '2025-01-15',
  startsToday: 4,
  wantOnSince: 5,
  wantOffSince: 6,
};

describe('start/stop wishes in memory', () => {
  it('clearWants keeps every other field and drops only the wishes', () => {
    const { wantOnSince: _on, wantOffSince: _off, ...rest } = full;
    expect(clearWants(full)).toStrictEqual(rest);
    expect(clearWants({ levelId: 'off', startsDate: 'd', startsToday: 0 })).toStrictEqual({
      levelId: 'off',
      startsDate: 'd',
      startsToday: 0,
    });
  });

  it('trackWants keeps a running wish to stop and starts one when the ledger first wants off', () => {
    expect(trackWants(full, 'off', 9)).toStrictEqual({ ...clearWants(full), wantOffSince: 6 });
    const { wantOffSince: _w, ...noWish } = full;
    expect(trackWants(noWish, 'off', 9).wantOffSince).toBe(9);
    expect(trackWants(full, 'high', 9)).toStrictEqual(clearWants(full));
  });

  it('trackWants hands back the same memory when the wishes do not change (no copy per miner and tick)', () => {
    const stopping = trackWants(full, 'off', 9);
    expect(trackWants(stopping, 'off', 12)).toBe(stopping);
    const settled = clearWants(full);
    expect(trackWants(settled, 'low', 12)).toBe(settled);
    const starting = { levelId: 'off', startsDate: 'd', startsToday: 0, wantOnSince: 7 };
    expect(trackWants(starting, 'low', 12)).toBe(starting);
    expect(trackWants(starting, 'off', 12)).toStrictEqual({
      levelId: 'off',
      startsDate: 'd',
      startsToday: 0,
    });
  });
});

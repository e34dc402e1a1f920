import { describe, expect, it } from 'vitest';
import { fleetBudgetW } from '../../../src/core/fleet/budget.js';
import type { Offer } from '../../../src/core/fleet/offer.js';
import { makeModel, makeSnapshot, NOON, reading } from '../../fakes/world.js';

function offer(shard: string, runningLevelId: string, readingW?: number): Offer {
  return {
    shard,
    at: NOON,
    expiresAt: NOON + 90_000,
    miners: [
      {
        minerId: 'm0',
        priority: 100,
        runningLevelId,
        levels: [
          { id: 'off', powerW: 0, netPerHour: 0 },
          { id: 'on', powerW: 3000, netPerHour: 0.1 },
        ],
        ...(readingW !== undefined ? { readingW } : {}),
      },
    ],
  };
}

describe('fleetBudgetW (issue 20)', () => {
  it('is the site limit less the house load: site meter + PV − what every offer says its miners draw', () => {
    const model = makeModel({ siteMaxPowerW: 20_000 });
    const snap = makeSnapshot({
      scalars: { 'grid.powerW': reading(9_000, NOON), 'pv.powerW': reading(1_000, NOON) },
    });
    // Miners draw 3,000 + 3,100 (its reading) = 6,100 W; the house 9,000 + 1,000 − 6,100 = 3,900 W.
    expect(fleetBudgetW(snap, model, [offer('a', 'on'), offer('b', 'on', 3_100)])).toBe(16_100);
    // Offers claiming more than the meter saw never raise the budget above the limit.
    expect(
      fleetBudgetW(snap, model, [offer('a', 'on'), offer('b', 'on'), offer('c', 'on'), offer('d', 'on')]),
    ).toBe(20_000);
  });

  it('counts the house as 0 without a fresh grid reading, and is undefined without a site limit', () => {
    const snap = makeSnapshot({ scalars: { 'grid.powerW': reading(9_000, NOON - 3_600_000) } });
    expect(fleetBudgetW(snap, makeModel({ siteMaxPowerW: 20_000 }), [])).toBe(20_000);
    expect(fleetBudgetW(snap, makeModel(), [])).toBeUndefined();
  });
});

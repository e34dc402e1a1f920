import { describe, expect, it } from 'vitest';
import { type FleetBudgetRules, fleetBudget, siteReadingOf } from '../../../src/core/fleet/budget.js';
import type { Offer, SiteReading } from '../../../src/core/fleet/offer.js';
import { makeModel, makeSnapshot, NOON, reading } from '../../fakes/world.js';

function offer(
  shard: string,
  runningLevelId: string,
  options: { readingW?: number; site?: SiteReading } = {},
): Offer {
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
        ...(options.readingW !== undefined ? { readingW: options.readingW } : {}),
      },
    ],
    ...(options.site ? { site: options.site } : {}),
  };
}

const RULES: FleetBudgetRules = { maxPowerW: 20_000, surplusOnly: false, heatDemand: false, capacity: false };

describe('fleetBudget (issue 20)', () => {
  it('is the site limit less the house load: site meter + PV − what every offer says its miners draw', () => {
    const site = { at: NOON, gridW: 9_000, pvW: 1_000 };
    // Miners draw 3,000 + 3,100 (its reading) = 6,100 W; the house 9,000 + 1,000 − 6,100 = 3,900 W.
    const budget = fleetBudget(
      RULES,
      [offer('a', 'on', { site }), offer('b', 'on', { readingW: 3_100 })],
      NOON,
    );
    expect(budget).toEqual({
      budgetW: 16_100,
      limitedBy: 'import-limit',
      minersW: 6_100,
      reading: { shard: 'a', at: NOON },
    });
    // Offers claiming more than the meter saw never raise the budget above the limit.
    const many = ['a', 'b', 'c', 'd'].map((s) => offer(s, 'on', s === 'a' ? { site } : {}));
    expect(fleetBudget(RULES, many, NOON).budgetW).toBe(20_000);
  });

  it('takes the newest reading among the live offers, a tie to the lower shard id, whatever the order', () => {
    const older = offer('a', 'on', { site: { at: NOON - 20_000, gridW: 1_000 } });
    const newer = offer('c', 'on', { site: { at: NOON - 10_000, gridW: 12_000 } });
    const tie = offer('b', 'on', { site: { at: NOON - 10_000, gridW: 15_000 } });
    const one = fleetBudget(RULES, [older, newer, tie], NOON);
    const other = fleetBudget(RULES, [tie, newer, older], NOON);
    expect(one).toEqual(other);
    // b's 15,000 W (the tie goes to b): house 15,000 − 9,000 = 6,000 W.
    expect(one.budgetW).toBe(14_000);
    expect(one.reading).toEqual({ shard: 'b', at: NOON - 10_000 });
    // An expired offer's reading does not count.
    const expired = { ...tie, expiresAt: NOON };
    expect(fleetBudget(RULES, [older, newer, expired], NOON).reading?.shard).toBe('c');
  });

  it("counts an expired shard's miners at its rack meter's newer reading, as the allocation does", () => {
    const site = { at: NOON, gridW: 9_000 };
    const dead = { ...offer('b', 'on'), at: NOON - 100_000, expiresAt: NOON - 10_000 };
    // b last said 3,000 W; its rack now reads 500 W: miners 3,000 + 500, house 9,000 − 3,500 = 5,500 W.
    const racks = { b: { powerW: 500, at: NOON - 5_000 } };
    expect(fleetBudget(RULES, [offer('a', 'on', { site }), dead], NOON, racks)).toMatchObject({
      budgetW: 14_500,
      minersW: 3_500,
    });
    // A rack reading older than its offer, or a live shard's, changes nothing.
    const old = { b: { powerW: 500, at: NOON - 200_000 } };
    expect(fleetBudget(RULES, [offer('a', 'on', { site }), dead], NOON, old).minersW).toBe(6_000);
    expect(fleetBudget(RULES, [offer('a', 'on', { site }), offer('b', 'on')], NOON, racks).minersW).toBe(
      6_000,
    );
  });

  it('counts the house as 0 without a grid reading', () => {
    expect(fleetBudget(RULES, [offer('a', 'on')], NOON)).toMatchObject({
      budgetW: 20_000,
      limitedBy: 'import-limit',
    });
  });

  it('on surplus only: export + what the miners draw, 0 without a meter reading', () => {
    const rules = { ...RULES, surplusOnly: true };
    // Exporting 2,500 W while both miners run 6,000 W: 8,500 W of surplus.
    const exporting = [offer('a', 'on', { site: { at: NOON, gridW: -2_500 } }), offer('b', 'on')];
    expect(fleetBudget(rules, exporting, NOON)).toMatchObject({ budgetW: 8_500, limitedBy: 'surplus' });
    // Importing 1,000 W: the miners must give up that much.
    const importing = [offer('a', 'on', { site: { at: NOON, gridW: 1_000 } }), offer('b', 'on')];
    expect(fleetBudget(rules, importing, NOON).budgetW).toBe(5_000);
    expect(fleetBudget(rules, [offer('a', 'on')], NOON)).toMatchObject({ budgetW: 0, limitedBy: 'surplus' });
    // Never above the import limit.
    const sunny = [offer('a', 'on', { site: { at: NOON, gridW: -30_000 } })];
    expect(fleetBudget(rules, sunny, NOON)).toMatchObject({ budgetW: 20_000, limitedBy: 'import-limit' });
  });

  it('caps at the heat demand when configured, and not without a reading', () => {
    const rules = { ...RULES, heatDemand: true };
    const wanted = [offer('a', 'on', { site: { at: NOON, gridW: 5_000, heatDemandW: 7_000 } })];
    expect(fleetBudget(rules, wanted, NOON)).toMatchObject({ budgetW: 7_000, limitedBy: 'heat-demand' });
    expect(fleetBudget(RULES, wanted, NOON).limitedBy).toBe('import-limit');
    const unknown = [offer('a', 'on', { site: { at: NOON, gridW: 5_000 } })];
    expect(fleetBudget(rules, unknown, NOON)).toMatchObject({ budgetW: 18_000, limitedBy: 'import-limit' });
  });

  it('stays within the capacity tariff: the import its peak allows less the house (meter − miners)', () => {
    const rules = { ...RULES, capacity: true };
    // Import cap 8,000 W; meter 5,000 W of which miners 3,000 W: house 2,000 W, miners may draw 6,000 W.
    const capped = [offer('a', 'on', { site: { at: NOON, gridW: 5_000, importCapW: 8_000 } })];
    expect(fleetBudget(rules, capped, NOON)).toMatchObject({ budgetW: 6_000, limitedBy: 'capacity' });
    // A spent window: the cap is below the house, the budget 0.
    const spent = [offer('a', 'on', { site: { at: NOON, gridW: 5_000, importCapW: 1_000 } })];
    expect(fleetBudget(rules, spent, NOON).budgetW).toBe(0);
  });
});

describe('siteReadingOf (issue 20)', () => {
  it('carries the fresh site inputs, stamped with the newest reading, and none when nothing is fresh', () => {
    const model = makeModel({ siteMaxPowerW: 20_000 });
    const snap = makeSnapshot({
      scalars: {
        'grid.powerW': reading(9_000, NOON - 5_000),
        'pv.powerW': reading(1_000, NOON - 2_000),
        'zone.greenhouse.heatDemandW': reading(40_000, NOON - 1_000),
      },
    });
    expect(siteReadingOf(snap, model, 'greenhouse')).toEqual({
      at: NOON - 1_000,
      gridW: 9_000,
      pvW: 1_000,
      heatDemandW: 40_000,
    });
    expect(siteReadingOf(snap, model, undefined)).toEqual({ at: NOON - 2_000, gridW: 9_000, pvW: 1_000 });
    const stale = makeSnapshot({ scalars: { 'grid.powerW': reading(9_000, NOON - 3_600_000) } });
    expect(siteReadingOf(stale, model, undefined)).toBeUndefined();
  });
});

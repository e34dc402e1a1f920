import { describe, expect, it } from 'vitest';
import {
  type FleetBudgetRules,
  fleetBudget,
  meteredMinersW,
  siteMinersW,
  siteReadingOf,
} from '../../../src/core/fleet/budget.js';
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
  it("is the site limit less the house's consumption: its net import without the miners + PV", () => {
    // The reporting shard read 9,000 W on the meter while the miners drew 6,100 W: house net 2,900 W.
    const site = { at: NOON, houseNetW: 2_900, pvW: 1_000 };
    const budget = fleetBudget(
      RULES,
      [offer('a', 'on', { site }), offer('b', 'on', { readingW: 3_100 })],
      NOON,
    );
    // Miners now 3,000 + 3,100 (its reading); the house consumes 2,900 + 1,000 = 3,900 W.
    expect(budget).toEqual({
      budgetW: 16_100,
      limitedBy: 'import-limit',
      minersW: 6_100,
      reading: { shard: 'a', at: NOON },
    });
    // A house that seems to export (miners reported more than the meter saw) never raises the budget above the limit.
    const exporting = [offer('a', 'on', { site: { at: NOON, houseNetW: -3_000 } })];
    expect(fleetBudget(RULES, exporting, NOON).budgetW).toBe(20_000);
  });

  it('takes the newest reading among the live offers, a tie to the lower shard id, whatever the order', () => {
    const older = offer('a', 'on', { site: { at: NOON - 20_000, houseNetW: 1_000 } });
    const newer = offer('c', 'on', { site: { at: NOON - 10_000, houseNetW: 3_000 } });
    const tie = offer('b', 'on', { site: { at: NOON - 10_000, houseNetW: 6_000 } });
    const one = fleetBudget(RULES, [older, newer, tie], NOON);
    const other = fleetBudget(RULES, [tie, newer, older], NOON);
    expect(one).toEqual(other);
    // b's 6,000 W (the tie goes to b).
    expect(one.budgetW).toBe(14_000);
    expect(one.reading).toEqual({ shard: 'b', at: NOON - 10_000 });
    // An expired offer's reading does not count.
    const expired = { ...tie, expiresAt: NOON };
    expect(fleetBudget(RULES, [older, newer, expired], NOON).reading?.shard).toBe('c');
  });

  it("counts an expired shard's miners at its rack meter's newer reading, as the allocation does", () => {
    const dead = { ...offer('b', 'on'), at: NOON - 100_000, expiresAt: NOON - 10_000 };
    // b last said 3,000 W; its rack now reads 500 W.
    const racks = { b: { powerW: 500, at: NOON - 5_000 } };
    expect(siteMinersW([offer('a', 'on'), dead], NOON, racks)).toBe(3_500);
    expect(fleetBudget(RULES, [offer('a', 'on'), dead], NOON, racks).minersW).toBe(3_500);
    // A rack reading older than its offer, or a live shard's, changes nothing.
    const old = { b: { powerW: 500, at: NOON - 200_000 } };
    expect(siteMinersW([offer('a', 'on'), dead], NOON, old)).toBe(6_000);
    expect(siteMinersW([offer('a', 'on'), offer('b', 'on')], NOON, racks)).toBe(6_000);
  });

  it('counts the miners under the meter at their readings, else their levels, never the higher of both', () => {
    // b reads 2,600 W at `on` (3,000 W): the meter saw 2,600 W of it; the allocation still counts 3,000 W.
    const offers = [offer('a', 'on'), offer('b', 'on', { readingW: 2_600 })];
    expect(meteredMinersW(offers, NOON)).toBe(5_600);
    expect(siteMinersW(offers, NOON)).toBe(6_000);
  });

  it('counts the house as 0 without a meter reading', () => {
    expect(fleetBudget(RULES, [offer('a', 'on')], NOON)).toMatchObject({
      budgetW: 20_000,
      limitedBy: 'import-limit',
    });
  });

  it('on surplus only: export + what the miners drew, 0 without a meter reading', () => {
    const rules = { ...RULES, surplusOnly: true };
    // Exporting 2,500 W while the miners drew 6,000 W: house net −8,500 W, 8,500 W of surplus.
    const exporting = [offer('a', 'on', { site: { at: NOON, houseNetW: -8_500 } }), offer('b', 'on')];
    expect(fleetBudget(rules, exporting, NOON)).toMatchObject({ budgetW: 8_500, limitedBy: 'surplus' });
    // The house imports 1,000 W without the miners: no surplus at all.
    const importing = [offer('a', 'on', { site: { at: NOON, houseNetW: 1_000 } })];
    expect(fleetBudget(rules, importing, NOON).budgetW).toBe(0);
    expect(fleetBudget(rules, [offer('a', 'on')], NOON)).toMatchObject({ budgetW: 0, limitedBy: 'surplus' });
    // Never above the import limit.
    const sunny = [offer('a', 'on', { site: { at: NOON, houseNetW: -30_000 } })];
    expect(fleetBudget(rules, sunny, NOON)).toMatchObject({ budgetW: 20_000, limitedBy: 'import-limit' });
  });

  it('caps at the heat demand when configured, and not without a reading', () => {
    const rules = { ...RULES, heatDemand: true };
    const wanted = [offer('a', 'on', { site: { at: NOON, houseNetW: 2_000, heatDemandW: 7_000 } })];
    expect(fleetBudget(rules, wanted, NOON)).toMatchObject({ budgetW: 7_000, limitedBy: 'heat-demand' });
    expect(fleetBudget(RULES, wanted, NOON).limitedBy).toBe('import-limit');
    const unknown = [offer('a', 'on', { site: { at: NOON, houseNetW: 2_000 } })];
    expect(fleetBudget(rules, unknown, NOON)).toMatchObject({ budgetW: 18_000, limitedBy: 'import-limit' });
  });

  it('stays within the capacity tariff: the import its peak allows less the house', () => {
    const rules = { ...RULES, capacity: true };
    // Import cap 8,000 W; the house imports 2,000 W without the miners: they may draw 6,000 W.
    const capped = [offer('a', 'on', { site: { at: NOON, houseNetW: 2_000, importCapW: 8_000 } })];
    expect(fleetBudget(rules, capped, NOON)).toMatchObject({ budgetW: 6_000, limitedBy: 'capacity' });
    // A spent window: the cap is below the house, the budget 0.
    const spent = [offer('a', 'on', { site: { at: NOON, houseNetW: 2_000, importCapW: 1_000 } })];
    expect(fleetBudget(rules, spent, NOON).budgetW).toBe(0);
  });
});

describe('siteReadingOf (issue 20)', () => {
  it('carries the fresh site inputs, the meter less the miners then, stamped with the newest reading', () => {
    const model = makeModel({ siteMaxPowerW: 20_000 });
    const snap = makeSnapshot({
      scalars: {
        'grid.powerW': reading(9_000, NOON - 5_000),
        'pv.powerW': reading(1_000, NOON - 2_000),
        'zone.greenhouse.heatDemandW': reading(40_000, NOON - 1_000),
      },
    });
    expect(siteReadingOf(snap, model, { heatDemandZone: 'greenhouse', minersW: 6_000 })).toEqual({
      at: NOON - 1_000,
      houseNetW: 3_000,
      pvW: 1_000,
      heatDemandW: 40_000,
    });
    expect(siteReadingOf(snap, model, { heatDemandZone: undefined, minersW: 0 })).toEqual({
      at: NOON - 2_000,
      houseNetW: 9_000,
      pvW: 1_000,
    });
    const stale = makeSnapshot({ scalars: { 'grid.powerW': reading(9_000, NOON - 3_600_000) } });
    expect(siteReadingOf(stale, model, { heatDemandZone: undefined, minersW: 0 })).toBeUndefined();
  });
});

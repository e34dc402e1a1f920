import type { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localSlots } from '../../adapters/sources/tariffs/local-slots.js';
import { cheapestHoursPolicy, pickCheapest } from '../../policies/cheapest-hours.js';
import { standardPolicies } from '../../policies/index.js';
import { forMiner } from '../../policies/plugin.js';
import type { CheapestHoursRule } from '../../policies/rules.js';
import { localTimeOf } from '../../src/agent/local-time.js';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { Instant, PriceSlot, Snapshot } from '../../src/core/types.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, HOUR, makeModel, makeSnapshot, nanoMiner } from '../fakes/world.js';

const ZONE = 'Europe/Berlin';
/** Cheap at 03:00, 04:00, 13:00 and 14:00 local (10, 11, 12, 13 ct), 30 ct + hour/100 otherwise. */
const profile = (local: DateTime) =>
  ({ 3: 0.1, 4: 0.11, 13: 0.12, 14: 0.13 })[local.hour] ?? 0.3 + local.hour / 100;

function series(at: Instant, stepMin: number, priceAt = profile): PriceSlot[] {
  return localSlots(at, ZONE, stepMin, priceAt);
}

/** Local hour of each picked slot start. */
function pickedHours(picked: Set<Instant>): number[] {
  return [...picked].sort((a, b) => a - b).map((at) => localTimeOf(at, ZONE).minuteOfDay / 60);
}

function dayOf(at: Instant) {
  const local = localTimeOf(at, ZONE);
  return { startAt: local.dayStartAt, endAt: local.dayEndAt };
}

describe('pickCheapest', () => {
  const winter = Date.UTC(2025, 0, 15, 11); // 12:00 local

  it('picks the N cheapest hourly slots of the local day', () => {
    const pick = pickCheapest(series(winter, 60), dayOf(winter), 4);
    expect(pickedHours(pick.picked)).toEqual([3, 4, 13, 14]);
    expect(pick).toMatchObject({
      thresholdPerKWh: 0.13,
      windowMs: 24 * HOUR,
      knownMs: 24 * HOUR,
      targetMs: 4 * HOUR,
    });
  });

  it('counts quarter hours in a 15-min series', () => {
    const pick = pickCheapest(series(winter, 15), dayOf(winter), 1.5);
    expect(pick.picked.size).toBe(6);
    expect(pickedHours(pick.picked)).toEqual([3, 3.25, 3.5, 3.75, 4, 4.25]);
  });

  it('breaks ties toward the earlier slot', () => {
    const pick = pickCheapest(
      series(winter, 60, () => 0.2),
      dayOf(winter),
      2,
    );
    expect(pickedHours(pick.picked)).toEqual([0, 1]);
  });

  it('a spring-forward day has 23 hours and still picks 4 of them', () => {
    const at = Date.UTC(2025, 2, 30, 10); // 2025-03-30, 12:00 CEST
    const pick = pickCheapest(series(at, 60), dayOf(at), 4);
    expect(pick.windowMs).toBe(23 * HOUR);
    expect(pick.knownMs).toBe(23 * HOUR);
    expect(pickedHours(pick.picked)).toEqual([3, 4, 13, 14]);
  });

  it('a fall-back day has 100 quarters; the repeated 02:00 hour is ranked twice', () => {
    const at = Date.UTC(2025, 9, 26, 11); // 2025-10-26, 12:00 CET
    const cheapAt2 = (local: DateTime) => (local.hour === 2 ? 0.05 : profile(local));
    const slots = series(at, 15, cheapAt2);
    const pick = pickCheapest(slots, dayOf(at), 2);
    expect(slots.filter((s) => s.start >= dayOf(at).startAt && s.start < dayOf(at).endAt)).toHaveLength(100);
    expect(pick.windowMs).toBe(25 * HOUR);
    // Both 02:00–03:00 hours (CEST, then CET) are the cheapest: 8 quarters, 2 real hours.
    expect(pickedHours(pick.picked)).toEqual([2, 2.25, 2.5, 2.75, 2, 2.25, 2.5, 2.75]);
  });

  it('a partly known day gets a proportional share of the hours among the known slots', () => {
    const all = series(winter, 60);
    const fromNoon = all.filter((s) => s.start >= winter); // only 12:00–24:00 known (12 of 24 h)
    const pick = pickCheapest(fromNoon, dayOf(winter), 4);
    expect(pick).toMatchObject({ knownMs: 12 * HOUR, targetMs: 2 * HOUR });
    expect(pickedHours(pick.picked)).toEqual([13, 14]);
  });

  it('more hours than the window has picks every slot', () => {
    expect(pickCheapest(series(winter, 60), dayOf(winter), 30).picked.size).toBe(24);
  });
});

function snapshotAt(at: Instant, slots: PriceSlot[]): Snapshot {
  const snapshot = makeSnapshot({ now: at, hashprice: HASHPRICE_2025, roomC: 22 });
  snapshot.series['price.import'] = { value: slots, at, source: 'test' };
  return snapshot;
}

function decideAt(at: Instant, rule: CheapestHoursRule, slots = series(at, 60)) {
  const model = makeModel({ miners: [nanoMiner()] }, [...standardPolicies(), cheapestHoursPolicy(rule)]);
  return decide(snapshotAt(at, slots), model, emptyMemory()).decisions[0]!;
}

describe('cheapest hours in decide', () => {
  const day: CheapestHoursRule = { hours: 4, window: 'day', windowHours: 24 };
  const local = (h: number, m = 0) => Date.UTC(2025, 0, 15, h - 1, m); // CET

  const cases = [
    { at: local(3, 10), level: 'high' },
    { at: local(13, 59), level: 'high' },
    { at: local(12, 30), level: 'off' },
    { at: local(15, 0), level: 'off' },
    { at: local(23, 59), level: 'off' },
  ];
  for (const c of cases) {
    it(`day window at ${new Date(c.at).toISOString()} → ${c.level}`, () => {
      expect(decideAt(c.at, day).levelId).toBe(c.level);
    });
  }

  it('runs at the configured level and says why', () => {
    const d = decideAt(local(13, 30), { ...day, levelId: 'mid' });
    expect(d).toMatchObject({ levelId: 'mid', decidedBy: 'cheapest-hours' });
    expect(d.reason).toBe(
      'mid: 12.0 ct/kWh is among the 4 cheapest hours today (those cost at most 13.0 ct/kWh)',
    );
    const off = decideAt(local(12, 30), day);
    expect(off.reason).toBe(
      'off: cheapest-hours: 42.0 ct/kWh is not among the 4 cheapest hours today (those cost at most 13.0 ct/kWh)',
    );
  });

  it('a rolling window ranks the next windowHours from the current slot', () => {
    const rolling: CheapestHoursRule = { hours: 2, window: 'rolling', windowHours: 6 };
    // At 10:00 the next 6 h are 10…15; the cheapest two are 13 and 14, so 10:00 is not cheap.
    expect(decideAt(local(10, 0), rolling).levelId).toBe('off');
    // At 12:00 the window 12…17 still holds 13 and 14; 12:00 is not among them.
    expect(decideAt(local(12, 0), rolling).levelId).toBe('off');
    // At 15:00 (13 and 14 are gone) the window 15…20 ranks by hour: 15:00 is the cheapest.
    const d = decideAt(local(15, 0), rolling);
    expect(d.levelId).toBe('high');
    expect(d.reason).toMatch(/among the 2 cheapest hours of the next 6 h/);
  });

  it('with only part of the day known it says how many hours it picked from what', () => {
    const at = local(13, 30);
    const slots = series(at, 60).filter((s) => s.start >= local(12));
    const d = decideAt(at, day, slots);
    expect(d.levelId).toBe('high');
    expect(d.reason).toMatch(/; prices known for 12 h of 24 h, so the cheapest 2 h of those count$/);
  });

  it('without a price for now it abstains essentially (stale fallback)', () => {
    const at = local(13, 30);
    const d = decideAt(
      at,
      day,
      series(at, 60).filter((s) => s.end <= local(13)),
    );
    expect(d.decidedBy).toBe('stale-fallback');
    expect(d.abstentions).toContainEqual({
      policy: 'cheapest-hours',
      reason: 'cheapest hours unknown: price.import has no slot for now',
      essential: true,
    });
  });

  it('an instance configured for another miner does nothing for this one', () => {
    const rule: CheapestHoursRule = { hours: 1, window: 'day', windowHours: 24 };
    expect(forMiner('attic', cheapestHoursPolicy(rule)).evaluate(policyContext())).toEqual({});
    expect(forMiner('nano', cheapestHoursPolicy(rule)).evaluate(policyContext())).not.toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { type PlannerSettings, planAll } from '../../../src/core/planner/plan-all.js';
import type { GridEvent, Snapshot } from '../../../src/core/types.js';
import { HOUR, livingZone, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../../fakes/world.js';

const settings: PlannerSettings = {
  horizonMs: 36 * HOUR,
  slotMs: HOUR,
  temperatureStepC: 0.05,
  coldPenaltyPerKh: 1,
  hotPenaltyPerKh: 0,
  zones: { living: { heatLossWPerK: 30, capacityKWhPerK: 1, minC: 20, baseHeatW: 0 } },
};

/** Prices from 24 h before noon to 24 h after; cheap (0.05) from 02:00 to 05:00 UTC tomorrow. */
function snapshot(): Snapshot {
  const snap = makeSnapshot({
    importPerKWh: 0.3,
    hashprice: 0.034,
    roomC: 20.3,
    scalars: { 'outdoor.tempC': reading(2, NOON) },
  });
  const series = snap.series['price.import']!;
  const value = series.value.map((s) => {
    const hour = new Date(s.start).getUTCHours();
    return { ...s, perKWh: s.start > NOON && hour >= 2 && hour < 5 ? 0.05 : 0.3 };
  });
  return { ...snap, series: { ...snap.series, 'price.import': { ...series, value } } };
}

describe('planAll', () => {
  const model = makeModel({ zones: [livingZone({ heater: { type: 'heat-pump', cop: 3 } })] });

  it('plans each miner over the known prices from the slot containing now', () => {
    const plans = planAll(snapshot(), model, settings, {});
    const slots = plans.nano!.slots;
    expect(slots[0]!.start).toBe(NOON);
    expect(slots).toHaveLength(24);
    // Heat at 0.05 per kWh beats a COP-3 heat pump at 0.30: the cheap night hours are planned on.
    const on = slots.filter((s) => s.levelId !== 'off').map((s) => new Date(s.start).getUTCHours());
    expect(on).toEqual(expect.arrayContaining([2, 3, 4]));
    expect(plans.nano).toMatchObject({ minC: 20, maxC: 23, plannedAt: NOON });
  });

  it('can assume the last published day repeats past the known prices', () => {
    const plans = planAll(snapshot(), model, { ...settings, beyondKnownPrices: 'repeat-last-day' }, {});
    const slots = plans.nano!.slots;
    expect(slots).toHaveLength(36);
    const on = slots.filter((s) => s.levelId !== 'off').map((s) => s.start);
    expect(on.some((t) => t >= NOON + 24 * HOUR)).toBe(false);
  });

  it('plans a second miner in the same room around the first one’s heat', () => {
    const two = makeModel({
      zones: model.zones,
      miners: [nanoMiner({ priority: 1 }), nanoMiner({ id: 'nano2', priority: 2 })],
    });
    const plans = planAll(snapshot(), two, settings, {});
    expect(Object.keys(plans).sort()).toEqual(['nano', 'nano2']);
    const heat = (id: string) => plans[id]!.slots.filter((s) => s.levelId !== 'off').length;
    expect(heat('nano')).toBeGreaterThanOrEqual(heat('nano2'));
  });

  it('plans nothing for a miner without a room temperature or hashprice', () => {
    const snap = snapshot();
    const noRoom = { ...snap, scalars: { ...snap.scalars } };
    delete noRoom.scalars['zone.living.tempC'];
    expect(planAll(noRoom, model, settings, {})).toEqual({});
    const noHashprice = { ...snap, scalars: { ...snap.scalars } };
    delete noHashprice.scalars.hashprice;
    expect(planAll(noHashprice, model, settings, {})).toEqual({});
  });

  it('values heat left at the horizon end by the outdoor forecast after it (issue 14)', () => {
    // Inside the horizon gains hold the room at 21 °C (19 °C outdoor + 60 W / 30 W/K): no heating.
    // After it, a cold forecast makes stored heat worth its heating cost; a mild one makes it worthless.
    // Flat 0.3 and a hashprice at which mining loses a little: it pays only with heat that is worth something.
    const mild = { ...settings, zones: { living: { ...settings.zones.living!, baseHeatW: 60 } } };
    const flat = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: 0.14,
      roomC: 21,
      scalars: { 'outdoor.tempC': reading(19, NOON) },
    });
    const end = NOON + 24 * HOUR;
    const runs = (afterC: number) =>
      planAll(flat, model, mild, {}, { outdoorC: (at) => (at < end ? 19 : afterC) }).nano!.slots.filter(
        (s) => s.levelId !== 'off',
      ).length;
    expect(runs(-5)).toBeGreaterThan(runs(19));
    expect(runs(19)).toBe(0);
  });
});

describe('planAll with grid events (issue 18)', () => {
  // An S9-class heater: 1.4 kW lifts the room (1 kWh/K, 540 W of loss at 2 °C outdoor) by ~0.9 K an hour.
  const s9 = nanoMiner({
    levels: [
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'eco', powerW: 600, ths: 7 },
      { id: 'full', powerW: 1400, ths: 13.5 },
    ],
  });
  const model = makeModel({ miners: [s9], zones: [livingZone({ heater: { type: 'heat-pump', cop: 3 } })] });
  const at = (h: number) => NOON + h * HOUR;
  /** 0.30 per kWh, but 0.05 from 3 to 6 hours after noon: cheaper heat than the COP-3 heat pump's 0.10. */
  const prices = (roomC: number, cheap = [3, 6]): Snapshot => {
    const snap = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: 0.034,
      roomC,
      scalars: { 'outdoor.tempC': reading(2, NOON) },
    });
    const series = snap.series['price.import']!;
    const value = series.value.map((s) => ({
      ...s,
      perKWh: s.start >= at(cheap[0]!) && s.start < at(cheap[1]!) ? 0.05 : 0.3,
    }));
    return { ...snap, series: { ...snap.series, 'price.import': { ...series, value } } };
  };
  const withEvents = (snap: Snapshot, events: GridEvent[]): Snapshot => ({
    ...snap,
    events: { 'events[0]': { value: events, at: NOON, source: 'events[0]' } },
  });
  const free: GridEvent = {
    id: 'f',
    title: 'free electricity',
    start: at(6),
    end: at(8),
    effect: { kind: 'price', perKWh: 0 },
  };

  it('lets the room drift down before a free session instead of heating it in the cheap hours, then runs flat out', () => {
    const levels = (snap: Snapshot) => {
      const plan = planAll(snap, model, settings, {}).nano!;
      return { plan, at: (h: number) => plan.slots.find((s) => s.start === at(h))! };
    };
    const plain = levels(prices(20.5));
    const session = levels(withEvents(prices(20.5), [free]));
    const cheapOn = (p: typeof plain) => [3, 4, 5].filter((h) => p.at(h).levelId !== 'off').length;
    // Without the session the cheap hours heat the room; with it the miner waits for the free power.
    expect(cheapOn(plain)).toBeGreaterThan(cheapOn(session));
    expect(session.at(6).roomC!).toBeLessThan(plain.at(6).roomC!);
    expect([session.at(6).levelId, session.at(7).levelId]).toEqual(['full', 'full']);
    // The session's heat is stored in the room.
    expect(session.at(8).roomC!).toBeGreaterThan(session.at(6).roomC! + 1);
  });

  it('plans no level above a cap or a stop in the slots it touches', () => {
    const cheap = makeSnapshot({
      importPerKWh: 0.01,
      hashprice: 0.034,
      roomC: 20.2,
      scalars: { 'outdoor.tempC': reading(2, NOON) },
    });
    const events: GridEvent[] = [
      { id: 'c', title: 'dimming', start: at(2), end: at(4), effect: { kind: 'cap', maxW: 500 } },
      { id: 's', title: 'demand response', start: at(5) + 30 * 60_000, end: at(6), effect: { kind: 'stop' } },
    ];
    const plain = planAll(cheap, model, settings, {}).nano!;
    const plans = planAll(withEvents(cheap, events), model, settings, {}).nano!;
    const level = (p: typeof plans, h: number) => p.slots.find((s) => s.start === at(h))!.levelId;
    expect([2, 3, 5].map((h) => level(plain, h))).toEqual(['eco', 'eco', 'eco']);
    // Both running levels are above the 500 W cap, and a stop touching half a slot takes the whole slot.
    expect([2, 3, 5].map((h) => level(plans, h))).toEqual(['off', 'off', 'off']);
    expect(level(plans, 4)).toBe('eco');
  });

  it("keeps a capacity tariff's month peak: no level the house load leaves no room for", () => {
    const cheap = makeSnapshot({
      importPerKWh: 0.01,
      hashprice: 0.034,
      roomC: 20.2,
      scalars: { 'outdoor.tempC': reading(2, NOON) },
    });
    const capacityModel = {
      ...model,
      capacity: { windowMs: 15 * 60_000, perKWMonth: 4, minimumW: 2500, marginW: 100 },
    };
    const snap: Snapshot = {
      ...cheap,
      scalars: { ...cheap.scalars, 'grid.powerW': reading(1500, NOON) },
      capacity: { windowStartAt: NOON, windowEndAt: NOON + 15 * 60_000, importedWh: 0, monthPeakW: 2500 },
    };
    // 2.5 kW peak − 0.1 kW margin − 1.5 kW of house load leaves 900 W: eco, never full.
    const plan = planAll(snap, capacityModel, settings, {}).nano!;
    expect(planAll(cheap, model, settings, {}).nano!.slots.some((s) => s.levelId === 'full')).toBe(true);
    expect(plan.slots.some((s) => s.levelId === 'eco')).toBe(true);
    expect(plan.slots.some((s) => s.levelId === 'full')).toBe(false);
  });
});

describe('planAll prices a new monthly peak (issue 18)', () => {
  const s9 = nanoMiner({
    levels: [
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'eco', powerW: 600, ths: 7 },
      { id: 'full', powerW: 1400, ths: 13.5 },
    ],
  });
  const cheap = makeSnapshot({
    importPerKWh: -0.5,
    hashprice: 0.034,
    roomC: 20.2,
    scalars: { 'outdoor.tempC': reading(2, NOON) },
  });
  const snap: Snapshot = {
    ...cheap,
    scalars: { ...cheap.scalars, 'grid.powerW': reading(1500, NOON) },
    capacity: { windowStartAt: NOON, windowEndAt: NOON + 15 * 60_000, importedWh: 0, monthPeakW: 2500 },
  };
  const tariff = (perKWMonth: number) =>
    makeModel({
      miners: [s9],
      zones: [livingZone({ heater: { type: 'heat-pump', cop: 3 }, maxC: 30 })],
      capacity: { windowMs: 15 * 60_000, perKWMonth, minimumW: 0, marginW: 100 },
    });

  it('raises the peak when a day of being paid 0.50 per kWh is worth more than the raise, and not when it is not', () => {
    // 900 W of headroom: full needs 500 W more. A day at full is paid ~16.8 EUR against 0.5 kW × the price.
    const worth = planAll(snap, tariff(4), settings, {}).nano!;
    expect(worth.peakRaiseW).toBe(500);
    expect(worth.slots.filter((s) => s.levelId === 'full').length).toBeGreaterThan(12);
    const dear = planAll(snap, tariff(100), settings, {}).nano!;
    expect(dear.peakRaiseW).toBeUndefined();
    expect(dear.slots.some((s) => s.levelId === 'full')).toBe(false);
  });
});

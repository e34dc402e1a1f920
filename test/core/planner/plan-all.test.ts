import { describe, expect, it } from 'vitest';
import { type PlannerSettings, planAll } from '../../../src/core/planner/plan-all.js';
import type { Snapshot } from '../../../src/core/types.js';
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

import { describe, expect, it } from 'vitest';
import { gainsW } from '../../../src/core/planner/gains.js';
import { type PlannerSettings, planAll } from '../../../src/core/planner/plan-all.js';
import { type RoomModel, stepRoom } from '../../../src/core/planner/thermal.js';
import { HOUR, livingZone, makeModel, makeSnapshot, NOON, reading } from '../../fakes/world.js';

const room: RoomModel = {
  heatLossWPerK: 30,
  capacityKWhPerK: 1,
  minC: 20,
  maxC: 23,
  bandC: 0.5,
  heater: { type: 'heat-pump', cop: 3 },
  heaterMaxW: Number.POSITIVE_INFINITY,
};

describe('room gains', () => {
  it('adds internal gains by local hour and solar gains through the windows', () => {
    expect(gainsW({ baseHeatW: 300 }, 3, 500)).toBe(300);
    const profile = Array.from({ length: 24 }, (_, h) => (h >= 18 && h < 23 ? 2 : 0.5));
    expect(gainsW({ baseHeatW: 300, baseHeatByHour: profile }, 19, 0)).toBe(600);
    expect(gainsW({ baseHeatW: 300, baseHeatByHour: profile }, 4, 0)).toBe(150);
    // 6 m² of glazing, g = 0.5: 3 m² of aperture; 400 W/m² on it gives 1.2 kW.
    expect(gainsW({ baseHeatW: 0, solarApertureM2: 3 }, 12, 400)).toBe(1200);
    expect(gainsW({ baseHeatW: 100, solarApertureM2: 3 }, 0, -2)).toBe(100);
  });

  it('wants no heat at or above the heating limit: no heater, no cold K·h', () => {
    const input = { heatInW: 0, outdoorC: 16, hours: 1 };
    const below = stepRoom(room, 19.5, input);
    expect(below.heaterW).toBeGreaterThan(0);
    expect(stepRoom({ ...room, heatingLimitC: 17 }, 19.5, input)).toEqual(below);
    const above = stepRoom({ ...room, heatingLimitC: 15 }, 19.5, input);
    expect(above.heaterW).toBe(0);
    expect(above.coldKh).toBe(0);
    expect(above.endC).toBeLessThan(19.5);
  });
});

describe('the planner with gains', () => {
  const settings = (living: Partial<PlannerSettings['zones'][string]>): PlannerSettings => ({
    horizonMs: 24 * HOUR,
    slotMs: HOUR,
    temperatureStepC: 0.05,
    coldPenaltyPerKh: 1,
    hotPenaltyPerKh: 0,
    zones: { living: { heatLossWPerK: 30, capacityKWhPerK: 1, minC: 20, baseHeatW: 0, ...living } },
  });
  const model = makeModel({ zones: [livingZone({ heater: { type: 'heat-pump', cop: 3 } })] });
  // Dear power (0.3) but for three cheap night hours (0.05), as in plan-all.test.ts.
  const base = makeSnapshot({
    importPerKWh: 0.3,
    hashprice: 0.034,
    roomC: 20.2,
    scalars: { 'outdoor.tempC': reading(2, NOON) },
  });
  const prices = base.series['price.import']!;
  const snap = {
    ...base,
    series: {
      ...base.series,
      'price.import': {
        ...prices,
        value: prices.value.map((s) => {
          const hour = new Date(s.start).getUTCHours();
          return { ...s, perKWh: s.start > NOON && hour >= 2 && hour < 5 ? 0.05 : 0.3 };
        }),
      },
    },
  };
  const levels = (s: PlannerSettings, irradiance?: number) =>
    planAll(
      snap,
      model,
      s,
      {},
      irradiance === undefined ? {} : { irradianceWPerM2: () => irradiance },
    ).nano!.slots.map((x) => x.levelId);

  it('plans the same with constant gains, a flat profile of them or the same gains from the sun', () => {
    const constant = levels(settings({ baseHeatW: 2000 }));
    const none = levels(settings({}));
    expect(constant).not.toEqual(none);
    const flat = Array.from({ length: 24 }, () => 2);
    expect(levels(settings({ baseHeatW: 1000, baseHeatByHour: flat }))).toEqual(constant);
    expect(levels(settings({ solarApertureM2: 2 }), 1000)).toEqual(constant);
    // Without an irradiance forecast there are no solar gains.
    expect(levels(settings({ solarApertureM2: 2 }))).toEqual(none);
  });

  it('gives heat no value above the heating limit: the plan expects no heating cost', () => {
    const plan = (living: Partial<PlannerSettings['zones'][string]>) =>
      planAll(snap, model, settings(living), {}).nano!;
    // At 2 °C outdoor the heat pump holds 20 °C for about 24 h × 18 K × 30 W/K ÷ 3 × 0.3 ≈ 1.3 of money.
    expect(plan({}).expectedNetCost).toBeGreaterThan(1);
    expect(plan({ heatingLimitC: 0 }).expectedNetCost).toBeLessThan(0.1);
  });
});

import { describe, expect, it } from 'vitest';
import { plannerSettings } from '../../../config/planner.js';
import { OFF, type ZoneModel } from '../../../src/core/model.js';
import { planAll } from '../../../src/core/planner/plan-all.js';
import { withTankZones } from '../../../src/core/planner/tank-thermal.js';
import { tankModelOf } from '../../../src/core/tank.js';
import type { Snapshot } from '../../../src/core/types.js';
import { CYLINDER_200L } from '../../fakes/cylinder.js';
import { makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../../fakes/world.js';

const cylinder: ZoneModel = {
  id: 'cylinder',
  name: 'Cylinder',
  targetC: 55,
  maxC: 60,
  bandC: 2,
  heater: { type: 'resistive' },
  tank: tankModelOf(CYLINDER_200L),
};
const hydro = nanoMiner({
  id: 'hydro',
  zoneId: 'cylinder',
  levels: [OFF, { id: 'full', powerW: 1350, ths: 13.5 }],
});
const model = makeModel({ miners: [hydro], zones: [cylinder] });
const planner = { enabled: true, horizonHours: 36, slotMinutes: 60 as const, replanMinutes: 15 };
const settings = withTankZones(
  plannerSettings(
    {
      ...planner,
      temperatureStepC: 0.1,
      coldPenaltyPerKh: 1,
      hotPenaltyPerKh: 0,
      beyondKnownPrices: 'stop',
      zones: [],
    },
    [],
  ),
  model.zones,
);

/** Noon, water at 46 °C, no outdoor reading (a tank needs none); cheap (0.05) 02:00–05:00 UTC tomorrow. */
function snapshot(): Snapshot {
  const snap = makeSnapshot({
    importPerKWh: 0.3,
    hashprice: 0.034,
    scalars: { 'zone.cylinder.tempC': reading(46, NOON) },
  });
  const series = snap.series['price.import']!;
  const value = series.value.map((s) => {
    const hour = new Date(s.start).getUTCHours();
    return { ...s, perKWh: s.start > NOON && hour >= 2 && hour < 5 ? 0.05 : 0.3 };
  });
  return { ...snap, series: { ...snap.series, 'price.import': { ...series, value } } };
}

describe('planning a tank zone', () => {
  it('takes its thermal model from the tank section: capacity, loss, ambient and draw-offs', () => {
    expect(settings.zones.cylinder).toMatchObject({
      heatLossWPerK: 1.5,
      capacityKWhPerK: expect.closeTo((200 * 4.186) / 3600, 9),
      minC: 45,
      ambientC: 15,
    });
    expect(settings.zones.cylinder!.drawOff).toHaveLength(23);
  });

  it('stores heat in the cheap night hours ahead of the morning showers, without an outdoor reading', () => {
    const plan = planAll(snapshot(), model, settings, {}).hydro!;
    expect(plan).toBeDefined();
    const on = plan.slots.filter((s) => s.levelId !== 'off').map((s) => new Date(s.start).getUTCHours());
    // 02:00–05:00 UTC = 03:00–06:00 Berlin, before the 07:00/07:05 draw-offs (1.505 kWh).
    expect(on).toEqual(expect.arrayContaining([2, 3, 4]));
    // The planned water temperature rises through the cheap hours and falls at the 07:05 shower (06:05 UTC).
    const at = (utcHour: number) =>
      plan.slots.find((s) => s.start > NOON && new Date(s.start).getUTCHours() === utcHour)!;
    expect(at(5).roomC!).toBeGreaterThan(at(2).roomC! + 10);
    expect(at(7).roomC!).toBeLessThan(at(6).roomC!);
    for (const s of plan.slots) expect(s.roomC!).toBeLessThan(65);
  });
});

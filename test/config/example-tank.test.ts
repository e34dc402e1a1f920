import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { buildModel } from '../../src/agent/build-model.js';
import type { PlannerSettings } from '../../src/core/planner/plan-all.js';
import { withTankZones } from '../../src/core/planner/tank-thermal.js';
import { dailyDrawOffKWh } from '../../src/core/tank.js';

const FILE = 'config/example-tank.yaml';
const text = readFileSync(FILE, 'utf8');

describe(FILE, () => {
  it('parses, and the model carries the tank with its EN 16147 M profile (5.845 kWh a day)', () => {
    const config = parseConfig(text, {});
    const zone = buildModel(config, {}).zones.find((z) => z.id === 'cylinder')!;
    expect(zone).toMatchObject({ targetC: 55, maxC: 60, bandC: 3, heater: { type: 'resistive' } });
    expect(zone.tank).toMatchObject({ volumeL: 300, minC: 50, highLimitC: 65, maxDeltaK: 10, ambientC: 15 });
    // 300 L × 4.186 kJ/(kg·K) = 1255.8 kJ/K = 0.3488 kWh/K.
    expect(zone.tank!.capacityKWhPerK).toBeCloseTo(0.3488, 4);
    expect(zone.tank!.drawOff).toHaveLength(23);
    expect(dailyDrawOffKWh(zone.tank!.drawOff)).toBeCloseTo(5.845, 9);
    expect(config.followers.map((f) => [f.id, f.miners])).toEqual([['pump', ['hydro']]]);
  });

  it('keeps rooms the default kind, with no tank', () => {
    const config = parseConfig(readFileSync('config/example-inputs.yaml', 'utf8'), { HA_TOKEN: 'x' });
    expect(config.zones.every((z) => z.kind === 'room' && z.tank === undefined)).toBe(true);
  });

  it('names the key of a tank without its section, a room with one, and a high limit below maxC', () => {
    expect(() => parseConfig(text.replace('    tank:\n', '    tankless:\n'), {})).toThrow(/zones/);
    const noSection = text.replace(/ {4}tank:\n( {6}.*\n)+/, '');
    expect(() => parseConfig(noSection, {})).toThrow(/zones\[0\]\.tank.*needs a tank section/s);
    expect(() => parseConfig(text.replace('kind: tank #', 'kind: room #'), {})).toThrow(
      /zones\[0\]\.tank.*only a zone of kind tank/s,
    );
    expect(() => parseConfig(text.replace('highLimitC: 65', 'highLimitC: 59'), {})).toThrow(
      /zones\[0\]\.tank\.highLimitC.*must be above maxC 60/s,
    );
    expect(() =>
      parseConfig(text.replace('drawOff: en16147-M', 'drawOff: [{ at: "25:00", kWh: 1 }]'), {}),
    ).toThrow(/drawOff/);
  });

  it('takes no planner.zones entry for a tank: its thermal model is the tank section', () => {
    const withPlanner = `${text}\nplanner:\n  zones: [{ zone: cylinder, capacityKWhPerK: 1, heatLossWPerK: 2 }]\n`;
    expect(() => parseConfig(withPlanner, {})).toThrow(/planner\.zones\[0\]\.zone.*is a tank/s);
  });

  it('takes the outdoor temperature as the ambient of a pool with ambientC: outdoor', () => {
    const pool = parseConfig(text.replace('ambientC: 15 #', 'ambientC: outdoor #'), {});
    const zone = buildModel(pool, {}).zones[0]!;
    expect(zone.tank!.ambientC).toBeUndefined();
    expect(withTankZones({ zones: {} } as PlannerSettings, [zone]).zones.cylinder!.ambientC).toBeUndefined();
  });

  it('converts litres at the tap temperature into heat: 80 L from 10 to 40 °C = 2.79 kWh', () => {
    const listed = text.replace('drawOff: en16147-M', 'drawOff: [{ at: "07:00", litres: 80 }]');
    const zone = buildModel(parseConfig(listed, {}), {}).zones[0]!;
    expect(zone.tank!.drawOff).toEqual([
      { minuteOfDay: 420, kWh: expect.closeTo((80 * 4.186 * 30) / 3600, 9) },
    ]);
  });
});

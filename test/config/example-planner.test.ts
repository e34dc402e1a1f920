import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/loader.js';
import { plannerSettings } from '../../config/planner.js';
import { buildModel } from '../../src/agent/build-model.js';

describe('config/example-planner.yaml', () => {
  it('is valid and gives the documented planner settings', () => {
    const config = loadConfig('config/example-planner.yaml', {});
    expect(config.planner).toMatchObject({
      enabled: true,
      horizonHours: 36,
      slotMinutes: 15,
      replanMinutes: 15,
    });
    const settings = plannerSettings(config.planner!, config.zones);
    expect(settings.slotMs).toBe(15 * 60_000);
    expect(settings.zones.living).toEqual({
      heatLossWPerK: 30,
      capacityKWhPerK: 1,
      minC: 20,
      baseHeatW: 50,
      solarApertureM2: 0,
      copPerK: 0.06,
    });
    // The live heat value sees the same gains (and heating limit, when set) as the planner.
    expect(buildModel(config, {}).zones.find((z) => z.id === 'living')).toMatchObject({ gainsW: 50 });
  });
});

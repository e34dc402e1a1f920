import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { buildModel } from '../../src/agent/build-model.js';
import { ConfigError } from '../../src/errors.js';

const EXAMPLE = readFileSync('config/example-policies.yaml', 'utf8');

function issues(text: string): string[] {
  try {
    parseConfig(text, {});
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected the config to be rejected');
}

describe('config/example-policies.yaml', () => {
  it('parses, and every policy key reaches the model as pure data', () => {
    const model = buildModel(parseConfig(EXAMPLE, {}), {});
    expect(model.siteMaxPowerW).toBe(7000);
    expect(model.maxAgeMs.chipTemp).toBe(300_000);
    const [bedroom, garage, attic] = model.miners;
    expect(bedroom?.quietHours).toEqual([
      { fromMin: 1320, toMin: 420, label: '22:00–07:00', weekdays: [7, 1, 2, 3, 4], maxLevelId: 'low' },
      { fromMin: 780, toMin: 900, label: '13:00–15:00', maxPowerW: 100 },
    ]);
    expect(bedroom?.safety).toEqual({
      chip: { stepDownC: 70, stopC: 80, resumeBandC: 5, settleMs: 300_000 },
      maxCommandFailures: 5,
      onStale: { grid: 'hold', zoneTemp: 'stop', chipTemp: 'stop' },
    });
    expect(garage?.priceCap).toEqual({ maxPerKWh: 0.2, levelId: 'p1000' });
    expect(garage?.safety).toEqual({
      chip: { stepDownC: 85, stopC: 95, resumeBandC: 5, settleMs: 300_000 },
      maxCommandFailures: 3,
      onStale: { grid: 'lowest', zoneTemp: 'stop', chipTemp: 'stop' },
    });
    expect(attic?.cheapestHours).toEqual({ hours: 4, window: 'day', windowHours: 24, levelId: 'eco' });
  });

  it('without policy keys a miner gets only the default safety settings', () => {
    const minimal = `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }]
`;
    const model = buildModel(parseConfig(minimal, {}), {});
    expect(model.siteMaxPowerW).toBeUndefined();
    expect(model.miners[0]).toMatchObject({ safety: { maxCommandFailures: 3, onStale: {} } });
    expect(model.miners[0]).not.toHaveProperty('quietHours');
    expect(model.miners[0]).not.toHaveProperty('priceCap');
    expect(model.miners[0]).not.toHaveProperty('cheapestHours');
    expect(model.miners[0]?.safety).not.toHaveProperty('chip');
  });

  it('names a level a policy key refers to that the miner lacks', () => {
    const text = EXAMPLE.replace('maxLevel: low', 'maxLevel: lo').replace('level: p1000', 'level: p9000');
    expect(issues(text)).toEqual([
      'miners[0].quietHours[0].maxLevel: no level "lo" here; expected one of off, low, high',
      'miners[1].priceCap.level: no level "p9000" here; expected one of p400, p1000',
    ]);
  });

  it('rejects bad windows, limits and dates with the key path', () => {
    expect(issues(EXAMPLE.replace('from: "22:00"', 'from: "22:60"'))).toEqual([
      'miners[0].quietHours[0].from: a local time "HH:MM"',
    ]);
    expect(issues(EXAMPLE.replace('maxPowerW: 100 #', '#'))).toEqual([
      'miners[0].quietHours[1]: set maxLevel or maxPowerW',
    ]);
    expect(issues(EXAMPLE.replace('stepDownC: 70, stopC: 80', 'stepDownC: 80, stopC: 70'))).toEqual([
      'miners[0].safety.chip: stopC must be above stepDownC',
    ]);
    expect(issues(EXAMPLE.replace('"2030-01-01T08:00"', '"18:00"'))).toEqual([
      'miners[0].override.until: an ISO date-time such as 2025-12-24T18:00',
    ]);
    expect(issues(EXAMPLE.replace('grid: lowest', 'grid: panic'))[0]).toMatch(/^safety\.onStale\.grid: /);
  });
});

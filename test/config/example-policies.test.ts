import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { buildModel } from '../../src/agent/build-model.js';
import { minerPolicyConfigs } from '../../src/agent/build-rules.js';
import { configProblems } from '../fakes/config-issues.js';

const EXAMPLE = readFileSync('config/example-policies.yaml', 'utf8');

function issues(text: string): string[] {
  return configProblems(text, {});
}

describe('config/example-policies.yaml', () => {
  it('parses, and every policy key becomes a policy config of its miner (pure data)', () => {
    const config = parseConfig(EXAMPLE, {});
    const model = buildModel(config, {});
    expect(model.siteMaxPowerW).toBe(7000);
    expect(model.maxAgeMs.chipTemp).toBe(300_000);
    const [bedroom, garage, attic] = config.miners.map((m) => minerPolicyConfigs(config, m));
    expect(bedroom).toEqual([
      {
        type: 'safety',
        chip: { stepDownC: 70, stopC: 80, resumeBandC: 5, settleSeconds: 300 },
        maxCommandFailures: 5,
      },
      { type: 'stale-fail-safe', onStale: { grid: 'hold', zoneTemp: 'stop', chipTemp: 'stop' } },
      {
        type: 'quiet-hours',
        windows: [
          { from: '22:00', to: '07:00', weekdays: [7, 1, 2, 3, 4], maxLevel: 'low' },
          { from: '13:00', to: '15:00', maxPowerW: 100 },
        ],
      },
    ]);
    expect(garage).toEqual([
      {
        type: 'safety',
        chip: { stepDownC: 85, stopC: 95, resumeBandC: 5, settleSeconds: 300 },
        maxCommandFailures: 3,
      },
      { type: 'stale-fail-safe', onStale: { grid: 'lowest', zoneTemp: 'stop', chipTemp: 'stop' } },
      { type: 'price-cap', maxPerKWh: 0.2, level: 'p1000' },
    ]);
    expect(attic?.slice(2)).toEqual([
      { type: 'cheapest-hours', hours: 4, window: 'day', windowHours: 24, level: 'eco' },
      { type: 'min-profit', marginPerHour: 0 },
    ]);
    // The model holds the instances in evaluation order; the core model's miners carry no settings.
    expect(model.policies.map((p) => p.name)).toEqual([
      'mining-revenue',
      'energy-cost',
      'heat-credit',
      'tank-guard',
      ...['safety', 'safety', 'safety'],
      'site-power',
      'grid-events',
      'capacity',
      ...['stale-fail-safe', 'stale-fail-safe', 'stale-fail-safe'],
      'quiet-hours',
      'price-cap',
      'cheapest-hours',
      'min-profit',
      'fleet', // issue 20: last, a no-op outside a fleet
    ]);
    expect(Object.keys(model.miners[0]!).sort()).toEqual(
      [
        'guards',
        'id',
        'levels',
        'name',
        'poolFee',
        'priority',
        'revenueKey',
        'staleFallback',
        'zoneId',
      ].sort(),
    );
  });

  it('a policies: list entry means the same as its shorthand key', () => {
    const listed = EXAMPLE.replace(
      / {4}priceCap: # simple rule[^\n]*\n {6}maxPerKWh: 0.20[^\n]*\n {6}level: p1000[^\n]*\n/,
      '    policies: [{ type: price-cap, maxPerKWh: 0.20, level: p1000 }]\n',
    );
    expect(listed).not.toEqual(EXAMPLE);
    const a = parseConfig(EXAMPLE, {});
    const b = parseConfig(listed, {});
    expect(minerPolicyConfigs(b, b.miners[1]!)).toEqual(minerPolicyConfigs(a, a.miners[1]!));
  });

  it('without policy keys a miner gets only the default safety settings', () => {
    const minimal = `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: high, powerW: 140, ths: 6 }] }]
`;
    const config = parseConfig(minimal, {});
    const model = buildModel(config, {});
    expect(model.siteMaxPowerW).toBeUndefined();
    expect(minerPolicyConfigs(config, config.miners[0]!)).toEqual([
      { type: 'safety', maxCommandFailures: 3 },
      { type: 'stale-fail-safe', onStale: {} },
    ]);
  });

  it('names a level a policy key refers to that the miner lacks', () => {
    const text = EXAMPLE.replace('maxLevel: low', 'maxLevel: lo').replace('level: p1000', 'level: p9000');
    expect(issues(text)).toEqual([
      'miners[0].quietHours[0].maxLevel: no level "lo" here; expected one of off, low, high',
      'miners[1].priceCap.level: no level "p9000" here; expected one of p400, p1000',
    ]);
    const listed = EXAMPLE.replace(
      'default the top level\n',
      'default the top level\n    policies: [{ type: cheapest-hours, hours: 2, level: fast }]\n',
    );
    expect(issues(listed)).toEqual([
      'miners[1].policies[0].level: no level "fast" here; expected one of p400, p1000',
    ]);
  });

  it('rejects bad windows, limits and dates with the key path', () => {
    expect(issues(EXAMPLE.replace('from: "22:00"', 'from: "22:60"'))).toEqual([
      'miners[0].quietHours[0].from: a local time "HH:MM"',
    ]);
    expect(issues(EXAMPLE.replace('maxPowerW: 100 #', '#'))).toEqual([
      'miners[0].quietHours[1]: set maxLevel, maxPowerW or fanCapPercent',
    ]);
    // The example's miners are simulated, which cannot set fans: a fan cap names the key and the families that can.
    expect(issues(EXAMPLE.replace('# fanCapPercent: 40 #', 'fanCapPercent: 40 #'))).toEqual([
      'miners[0].quietHours[1].fanCapPercent: type "simulated" exposes no fan control (fan caps: luxos, braiins, bitaxe)',
    ]);
    expect(issues(EXAMPLE.replace('# fanCapPercent: 40 #', 'fanCapPercent: 140 #'))).toContain(
      'miners[0].quietHours[1].fanCapPercent: Too big: expected number to be <=100',
    );
    expect(issues(EXAMPLE.replace('stepDownC: 70, stopC: 80', 'stepDownC: 80, stopC: 70'))).toEqual([
      'miners[0].safety.chip: stopC must be above stepDownC',
    ]);
    expect(issues(EXAMPLE.replace('"2030-01-01T08:00"', '"18:00"'))).toEqual([
      'miners[0].override.until: an ISO date-time such as 2025-12-24T18:00',
    ]);
    expect(issues(EXAMPLE.replace('grid: lowest', 'grid: panic'))[0]).toMatch(/^safety\.onStale\.grid: /);
    expect(issues(EXAMPLE.replace('type: min-profit', 'type: max-profit'))[0]).toMatch(
      /^miners\[2\]\.policies\[0\]/,
    );
    expect(issues(EXAMPLE.replace('marginPerHour: 0 #', 'marginPerHour: "a lot" #'))).toEqual([
      'miners[2].policies[0].marginPerHour: Invalid input: expected number, received string',
    ]);
  });
});

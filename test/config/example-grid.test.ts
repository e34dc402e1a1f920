import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';

const FILE = 'config/example-grid.yaml';

describe(FILE, () => {
  it('names the key when a capacity tariff has no price or two', () => {
    const text = readFileSync(FILE, 'utf8').replace('marginKW: 0.1', 'marginKW: 0.1\n    perKWMonth: 4');
    expect(() => parseConfig(text, { OCTOPUS_API_KEY: 'sk_live_example' })).toThrow(
      /prices\.capacity.*exactly one of perKWMonth and perKWYear/s,
    );
  });

  it('parses as a whole config with its event sources', () => {
    const config = parseConfig(readFileSync(FILE, 'utf8'), { OCTOPUS_API_KEY: 'sk_live_example' });
    const events = config.events as { type: string; events?: { effect: unknown }[] }[];
    expect(events.map((e) => e.type)).toEqual(['static', 'ics', 'mqtt', 'homeassistant', 'octopus']);
    expect(events[0]?.events?.map((e) => e.effect)).toEqual([{ pricePerKWh: 0 }, { capW: 100 }]);
    expect(config.prices.capacity).toEqual({ perKWYear: 50, window: '15min', minimumKW: 2.5, marginKW: 0.1 });
  });
});

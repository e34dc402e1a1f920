import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';

const FILE = 'config/example-grid.yaml';

describe(FILE, () => {
  it('parses as a whole config with its event sources', () => {
    const config = parseConfig(readFileSync(FILE, 'utf8'), { OCTOPUS_API_KEY: 'sk_live_example' });
    const events = config.events as { type: string; events?: { effect: unknown }[] }[];
    expect(events.map((e) => e.type)).toEqual(['static', 'ics', 'mqtt', 'homeassistant', 'octopus']);
    expect(events[0]?.events?.map((e) => e.effect)).toEqual([{ pricePerKWh: 0 }, { capW: 100 }]);
  });
});

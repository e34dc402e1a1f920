import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { buildModel } from '../../src/agent/build-model.js';

const FILE = 'config/example-loads.yaml';

describe(FILE, () => {
  it('parses as a whole config with an evcc and an mqtt load, and the model carries them', () => {
    const config = parseConfig(readFileSync(FILE, 'utf8'), {});
    expect(config.loads.map((l) => [l.type, l.id, l.priority])).toEqual([
      ['evcc', 'car', 1],
      ['mqtt', 'rod', 200],
    ]);
    expect(config.loads[0]).toMatchObject({ topic: 'evcc', loadpoint: 1, siteSignals: true });
    const model = buildModel(config, {});
    expect(model.loads).toEqual([
      { id: 'car', name: 'car', priority: 1 },
      { id: 'rod', name: 'heating rod', priority: 200 },
    ]);
  });

  it('rejects a load without a priority', () => {
    const text = readFileSync(FILE, 'utf8').replace('    priority: 1 #', '    #');
    expect(() => parseConfig(text, {})).toThrow(/loads/);
  });
});

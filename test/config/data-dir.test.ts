import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../config/data-dir.js';
import { loadConfig } from '../../config/loader.js';
import { tempDataDir } from '../fakes/agent-config.js';

/** A config file in a fresh folder (not the working directory) with the given `agent.dataDir`. */
function configFile(dataDir?: string): { dir: string; file: string } {
  const dir = tempDataDir();
  const file = join(dir, 'hashheat.yaml');
  writeFileSync(
    file,
    `${dataDir === undefined ? '' : `agent: { dataDir: ${JSON.stringify(dataDir)} }\n`}prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  return { dir, file };
}

describe('agent.dataDir (issue 11: the data directory)', () => {
  it('is relative to the config file’s folder, not the working directory', () => {
    const { dir, file } = configFile('./state');
    expect(process.cwd()).not.toBe(dir);
    expect(loadConfig(file, {}).agent.dataDir).toBe(join(dir, 'state'));
  });

  it('defaults to data/ beside the config file', () => {
    const { dir, file } = configFile();
    expect(loadConfig(file, {}).agent.dataDir).toBe(join(dir, 'data'));
  });

  it('stays as written when absolute', () => {
    const elsewhere = tempDataDir();
    const { file } = configFile(elsewhere);
    expect(loadConfig(file, {}).agent.dataDir).toBe(elsewhere);
  });

  it('is replaced by HASHHEAT_DATA_DIR, which a shell path reads relative to the working directory', () => {
    const volume = tempDataDir();
    const { file } = configFile('./state');
    expect(loadConfig(file, { [DATA_DIR_ENV]: volume }).agent.dataDir).toBe(volume);
    expect(loadConfig(file, { [DATA_DIR_ENV]: 'var/hh' }).agent.dataDir).toBe(join(process.cwd(), 'var/hh'));
    // An empty variable (e.g. `HASHHEAT_DATA_DIR=` in a unit file) means unset.
    expect(loadConfig(file, { [DATA_DIR_ENV]: '' }).agent.dataDir).toBe(join(file, '..', 'state'));
  });

  it('keeps the loaded config frozen', () => {
    const { file } = configFile('./state');
    const config = loadConfig(file, {});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.agent)).toBe(true);
  });
});

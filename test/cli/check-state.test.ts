import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { StateFile } from '../../src/agent/state-file.js';
import { tempDataDir } from '../fakes/agent-config.js';
import { hashheatCli } from '../fakes/cli.js';

/** A config whose data directory already holds a running agent's state, with a diagnosis in it. */
function withSavedState(): { configFile: string; statePath: string } {
  const folder = tempDataDir();
  const configFile = join(folder, 'hashheat.yaml');
  writeFileSync(
    configFile,
    `prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  const state = new StateFile(join(folder, 'data'));
  state.save({ ...state.load(), diagnostics: { gridSign: 'grid.powerW looks inverted' } });
  return { configFile, statePath: state.path };
}

// Concurrent: each case has its own folder, and each spends its time in a CLI start-up through tsx.
describe.concurrent('hashheat check beside a running agent (issue 11: one agent per data directory)', () => {
  it('reads the saved diagnoses but never rewrites the agent’s state file', async ({ expect }) => {
    const { configFile, statePath } = withSavedState();
    const before = { text: readFileSync(statePath, 'utf8'), inode: statSync(statePath).ino };
    const run = await hashheatCli(['check', '--config', configFile]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/diagnosis +gridSign +WARN +grid\.powerW looks inverted/);
    // A rewrite (temp file + rename) would give the file a new inode even with the same text.
    expect(statSync(statePath).ino).toBe(before.inode);
    expect(readFileSync(statePath, 'utf8')).toBe(before.text);
  }, 60_000); // a CLI start-up through tsx

  it('says so when the saved state cannot be loaded (the agent would refuse to start)', async ({
    expect,
  }) => {
    const { configFile, statePath } = withSavedState();
    writeFileSync(statePath, '{"version":1,"memory":{}}\n');
    const run = await hashheatCli(['check', '--config', configFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/state +\S+state\.json +FAILED +state file .* is not valid/);
  }, 60_000);
});

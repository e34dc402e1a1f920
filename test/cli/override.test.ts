import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { commandsDir } from '../../src/agent/command-spool.js';
import { tempDataDir } from '../fakes/agent-config.js';
import { cliArgs } from '../fakes/cli.js';

const run = promisify(execFile);

function configFile(dataDir: string): string {
  const file = join(dataDir, 'hashheat.yaml');
  writeFileSync(
    file,
    `agent: { dataDir: ${JSON.stringify(dataDir)} }
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  return file;
}

async function hashheat(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, cliArgs(args), {
      timeout: 40_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('hashheat override (the command line)', () => {
  it('spools a command file for the agent, or exits 1 with the problem', async () => {
    const dataDir = tempDataDir();
    const config = configFile(dataDir);
    const ok = await hashheat(['override', 'nano', 'low', '--for', '90m', '--config', config]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /^nano: override low until \d{4}-\d\d-\d\d \d\d:\d\d GMT[+-]\d+ \(.*\.json\); a running agent/,
    );
    const [file] = readdirSync(commandsDir(dataDir));
    const command = JSON.parse(readFileSync(join(commandsDir(dataDir), file!), 'utf8'));
    expect(command).toMatchObject({ kind: 'override', minerId: 'nano', levelId: 'low', source: 'cli' });
    expect(command.until - command.at).toBe(90 * 60_000);

    const bad = await hashheat(['override', 'nano', 'turbo', '--config', config]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('hashheat override: no level "turbo" on nano (expected one of auto, off, low)\n');
    expect(readdirSync(commandsDir(dataDir))).toHaveLength(1);
  }, 90_000); // two CLI start-ups through tsx: seconds each on a busy machine
});

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/agent/data-dir-lock.js';
import { buildProgram, DEFAULT_CONFIG } from '../../src/cli/program.js';
import { tempDataDir } from '../fakes/agent-config.js';
import { cliArgs } from '../fakes/cli.js';

const run = promisify(execFile);
// Absolute paths: the commands run from another working directory, as a user's would.
const args = (rest: string[]) => cliArgs(rest);

const agents: ChildProcess[] = [];
afterEach(() => {
  for (const agent of agents.splice(0)) agent.kill('SIGKILL');
});

/** A config in its own folder whose data directory is relative to it; the commands run from `cwd`. */
function setup(): { configFile: string; dataDir: string; cwd: string } {
  const folder = tempDataDir();
  const configFile = join(folder, 'hashheat.yaml');
  writeFileSync(
    configFile,
    `agent: { dataDir: ./state, tick: '0 0 * * * *' }
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }]
`,
  );
  const cwd = join(tempDataDir(), 'elsewhere');
  mkdirSync(cwd);
  return { configFile, dataDir: join(folder, 'state'), cwd };
}

/** Starts `hashheat run` and resolves once its log says `text`; the log lines so far stay readable. */
function startAgent(
  configFile: string,
  cwd: string,
): { agent: ChildProcess; log: () => string; until(text: string): Promise<void> } {
  const agent = spawn(process.execPath, args(['run', '--config', configFile]), {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  agents.push(agent);
  let log = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  agent.stderr!.on('data', (chunk) => {
    log += String(chunk);
    for (const w of waiters.filter((w) => log.includes(w.text))) w.resolve();
  });
  return {
    agent,
    log: () => log,
    until: (text) =>
      new Promise<void>((res, rej) => {
        if (log.includes(text)) return res();
        waiters.push({ text, resolve: res });
        agent.once('exit', (code) => rej(new Error(`agent exited (${code}) before "${text}":\n${log}`)));
      }),
  };
}

async function hashheat(
  rest: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args(rest), { cwd, timeout: 40_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('one agent per data directory, found from the config file (issue 11)', () => {
  it('a second agent refuses to start; override from another folder reaches the running one; stop frees the lock', async () => {
    const { configFile, dataDir, cwd } = setup();
    const first = startAgent(configFile, cwd);
    await first.until('hashheat agent started');
    const lockFile = join(dataDir, LOCK_FILE);
    expect(readFileSync(lockFile, 'utf8')).toBe(`${first.agent.pid}\n`);
    expect(existsSync(join(cwd, 'state'))).toBe(false);

    // The second agent and the override start up side by side (each start-up through tsx costs
    // about a second); neither depends on the other.
    const [second, override] = await Promise.all([
      hashheat(['run', '--config', configFile], cwd),
      hashheat(['override', 'nano', 'low', '--for', '1h', '--config', configFile], cwd),
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `hashheat: another agent (pid ${first.agent.pid}) is already running on the data directory ${dataDir}.`,
    );
    expect(second.stderr).not.toContain('agent started');

    // `override` without a dataDir of its own writes where the agent reads, whatever the working directory.
    expect(override.stderr).toBe('');
    expect(override.stdout).toContain(join(dataDir, 'commands'));
    await first.until('nano: manual override low');

    const exited = new Promise<number | null>((res) => first.agent.once('exit', res));
    first.agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  }, 120_000); // CLI start-ups through tsx: seconds each on a busy machine
});

describe('the default config (issue 11: override finds the same config as run)', () => {
  it('run, override, check and signals default to the same config file', () => {
    const defaults = Object.fromEntries(
      buildProgram()
        .commands.filter((c) => ['run', 'override', 'check', 'signals'].includes(c.name()))
        .map((c) => [c.name(), c.options.find((o) => o.long === '--config')?.defaultValue]),
    );
    expect(defaults).toEqual({
      run: DEFAULT_CONFIG,
      override: DEFAULT_CONFIG,
      check: DEFAULT_CONFIG,
      signals: DEFAULT_CONFIG,
    });
  });
});

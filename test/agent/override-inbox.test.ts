import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createAgent, type TickRecord } from '../../src/agent/agent.js';
import { commandsDir, writeCommand } from '../../src/agent/command-spool.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { StateFile } from '../../src/agent/state-file.js';
import { spoolOverride } from '../../src/cli/override.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

const HOUR = 3_600_000;

async function startAgent(options: { dataDir: string; miners?: string; clock?: FakeClock }) {
  const clock = options.clock ?? new FakeClock();
  const log = captureLogger();
  const config = simulatedConfig({
    dataDir: options.dataDir,
    ...(options.miners ? { miners: options.miners } : {}),
  });
  const agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
  await agent.start();
  return { agent, config, clock, log };
}

describe('manual override end to end (CLI spool → running agent)', () => {
  it('reaches a running agent within a second, shows what auto would do, and ends on time', async () => {
    const dataDir = tempDataDir();
    const { agent, config, clock, log } = await startAgent({ dataDir });
    // A cold room with a resistive heater: auto runs the Nano at high.
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'ledger' });
    const records: TickRecord[] = [];
    agent.onRecord((r) => records.push(r));

    const spooled = spoolOverride(config, { minerId: 'nano', level: 'low', for: '2h' }, clock.now());
    expect(spooled).toMatchObject({
      message: expect.stringMatching(/^nano: override low until 2025-01-15 14:00 GMT\+1 \(/),
    });
    const givenAt = clock.now();
    // No tick is scheduled (manual scheduler): only the spool watcher can bring the command in.
    await vi.waitFor(
      async () => {
        await clock.advance(50);
        expect(records).toHaveLength(1);
      },
      { timeout: 1000, interval: 20 },
    );
    expect(clock.now() - givenAt).toBeLessThanOrEqual(1000);
    expect(records[0]?.decisions[0]).toMatchObject({
      levelId: 'low',
      decidedBy: 'override',
      autoLevelId: 'high',
    });
    // Read back right after the command: the device is at the override's level before the next tick.
    expect(agent.statuses().nano).toMatchObject({ running: true, levelId: 'low' });
    expect(new StateFile(dataDir).load().overrides).toEqual({
      nano: { levelId: 'low', until: givenAt + 2 * HOUR, source: 'cli' },
    });
    expect(readdirSync(commandsDir(dataDir))).toEqual([]);

    await clock.advance(2 * HOUR);
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'ledger' });
    await agent.tick();
    expect(new StateFile(dataDir).load().overrides).toEqual({});
    expect(log.messages().filter((m) => m === 'nano: manual override ended, back to auto')).toHaveLength(1);
    await agent.stop({ applyOnExit: false });
  });

  it('a command given while the agent is down applies at its first tick; auto clears it', async () => {
    const dataDir = tempDataDir();
    const clock = new FakeClock();
    const config = simulatedConfig({ dataDir });
    expect(spoolOverride(config, { minerId: 'nano', level: 'off' }, clock.now())).toHaveProperty('message');
    const { agent } = await startAgent({ dataDir, clock });
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'off', decidedBy: 'override' });
    expect(spoolOverride(config, { minerId: 'nano', level: 'auto' }, clock.now())).toHaveProperty('message');
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'ledger' });
    await agent.stop({ applyOnExit: false });
  });

  it('the CLI refuses what the config rules out', () => {
    const config = simulatedConfig({ dataDir: tempDataDir() });
    const now = Date.UTC(2025, 0, 15, 11);
    expect(spoolOverride(config, { minerId: 'nope', level: 'off' }, now)).toEqual({
      error: 'no miner "nope" in the config (miners: nano)',
    });
    expect(spoolOverride(config, { minerId: 'nano', level: 'turbo' }, now)).toEqual({
      error: 'no level "turbo" on nano (expected one of auto, off, low, high)',
    });
    expect(spoolOverride(config, { minerId: 'nano', level: 'auto', for: '1h' }, now)).toEqual({
      error: 'auto needs no --for or --until',
    });
    expect(existsSync(commandsDir(config.agent.dataDir))).toBe(false);
  });

  it('a command the agent cannot apply is set aside and logged; nothing changes', async () => {
    const dataDir = tempDataDir();
    const { agent, clock, log } = await startAgent({ dataDir });
    writeCommand(dataDir, { minerId: 'nano', levelId: 'turbo', source: 'cli' }, clock.now());
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'high', decidedBy: 'ledger' });
    expect(readdirSync(commandsDir(dataDir))).toEqual([expect.stringMatching(/\.rejected$/)]);
    const warning = log.entries.find((e) => e.msg.startsWith('override command rejected'));
    expect(warning?.why).toBe('no level "turbo" on nano (expected one of auto, off, low, high)');
    await agent.stop({ applyOnExit: false });
  });

  it('a config override applies at every start', async () => {
    const miners = `  - id: nano
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
    override: { level: low, until: "2025-01-15T18:00" }`;
    const { agent } = await startAgent({ dataDir: tempDataDir(), miners });
    expect(agent.state().overrides.nano).toEqual({
      levelId: 'low',
      until: Date.UTC(2025, 0, 15, 17),
      source: 'config',
    });
    expect((await agent.tick())?.decisions[0]).toMatchObject({ levelId: 'low', decidedBy: 'override' });
    await agent.stop({ applyOnExit: false });
  });
});

describe('a miner that keeps failing to obey', () => {
  it('is marked faulty in its decision and logged once, and once more when it obeys again', async () => {
    const miners = `  - id: nano
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }]
    failure: { refuseApply: true }`;
    const { agent, clock, log } = await startAgent({ dataDir: tempDataDir(), miners });
    const faulty: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const record = await agent.tick();
      faulty.push(record?.decisions[0]?.abstentions.some((a) => a.reason.startsWith('faulty')) ?? false);
      await clock.advance(2 * 60_000);
    }
    // Commands fail at 0, 2 and 4 min (backoff 30 s, 60 s, 120 s); from the 4th tick on it is faulty.
    expect(faulty).toEqual([false, false, false, true, true, true, true, true]);
    expect(log.messages().filter((m) => m.startsWith('nano is faulty: faulty: '))).toHaveLength(1);
    agent.setOverride('nano', undefined); // a user command lets the next command through at once
    await agent.tick();
    expect(log.messages().filter((m) => m === 'nano obeys commands again')).toHaveLength(1);
    await agent.stop({ applyOnExit: false });
  });
});

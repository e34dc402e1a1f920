import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { StateFile } from '../../src/agent/state-file.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

function deps(clock = new FakeClock()) {
  const log = captureLogger();
  return { deps: { clock, logger: log.logger, scheduler: manualScheduler }, log, clock };
}

describe('agent', () => {
  it('decides, commands the miner and reports a record per tick', async () => {
    const { deps: d } = deps();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), d);
    await agent.start();
    const records: unknown[] = [];
    agent.onRecord((r) => records.push(r));
    const record = await agent.tick();
    expect(record?.decisions[0]).toMatchObject({
      minerId: 'nano',
      levelId: 'high',
      changed: true,
      command: true,
    });
    expect(records).toHaveLength(1);
    await agent.tick();
    expect(agent.statuses().nano).toMatchObject({ reachable: true, running: true, levelId: 'high' });
    await agent.stop();
  });

  it('keeps guards across a restart: state persisted and reloaded', async () => {
    const dataDir = tempDataDir();
    const clock = new FakeClock();
    const first = await createAgent(simulatedConfig({ dataDir }), deps(clock).deps);
    await first.start();
    expect((await first.tick())?.decisions[0]?.levelId).toBe('high');
    await first.stop({ applyOnExit: false });
    expect(new StateFile(dataDir).load().memory.miners.nano).toMatchObject({
      levelId: 'high',
      startsToday: 1,
    });

    // Five minutes later the room is warm: auto says off, but the 10-minute minimum on time still holds.
    await clock.advance(5 * 60_000);
    const second = await createAgent(simulatedConfig({ dataDir, roomC: 22 }), deps(clock).deps);
    await second.start();
    const held = (await second.tick())?.decisions[0];
    expect(held).toMatchObject({ levelId: 'high', decidedBy: 'min-on-time', autoLevelId: 'off' });
    await clock.advance(6 * 60_000);
    expect((await second.tick())?.decisions[0]).toMatchObject({ levelId: 'off', changed: true });
    await second.stop({ applyOnExit: false });
  });

  it('one dead miner never stops the others, and is logged once', async () => {
    const miners = `  - { id: dead, type: simulated, levels: [{ id: on, powerW: 100, ths: 5 }], failure: { unreachable: true } }
  - { id: nano, type: simulated, zone: living, levels: [{ id: high, powerW: 140, ths: 6 }] }`;
    const { deps: d, log } = deps();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir(), miners }), d);
    await agent.start();
    for (let i = 0; i < 3; i++) await agent.tick();
    expect(agent.statuses().dead).toMatchObject({ reachable: false });
    expect(agent.statuses().nano).toMatchObject({ reachable: true, running: true });
    expect(log.messages().filter((m) => m === 'miner unreachable')).toHaveLength(1);
    await agent.stop({ applyOnExit: false });
  });

  it('dry run decides and reports but never commands a miner', async () => {
    const { deps: d } = deps();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), { ...d, dryRun: true });
    await agent.start();
    const record = await agent.tick();
    expect(record).toMatchObject({ dryRun: true });
    expect(agent.isDryRun()).toBe(true);
    expect(record?.decisions[0]?.levelId).toBe('high');
    await agent.tick();
    expect(agent.statuses().nano).toMatchObject({ running: false });
    await agent.stop();
  });

  it('switches miners off on exit when onExit is off', async () => {
    const { deps: d } = deps();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), d);
    await agent.start();
    await agent.tick();
    const supervisor = agent.miners.get('nano')!;
    expect((await supervisor.status()).running).toBe(true);
    await agent.stop();
    expect((await supervisor.adapter.status()).running).toBe(false);
  });

  it('a user override takes effect at once and survives a restart', async () => {
    const dataDir = tempDataDir();
    const clock = new FakeClock();
    const agent = await createAgent(simulatedConfig({ dataDir }), deps(clock).deps);
    await agent.start();
    await agent.tick();
    const records: string[] = [];
    agent.onRecord((r) => records.push(r.decisions[0]!.levelId));
    agent.setOverride('nano', { levelId: 'low', source: 'test' });
    await clock.advance(300);
    expect(records).toEqual(['low']);
    // The user's command is not held back by the command rate limit.
    expect((await agent.miners.get('nano')!.status()).levelId).toBe('low');
    await agent.stop({ applyOnExit: false });
    const again = await createAgent(simulatedConfig({ dataDir }), deps(clock).deps);
    expect(again.state().overrides.nano).toMatchObject({ levelId: 'low' });
  });

  it('counts energy and revenue between ticks', async () => {
    const clock = new FakeClock();
    const agent = await createAgent(simulatedConfig({ dataDir: tempDataDir() }), deps(clock).deps);
    await agent.start();
    await agent.tick();
    await clock.advance(5 * 60_000);
    await agent.tick();
    const counters = agent.state().counters.nano!;
    expect(counters.energyKWh).toBeCloseTo(0.14 / 12, 9);
    expect(counters.revenue).toBeCloseTo((6 * 0.034 * 0.98) / 24 / 12, 9);
    expect(counters.powerCost).toBeCloseTo((0.14 / 12) * 0.3, 9);
    // A gap longer than 10 minutes (agent down) adds nothing.
    await clock.advance(60 * 60_000);
    await agent.tick();
    expect(agent.state().counters.nano!.energyKWh).toBeCloseTo(0.14 / 12, 9);
    await agent.stop({ applyOnExit: false });
  });
});

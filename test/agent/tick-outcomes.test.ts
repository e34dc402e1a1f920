import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 12: a record says what happened at the device (taken / held back / dry run), memory follows
// the device, and a tick is a boundary: a failing step or an unwritable state file never stops control.
const NO_GUARDS =
  '{ minOnSeconds: 0, minOffSeconds: 0, minDwellSeconds: 0, hysteresisPerHour: 0, enableDelaySeconds: 0, disableDelaySeconds: 0 }';

describe('what a tick records and remembers', () => {
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop({ applyOnExit: false });
    agent = undefined;
  });

  async function start(options: { dryRun?: boolean; dataDir?: string } = {}) {
    const clock = new FakeClock();
    const log = captureLogger();
    const dataDir = options.dataDir ?? tempDataDir();
    agent = await createAgent(simulatedConfig({ dataDir, guards: NO_GUARDS }), {
      clock,
      logger: log.logger,
      scheduler: manualScheduler,
      ...(options.dryRun ? { dryRun: true } : {}),
    });
    await agent.start();
    const room = (tempC: number) =>
      agent!.store.update({
        key: 'zone.living.tempC',
        reading: { value: tempC, at: clock.now(), source: 'test' },
      });
    const changeLines = () => log.entries.filter((e) => e.msg.startsWith('nano: ') && e.from !== undefined);
    return { agent, clock, log, room, dataDir, changeLines };
  }

  it('a command held back by the rate limit is recorded as held back, not logged as a change, not remembered', async () => {
    const { agent: a, clock, room, changeLines } = await start();
    expect((await a.tick())?.decisions[0]).toMatchObject({ levelId: 'high', outcome: { status: 'taken' } });
    room(22.9); // warm: a stop, which always passes the rate limit
    await clock.advance(1000);
    expect((await a.tick())?.decisions[0]).toMatchObject({ levelId: 'off', outcome: { status: 'taken' } });
    room(19); // cold again 2 s after the start: the start is held back (10 s between commands)
    await clock.advance(1000);
    const held = (await a.tick())!.decisions[0]!;
    expect(held).toMatchObject({
      levelId: 'high',
      command: false,
      outcome: { status: 'held-back', detail: 'rate-limited' },
    });
    expect(a.statuses().nano).toMatchObject({ running: false });
    expect(a.state().memory.miners.nano?.levelId).toBe('off');
    expect(changeLines().map((e) => e.to)).toEqual(['high', 'off']);
    await clock.advance(10_000);
    expect((await a.tick())?.decisions[0]).toMatchObject({ levelId: 'high', outcome: { status: 'taken' } });
    expect(a.statuses().nano).toMatchObject({ running: true, levelId: 'high' });
    expect(changeLines().map((e) => e.to)).toEqual(['high', 'off', 'high']);
  });

  it('dry run: the record says dry run and no command; the device is never touched', async () => {
    const { agent: a, log } = await start({ dryRun: true });
    const record = (await a.tick())!;
    expect(record.dryRun).toBe(true);
    expect(record.decisions[0]).toMatchObject({
      levelId: 'high',
      command: false,
      outcome: { status: 'dry-run' },
    });
    await a.tick();
    expect(a.statuses().nano).toMatchObject({ running: false });
    expect(log.entries.find((e) => e.msg.startsWith('nano: '))).toMatchObject({ dryRun: true, to: 'high' });
  });

  it('a state directory that becomes unwritable mid-run: a warning once, the miners stay under control', async () => {
    const { agent: a, room, log, dataDir } = await start();
    await a.tick();
    expect(a.statuses().nano).toMatchObject({ running: true });
    const statePath = join(dataDir, 'state.json');
    rmSync(statePath);
    mkdirSync(statePath); // the rename onto it now fails (EISDIR), as a full or read-only disk fails a write
    room(22.9);
    for (let i = 0; i < 3; i++) await a.tick();
    expect(a.statuses().nano).toMatchObject({ running: false, levelId: 'off' });
    expect(log.messages().filter((m) => m.startsWith('cannot write the state file'))).toHaveLength(1);
    expect(Object.keys(a.problems())).toEqual(['state-file']);
    rmSync(statePath, { recursive: true });
    await a.tick();
    expect(a.problems()).toEqual({});
    expect(log.messages()).toContain('state file written again');
  });

  it('a tick that throws is logged once, resolves, and the next tick runs', async () => {
    const { agent: a, log } = await start();
    let failures = 2;
    a.onRecord(() => {
      if (failures-- > 0) throw new Error('listener broke');
    });
    expect(await a.tick()).toBeUndefined();
    expect(await a.tick()).toBeUndefined();
    expect(a.problems()).toEqual({ tick: 'listener broke' });
    expect((await a.tick())?.decisions[0]?.levelId).toBe('high');
    expect(log.messages().filter((m) => m.startsWith('tick failed'))).toHaveLength(1);
    expect(log.messages()).toContain('ticks work again');
  });
});

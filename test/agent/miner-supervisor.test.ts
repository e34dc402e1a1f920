import { describe, expect, it } from 'vitest';
import { simulatedMiner } from '../../adapters/miners/simulated/simulated.js';
import { applyDecisions } from '../../src/agent/apply.js';
import { MinerSupervisor } from '../../src/agent/miner-supervisor.js';
import type { Decision } from '../../src/core/decision.js';
import type { MinerAdapter } from '../../src/ports.js';
import { testAdapterDeps } from '../fakes/adapter-deps.js';
import { FakeClock, flush } from '../fakes/clock.js';

function supervised(failure: Record<string, unknown> = {}) {
  const clock = new FakeClock();
  const { deps, log } = testAdapterDeps({ clock });
  const levels = [
    { id: 'low', powerW: 80, ths: 4 },
    { id: 'high', powerW: 140, ths: 6 },
  ];
  const config = simulatedMiner.schema.parse({ id: 'sim', type: 'simulated', levels, failure });
  const adapter = simulatedMiner.create(config as never, deps);
  const supervisor = new MinerSupervisor(adapter, { timeoutMs: 1000, minCommandIntervalMs: 10_000 }, deps);
  return { supervisor, adapter, clock, log };
}

describe('miner supervisor', () => {
  it('rate-limits commands but always lets a stop through', async () => {
    const { supervisor, adapter, clock } = supervised();
    const [off, low, high] = adapter.levels();
    expect((await supervisor.apply(low!)).accepted).toBe(true);
    expect(await supervisor.apply(high!)).toMatchObject({
      accepted: false,
      skipped: true,
      detail: 'rate-limited',
    });
    expect((await supervisor.apply(off!)).accepted).toBe(true);
    await clock.advance(10_000);
    expect((await supervisor.apply(high!)).accepted).toBe(true);
  });

  it('backs off after a refused command, doubling, and logs it once', async () => {
    const { supervisor, adapter, clock, log } = supervised({ refuseApply: true });
    const high = adapter.levels()[2]!;
    expect((await supervisor.apply(high)).accepted).toBe(false);
    await clock.advance(20_000);
    expect(await supervisor.apply(high)).toMatchObject({ skipped: true });
    await clock.advance(10_000);
    expect((await supervisor.apply(high)).skipped).toBeUndefined();
    expect(supervisor.failedApplies).toBe(2);
    await clock.advance(45_000);
    expect(await supervisor.apply(high)).toMatchObject({ skipped: true });
    expect(log.messages().filter((m) => m.includes('did not take the command'))).toHaveLength(1);
  });

  it('holds back only the level that failed: a stop after a refused start goes out at once', async () => {
    const { supervisor, adapter, log } = supervised({ refuseApply: true });
    const [off, , high] = adapter.levels();
    expect(await supervisor.apply(high!)).toMatchObject({ accepted: false, detail: 'still at off' });
    expect(await supervisor.apply(high!)).toMatchObject({ skipped: true });
    // Found end to end: a companion plug answers "booting" to a start; the stop that follows must not wait.
    expect(await supervisor.apply(off!)).toEqual({ accepted: true });
    expect(supervisor.failedApplies).toBe(0);
    expect(log.messages().filter((m) => m.includes('did not take the command'))).toHaveLength(1);
  });

  it('keeps the last good status with reachable false when the device dies', async () => {
    const { supervisor, adapter } = supervised({ failEveryNthCall: 3 });
    await supervisor.apply(adapter.levels()[1]!);
    const good = await supervisor.status();
    const dead = await supervisor.status();
    expect(good).toMatchObject({ reachable: true, running: true, levelId: 'low' });
    expect(dead).toMatchObject({ reachable: false, running: true, levelId: 'low', powerW: 80 });
    expect(dead.error).toContain('UNREACHABLE');
  });
});

describe('miner supervisor: slow commands', () => {
  it('a level reached later (after a reboot) clears the failure count', async () => {
    const clock = new FakeClock();
    const { deps } = testAdapterDeps({ clock });
    const low = { id: 'low', powerW: 2400, ths: 80 };
    let deviceLevel = 'off';
    const adapter: MinerAdapter = {
      id: 'm50',
      family: 'test',
      capabilities: { softStop: true, throttle: true, reportsPower: true },
      levels: () => [{ id: 'off', powerW: 0, ths: 0 }, low],
      async status() {
        return { reachable: true, running: deviceLevel !== 'off', levelId: deviceLevel, at: clock.now() };
      },
      async apply() {
        return { accepted: false, detail: 'rebooting to apply the power limit' };
      },
      async close() {},
    };
    const supervisor = new MinerSupervisor(adapter, { timeoutMs: 1000, minCommandIntervalMs: 0 }, deps);
    await supervisor.apply(low);
    expect((await supervisor.status()).commandFailures).toBe(1);
    deviceLevel = 'low';
    expect((await supervisor.status()).commandFailures).toBeUndefined();
    expect(supervisor.failedApplies).toBe(0);
  });
});

describe('miner supervisor: pending commands', () => {
  it('a command under way is neither a failure nor a reason to back off', async () => {
    const clock = new FakeClock();
    const { deps, log } = testAdapterDeps({ clock });
    let calls = 0;
    const adapter: MinerAdapter = {
      id: 'behind-plug',
      family: 'test',
      capabilities: { softStop: false, throttle: false, reportsPower: true },
      levels: () => [
        { id: 'off', powerW: 0, ths: 0 },
        { id: 'on', powerW: 100, ths: 1 },
      ],
      async status() {
        return { reachable: true, running: false, at: clock.now() };
      },
      async apply() {
        calls += 1;
        return { accepted: false, pending: true, detail: 'booting' };
      },
      async close() {},
    };
    const supervisor = new MinerSupervisor(adapter, { timeoutMs: 1000, minCommandIntervalMs: 0 }, deps);
    const on = adapter.levels()[1]!;
    await supervisor.apply(on);
    const again = await supervisor.apply(on);
    expect(again.skipped).toBeUndefined();
    expect(calls).toBe(2);
    expect(supervisor.failedApplies).toBe(0);
    expect(log.messages().some((m) => m.includes('did not take the command'))).toBe(false);
  });
});

describe('miner supervisor: a device that hangs', () => {
  function hanging() {
    const clock = new FakeClock();
    const { deps } = testAdapterDeps({ clock });
    const device = { hang: false, reads: 0, readMs: 20 };
    const adapter: MinerAdapter = {
      id: 'stuck',
      family: 'test',
      capabilities: { softStop: true, throttle: false, reportsPower: true },
      levels: () => [
        { id: 'off', powerW: 0, ths: 0 },
        { id: 'on', powerW: 100, ths: 1 },
      ],
      status() {
        device.reads += 1;
        if (device.hang) return new Promise(() => undefined);
        return new Promise((resolve) =>
          clock.setTimeout(
            () => resolve({ reachable: true, running: true, levelId: 'on', at: clock.now() }),
            device.readMs,
          ),
        );
      },
      async apply() {
        return { accepted: true };
      },
      async close() {},
    };
    const supervisor = new MinerSupervisor(adapter, { timeoutMs: 1000, minCommandIntervalMs: 0 }, deps);
    return { supervisor, adapter, clock, device };
  }

  it('learns how long a read takes, shares a read under way, and knows when it is busy', async () => {
    const { supervisor, clock, device } = hanging();
    expect(supervisor.typicalReadMs).toBeUndefined();
    const first = supervisor.status();
    const second = supervisor.status();
    await flush();
    expect(supervisor.busy).toBe(true);
    await clock.advance(20);
    expect(await first).toBe(await second);
    expect(device.reads).toBe(1);
    expect(supervisor.busy).toBe(false);
    expect(supervisor.typicalReadMs).toBe(20);
    expect(supervisor.cachedStatus()).toMatchObject({ reachable: true, levelId: 'on' });
  });

  it('after a timeout, answers the last status at once for 30 s (doubling), sends no command, and a user command clears it', async () => {
    const { supervisor, adapter, clock, device } = hanging();
    const read = supervisor.status();
    await flush();
    await clock.advance(20);
    await read;
    device.hang = true;
    const stuck = supervisor.status();
    await flush();
    await clock.advance(1000);
    expect(await stuck).toMatchObject({
      reachable: false,
      levelId: 'on',
      error: expect.stringMatching(/^TIMEOUT/),
    });
    expect(device.reads).toBe(2);

    await clock.advance(10_000);
    expect(await supervisor.status()).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/next read in 20 s$/),
    });
    expect(await supervisor.apply(adapter.levels()[0]!)).toMatchObject({
      skipped: true,
      detail: expect.stringMatching(/status reads back off/),
    });
    expect(device.reads).toBe(2);

    await clock.advance(20_000); // 31 s after the timeout: read again; it hangs again, so the next wait is 60 s
    const again = supervisor.status();
    await flush();
    await clock.advance(1000);
    await again;
    expect(device.reads).toBe(3);
    await clock.advance(50_000);
    await supervisor.status();
    expect(device.reads).toBe(3);

    supervisor.resetBackoff(); // a command from the user: try the device now
    device.hang = false;
    const now = supervisor.status();
    await flush();
    await clock.advance(20);
    expect(await now).toMatchObject({ reachable: true });
    expect(device.reads).toBe(4);
  });
});

describe('applying decisions: a command without a reply', () => {
  it('is recorded as sent after the miner timeout, and the tick goes on', async () => {
    const clock = new FakeClock();
    const { deps } = testAdapterDeps({ clock });
    const on = { id: 'on', powerW: 100, ths: 1 };
    const adapter: MinerAdapter = {
      id: 'mute',
      family: 'test',
      capabilities: { softStop: true, throttle: false, reportsPower: true },
      levels: () => [{ id: 'off', powerW: 0, ths: 0 }, on],
      async status() {
        return { reachable: true, running: false, levelId: 'off', at: clock.now() };
      },
      apply: () => new Promise(() => undefined),
      async close() {},
    };
    const miners = new Map([
      ['mute', new MinerSupervisor(adapter, { timeoutMs: 1000, minCommandIntervalMs: 0 }, deps)],
    ]);
    const decision = { minerId: 'mute', levelId: 'on', level: on, command: true } as unknown as Decision;
    let done: Awaited<ReturnType<typeof applyDecisions>> | undefined;
    void applyDecisions([decision], miners, deps).then((r) => {
      done = r;
    });
    await clock.advance(999);
    expect(done).toBeUndefined();
    await clock.advance(1);
    expect(done?.decisions[0]?.outcome).toEqual({
      status: 'sent',
      detail: 'no reply within 1000 ms; the device may still take it',
    });
    expect(done?.statuses).toEqual({});
  });
});

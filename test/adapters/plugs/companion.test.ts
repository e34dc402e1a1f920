import { afterEach, describe, expect, it, vi } from 'vitest';
import { withCompanion } from '../../../adapters/plugs/companion.js';
import { shellyPlug } from '../../../adapters/plugs/shelly-plug.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { type ShellyEmulator, startShellyEmulator } from '../../emulators/shelly.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock, flush } from '../../fakes/clock.js';

const OFF: Level = { id: 'off', powerW: 0, ths: 0 };
const LOW: Level = { id: 'low', powerW: 900, ths: 30 };

/** A miner powered by the emulated plug: it answers only while the relay is on and it has booted. */
function fakeMiner(device: ShellyEmulator, softStop: boolean) {
  let booted = device.output();
  let level = 'off';
  const applied: string[] = [];
  let statusCalls = 0;
  const check = () => {
    if (!device.output()) booted = false;
    if (!booted) throw new DeviceError('UNREACHABLE', 'miner: ECONNREFUSED');
  };
  const adapter: MinerAdapter = {
    id: 'avalon',
    family: 'fake',
    capabilities: { softStop, throttle: false, reportsPower: true },
    levels: () => [OFF, LOW],
    async status(): Promise<MinerStatus> {
      statusCalls += 1;
      check();
      return { reachable: true, running: level !== 'off', levelId: level, powerW: 999, at: 0 };
    },
    async apply(next) {
      check();
      if (next.id === 'off' && !softStop) throw new Error('a miner without soft stop was asked to stop');
      applied.push(next.id);
      level = next.id;
      return { accepted: true };
    },
    async close() {},
  };
  return {
    adapter,
    applied,
    statusCalls: () => statusCalls,
    boot(at = 'off') {
      booted = true;
      level = at;
    },
  };
}

describe('companion plug', () => {
  let device: ShellyEmulator | undefined;
  afterEach(async () => {
    await device?.close();
    device = undefined;
  });

  async function setup(options: { softStop: boolean; plugOn: boolean; level?: string }) {
    device = await startShellyEmulator({ initialOn: options.plugOn, loadW: 1234 });
    const clock = new FakeClock();
    const { deps, log } = testAdapterDeps({ clock });
    const miner = fakeMiner(device, options.softStop);
    if (options.plugOn) miner.boot(options.level ?? 'low');
    const plugConfig = shellyPlug.schema.parse({ type: 'shelly', host: device.host, timeoutMs: 300 });
    const plug = shellyPlug.create(plugConfig as never, deps);
    const adapter = withCompanion(miner.adapter, plug, { hardOffDelaySeconds: 60, bootSeconds: 120 }, deps);
    const cuts = () =>
      device!.requests.filter((r) => r.rpcMethod === 'Switch.Set' && r.params.on === false).length;
    return { device, clock, log, miner, adapter, cuts };
  }

  it('stops softly, then cuts the power after the delay', async () => {
    const { device, clock, log, miner, adapter, cuts } = await setup({ softStop: true, plugOn: true });
    expect(await adapter.apply(OFF)).toEqual({ accepted: true, detail: 'soft-stopped; power cut in 60 s' });
    expect(miner.applied).toEqual(['off']);
    await clock.advance(59_000);
    expect(device.output()).toBe(true);
    await clock.advance(1_000);
    await vi.waitFor(() => expect(device.output()).toBe(false));
    expect(cuts()).toBe(1);
    await log.until(() => log.messages().includes('power cut after soft stop'));
    expect(await adapter.status()).toMatchObject({
      reachable: false,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
  });

  it('cancels a pending cut when a running level comes in first', async () => {
    const { device, clock, miner, adapter, cuts } = await setup({ softStop: true, plugOn: true });
    await adapter.apply(OFF);
    await adapter.apply(OFF); // a repeated off must not postpone (or double) the cut
    await clock.advance(30_000);
    expect(await adapter.apply(LOW)).toEqual({ accepted: true });
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(120_000);
    await flush();
    expect(device.output()).toBe(true);
    expect(cuts()).toBe(0);
    expect(miner.applied).toEqual(['off', 'off', 'low']);
  });

  it('keeps the first deadline when off is sent again', async () => {
    const { device, clock, adapter, cuts } = await setup({ softStop: true, plugOn: true });
    await adapter.apply(OFF);
    await clock.advance(40_000);
    await adapter.apply(OFF);
    await clock.advance(20_000);
    await vi.waitFor(() => expect(device.output()).toBe(false));
    expect(cuts()).toBe(1);
  });

  it('cuts a miner that cannot stop softly at once', async () => {
    const { device, clock, miner, adapter } = await setup({ softStop: false, plugOn: true });
    expect(await adapter.apply(OFF)).toEqual({ accepted: true, detail: 'power cut' });
    expect(device.output()).toBe(false);
    expect(miner.applied).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('powers on first, then applies the level once the miner answers', async () => {
    const { device, clock, miner, adapter } = await setup({ softStop: true, plugOn: false });
    expect(await adapter.apply(LOW)).toEqual({ accepted: false, pending: true, detail: 'booting' });
    expect(device.output()).toBe(true);
    // While booting the pair is reachable (the plug answers) and not running, so the core retries.
    expect(await adapter.status()).toMatchObject({ reachable: true, running: false, powerW: 1234 });
    await clock.advance(30_000);
    expect(await adapter.apply(LOW)).toEqual({ accepted: false, pending: true, detail: 'booting' });
    expect(miner.applied).toEqual([]);
    miner.boot();
    await clock.advance(30_000);
    expect(await adapter.apply(LOW)).toEqual({ accepted: true });
    expect(miner.applied).toEqual(['low']);
    expect(await adapter.status()).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'low',
      powerW: 1234,
    });
  });

  it('reports a miner that never answers after bootSeconds as a typed error', async () => {
    const { clock, adapter } = await setup({ softStop: true, plugOn: false });
    await adapter.apply(LOW);
    await clock.advance(121_000);
    await expect(adapter.status()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    await expect(adapter.apply(LOW)).rejects.toBeInstanceOf(DeviceError);
  });

  it("takes the plug's measured power, and knows an unpowered miner is off without asking it", async () => {
    const { device, miner, adapter } = await setup({ softStop: true, plugOn: true });
    expect(adapter.capabilities.reportsPower).toBe(true);
    expect(await adapter.status()).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'low',
      powerW: 1234,
    });
    device.setOutput(false);
    const off = await adapter.status();
    expect(off).toMatchObject({ reachable: false, running: false, levelId: 'off', powerW: 0 });
    expect(off.error).toMatch(/powered off by shelly/);
    const calls = miner.statusCalls();
    await adapter.status();
    expect(miner.statusCalls()).toBe(calls);
  });

  it("reports a dead plug as a typed error, keeping the miner's own status, logged once", async () => {
    const { device, log, adapter } = await setup({ softStop: false, plugOn: true });
    device.setFault('reset');
    const status = await adapter.status();
    expect(status).toMatchObject({ reachable: true, running: true, levelId: 'low', powerW: 999 });
    expect(status.error).toMatch(/^plug shelly 127\.0\.0\.1:\d+: UNREACHABLE/);
    await adapter.status();
    const cut = await adapter.apply(OFF).catch((e: unknown) => e);
    expect(cut).toBeInstanceOf(DeviceError);
    expect(cut).toMatchObject({ code: 'UNREACHABLE' });
    expect(log.messages().filter((m) => m === 'plug unreachable')).toHaveLength(1);
    device.setFault('none');
    expect((await adapter.status()).error).toBeUndefined();
    expect(log.messages().filter((m) => m === 'plug reachable again')).toHaveLength(1);
  });

  it('retries a failed delayed cut on a later status', async () => {
    const { device, clock, log, adapter, cuts } = await setup({ softStop: true, plugOn: true });
    await adapter.apply(OFF);
    device.setFault('reset');
    await clock.advance(60_000);
    await log.until(() => log.messages().includes('could not cut power'));
    device.setFault('none');
    expect(device.output()).toBe(true);
    expect(await adapter.status()).toMatchObject({ reachable: true, running: false });
    await clock.advance(60_000);
    await vi.waitFor(() => expect(device.output()).toBe(false));
    expect(cuts()).toBe(1);
  });

  it('never switches anything from status alone (dry run, disabled agent)', async () => {
    const { device, clock, adapter, cuts } = await setup({ softStop: true, plugOn: true, level: 'off' });
    expect(await adapter.status()).toMatchObject({ reachable: true, running: false });
    await clock.advance(600_000);
    await flush();
    expect(clock.pendingTimers()).toBe(0);
    expect(device.output()).toBe(true);
    expect(cuts()).toBe(0);
    expect(device.requests.every((r) => r.rpcMethod === 'Switch.GetStatus')).toBe(true);
  });
});

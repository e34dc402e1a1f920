import { afterEach, describe, expect, it } from 'vitest';
import { shellyMiner } from '../../../adapters/miners/switches/shelly.js';
import { DeviceError } from '../../../src/errors.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import {
  type ShellyEmulator,
  type ShellyEmulatorOptions,
  startShellyEmulator,
} from '../../emulators/shelly.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const TIMEOUT_MS = 300;

function adapterFor(emulator: ShellyEmulator, fields: Record<string, unknown> = {}): MinerAdapter {
  const { deps } = testAdapterDeps();
  const config = shellyMiner.schema.parse({
    id: 'heater',
    type: 'shelly',
    host: emulator.host,
    powerW: 1200,
    ths: 40,
    timeoutMs: TIMEOUT_MS,
    ...fields,
  });
  return shellyMiner.create(config as never, deps);
}

runMinerContract({
  family: 'shelly',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startShellyEmulator({ password: 'hunter2', loadW: 1180, slowMs: 1500 });
    return { adapter: adapterFor(emulator, { password: 'hunter2' }), emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('shelly miner on the wire', () => {
  let emulator: ShellyEmulator | undefined;
  const start = async (options: ShellyEmulatorOptions = {}) => {
    emulator = await startShellyEmulator(options);
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('switches its own channel with JSON-RPC frames on POST /rpc, then reads back', async () => {
    const device = await start({ switchCount: 2 });
    const adapter = adapterFor(device, { switchId: 1 });
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: true });
    expect(device.output(1)).toBe(true);
    expect(device.output(0)).toBe(false);
    expect(device.requests.map((r) => [r.httpMethod, r.path, r.rpcMethod, r.params])).toEqual([
      ['POST', '/rpc', 'Switch.Set', { id: 1, on: true }],
      ['POST', '/rpc', 'Switch.GetStatus', { id: 1 }],
    ]);
    expect(device.requests[1]!.frameId).toBe((device.requests[0]!.frameId as number) + 1);
    await adapter.apply(adapter.levels()[0]!);
    expect(device.requests[2]!.params).toEqual({ id: 1, on: false });
    expect(device.output(1)).toBe(false);
  });

  it('reports metered power, and running only above the standby power', async () => {
    const device = await start({ loadW: 1180, initialOn: true });
    const adapter = adapterFor(device);
    expect(await adapter.status()).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'on',
      powerW: 1180,
      ths: 40,
    });
    device.setLoadW(9); // relay on, miner idle (its own switch off, or the PSU in standby)
    const idle = await adapter.status();
    expect(idle).toMatchObject({ running: false, levelId: 'on', powerW: 9 });
    expect(idle.ths).toBeUndefined();
    const custom = adapterFor(device, { standbyW: 5 });
    expect((await custom.status()).running).toBe(true);
    device.setOutput(false);
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 0 });
  });

  it('treats an unmetered relay as running whenever it is on', async () => {
    const device = await start({ metered: false, initialOn: true });
    const status = await adapterFor(device).status();
    expect(status).toMatchObject({ running: true, levelId: 'on' });
    expect(status.powerW).toBeUndefined();
  });

  it('reports a relay that does not move as not accepted', async () => {
    const device = await start();
    device.setStuck(true);
    const adapter = adapterFor(device);
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: false, detail: 'relay still off' });
  });

  it('answers the digest challenge once and reuses the nonce (firmware 2.0+)', async () => {
    const device = await start({ password: 'hunter2' });
    const adapter = adapterFor(device, { password: 'hunter2' });
    for (let i = 0; i < 5; i++) await adapter.status();
    expect(device.requests).toHaveLength(6);
    expect(device.requests[0]).toMatchObject({ sentAuth: false, authorized: false });
    expect(device.requests.slice(1).every((r) => r.authorized)).toBe(true);
  });

  it('answers a fresh challenge per request when the firmware does not allow nonce reuse', async () => {
    const device = await start({ password: 'hunter2', nonceReuse: false });
    const adapter = adapterFor(device, { password: 'hunter2' });
    for (let i = 0; i < 3; i++) expect((await adapter.status()).reachable).toBe(true);
    expect(device.requests.map((r) => r.authorized)).toEqual([false, true, false, true, false, true]);
  });

  it('fails with AUTH, not retryable and without the password, on a wrong or missing password', async () => {
    const device = await start({ password: 'hunter2' });
    const wrong = await adapterFor(device, { password: 'letmein' })
      .status()
      .catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(DeviceError);
    expect(wrong).toMatchObject({ code: 'AUTH', retryable: false });
    expect((wrong as Error).message).toMatch(/password rejected/);
    expect((wrong as Error).message).not.toMatch(/letmein|hunter2/);
    const missing = await adapterFor(device)
      .status()
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'AUTH', message: expect.stringMatching(/password-protected/) });
  });

  it('maps a device error for a wrong switch id to UNSUPPORTED', async () => {
    const device = await start();
    const error = await adapterFor(device, { switchId: 3 })
      .status()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', retryable: false });
    expect((error as Error).message).toMatch(/-105.*value 3 not found/);
  });

  it('describes the device from Shelly.GetDeviceInfo', async () => {
    const device = await start({ password: 'hunter2' });
    const info = await adapterFor(device, { password: 'hunter2' }).describe!();
    expect(info).toEqual({
      family: 'shelly',
      model: 'PlusPlugS SNPL-00116EU',
      firmware: '1.4.4',
      serial: 'E86BEAEB0F80',
    });
  });

  it('sends one request at a time', async () => {
    const device = await start({ password: 'hunter2' });
    const adapter = adapterFor(device, { password: 'hunter2' });
    await Promise.all([
      adapter.status(),
      adapter.status(),
      adapter.apply(adapter.levels()[1]!),
      adapter.status(),
    ]);
    expect(device.peakInFlight()).toBe(1);
    expect(device.output()).toBe(true);
  });
});

describe('shelly miner config', () => {
  const base = { id: 'heater', type: 'shelly', host: '192.168.1.20' };
  const levels = (fields: Record<string, unknown>) => {
    const { deps } = testAdapterDeps();
    return shellyMiner.create(shellyMiner.schema.parse({ ...base, ...fields }) as never, deps).levels();
  };

  it('has off and one running level, from powerW/ths or from levels', () => {
    expect(levels({ powerW: 1200, ths: 40 })).toEqual([
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'on', powerW: 1200, ths: 40 },
    ]);
    expect(levels({ levels: [{ id: 'heat', powerW: 900, ths: 30 }] })[1]).toEqual({
      id: 'heat',
      powerW: 900,
      ths: 30,
    });
  });

  it('rejects missing, doubled or extra running levels and a companion', () => {
    const issues = (fields: Record<string, unknown>) =>
      shellyMiner.schema
        .safeParse({ ...base, ...fields })
        .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ powerW: 1200 })).toEqual(['ths: set powerW and ths (or one entry in levels)']);
    expect(issues({ powerW: 1200, ths: 40, levels: [{ id: 'a', powerW: 1, ths: 1 }] })?.[0]).toMatch(
      /either/,
    );
    const two = [
      { id: 'a', powerW: 1, ths: 1 },
      { id: 'b', powerW: 2, ths: 2 },
    ];
    expect(issues({ levels: two })?.[0]).toMatch(/one running level/);
    expect(issues({ powerW: 1, ths: 1, companion: { type: 'shelly', host: 'x' } })).toEqual([
      'companion: a shelly miner is already its own plug',
    ]);
  });
});

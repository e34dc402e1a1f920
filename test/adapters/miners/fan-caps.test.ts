import { afterEach, describe, expect, it } from 'vitest';
import { bitaxeMiner } from '../../../adapters/miners/bitaxe/bitaxe.js';
import { braiinsMiner } from '../../../adapters/miners/braiins/braiins.js';
import { luxosMiner } from '../../../adapters/miners/luxos/luxos.js';
import { withCompanion } from '../../../adapters/plugs/companion.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { type BitaxeEmulator, startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { type BraiinsEmulator, startBraiinsEmulator } from '../../emulators/braiins.js';
import { type LuxosEmulator, startLuxosEmulator } from '../../emulators/luxos.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

// Bitaxe: bitaxeorg/ESP-Miner main/http_server/openapi.yaml (`Settings`: autofanspeed 0/1, fanspeed 0–100).
// LuxOS: docs.luxor88.com/firmware/api/luxminer/fanset (max_speed, -1 = default, at least 50).
// Braiins OS: vendor OpenAPI 26.04 (asic-rs meta/braiins/26.04/openapi.json): PUT /api/v1/cooling/mode.
describe('fan caps on miners whose API exposes fan control (issue 19)', () => {
  let bitaxe: BitaxeEmulator | undefined;
  let braiins: BraiinsEmulator | undefined;
  let luxos: LuxosEmulator | undefined;
  let adapter: MinerAdapter | undefined;
  afterEach(async () => {
    await adapter?.close();
    await luxos?.close();
    luxos = undefined;
    await bitaxe?.close();
    await braiins?.close();
    [adapter, bitaxe, braiins] = [undefined, undefined, undefined];
  });

  const makeBitaxe = (port: number) => {
    const { deps } = testAdapterDeps();
    const config = bitaxeMiner.schema.parse({
      id: 'gamma',
      type: 'bitaxe',
      host: `127.0.0.1:${port}`,
      timeoutMs: 2000,
    });
    return bitaxeMiner.create(config as never, deps);
  };
  const makeBraiins = (port: number) => {
    const { deps } = testAdapterDeps();
    const config = braiinsMiner.schema.parse({
      id: 's19',
      type: 'braiins',
      host: `127.0.0.1:${port}`,
      password: 'secret',
      timeoutMs: 2000,
    });
    return braiinsMiner.create(config as never, deps);
  };

  it('Bitaxe: a cap is a manual fan speed, read back; a device that ignores it is an error', async () => {
    bitaxe = await startBitaxeEmulator(); // v2.15.0: the manual speed is `manualFanSpeed`
    adapter = makeBitaxe(bitaxe.port);
    await adapter.setFanCapPercent!(35);
    expect(bitaxe.state).toMatchObject({ autofanspeed: 0, fanspeed: 35 });
    await adapter.setFanCapPercent!(undefined);
    expect(bitaxe.state.autofanspeed).toBe(1);
    bitaxe.ignorePatch = true;
    await expect(adapter.setFanCapPercent!(35)).rejects.toThrow(/AxeOS fan still at autofanspeed 1/);
  });

  it('Bitaxe before v2.11.0 takes the manual speed as `fanspeed`', async () => {
    // ESP-Miner main/nvs_config.c: "manualFanSpeed" replaced "fanspeed" in v2.11.0 (the NVS key migrates).
    bitaxe = await startBitaxeEmulator({ version: 'v2.10.2' });
    adapter = makeBitaxe(bitaxe.port);
    await adapter.setFanCapPercent!(40);
    expect(bitaxe.state).toMatchObject({ autofanspeed: 0, fanspeed: 40 });
    await adapter.setFanCapPercent!(undefined);
    expect(bitaxe.state.autofanspeed).toBe(1);
  });

  it('Braiins OS: refuses to switch a miner out of immersion cooling; a cap at or below the minimum is refused by the device', async () => {
    braiins = await startBraiinsEmulator();
    adapter = makeBraiins(braiins.port);
    await expect(adapter.setFanCapPercent!(10)).rejects.toThrow(
      /max_fan_speed must be greater than min_fan_speed/,
    );
    expect(braiins.fans.cooling).toEqual({ auto: { max_fan_speed: 100, min_fan_speed: 20 } });
    braiins.fans.cooling = { immersion: {} };
    await expect(adapter.setFanCapPercent!(40)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(braiins.fans.cooling).toEqual({ immersion: {} });
    expect(
      braiins.requests.filter((r) => r.method === 'PUT' && r.path === '/api/v1/cooling/mode'),
    ).toHaveLength(1);
  });

  it('Braiins OS: the cap PUTs the whole automatic mode, so the target temperatures the user set stay', async () => {
    braiins = await startBraiinsEmulator();
    adapter = makeBraiins(braiins.port);
    // CoolingAutoMode (vendor OpenAPI 26.04): target/hot/dangerous temperatures beside the fan limits.
    const auto = {
      target_temperature: { degree_c: 65 },
      hot_temperature: { degree_c: 80 },
      dangerous_temperature: { degree_c: 90 },
      max_fan_speed: 100,
      min_fan_speed: 20,
    };
    braiins.fans.cooling = { auto };
    await adapter.setFanCapPercent!(45);
    const put = braiins.requests.filter((r) => r.method === 'PUT' && r.path === '/api/v1/cooling/mode');
    expect(put.map((r) => r.json)).toEqual([{ auto: { ...auto, max_fan_speed: 45 } }]);
  });

  it('LuxOS: fanset max_speed in a session of its own, default back with -1; below 50 % refused', async () => {
    luxos = await startLuxosEmulator();
    const { deps } = testAdapterDeps();
    const config = luxosMiner.schema.parse({
      id: 's19',
      type: 'luxos',
      host: '127.0.0.1',
      port: luxos.port,
      timeoutMs: 2000,
      levels: [{ id: 'p290', profile: '290MHz', powerW: 3050, ths: 104 }],
    });
    adapter = luxosMiner.create(config as never, deps);
    await adapter.setFanCapPercent!(60);
    expect(luxos.fans.maxSpeed).toBe(60);
    await adapter.setFanCapPercent!(undefined);
    expect(luxos.fans.maxSpeed).toBe(100);
    await expect(adapter.setFanCapPercent!(40)).rejects.toThrow(/at 50 % at the lowest/);
    expect(luxos.writes().filter((w) => w.startsWith('fanset'))).toEqual([
      'fanset <sid>,max_speed=60',
      'fanset <sid>,max_speed=-1',
    ]);
    expect(luxos.state.session).toBeUndefined(); // logged off after each write
  });

  it('a companion plug passes the fan cap through to its miner', async () => {
    bitaxe = await startBitaxeEmulator();
    const { deps } = testAdapterDeps();
    const plug = {
      label: 'plug',
      read: async () => ({ on: true }),
      set: async () => undefined,
      close: async () => undefined,
    };
    adapter = withCompanion(
      makeBitaxe(bitaxe.port),
      plug,
      { hardOffDelaySeconds: 60, bootSeconds: 180 },
      deps,
    );
    await adapter.setFanCapPercent!(50);
    expect(bitaxe.state).toMatchObject({ autofanspeed: 0, fanspeed: 50 });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { xmrigMiner } from '../../../adapters/miners/xmrig/xmrig.js';
import { DeviceError } from '../../../src/errors.js';
import type { Clock } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { startXmrigEmulator, type XmrigEmulator, type XmrigEmulatorOptions } from '../../emulators/xmrig.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

const TIMEOUT_MS = 300;
const OFF = { id: 'off', powerW: 0, ths: 0 };
const ON = { id: 'on', powerW: 95, ths: 15_200e-12 };
const WRITABLE: XmrigEmulatorOptions = { accessToken: 'tok-123', restricted: false };

function makeAdapter(port: number, extra: Record<string, unknown> = {}, clock?: Clock) {
  const { deps, log } = testAdapterDeps(clock ? { clock } : {});
  const config = xmrigMiner.schema.parse({
    id: 'den-pc',
    type: 'xmrig',
    host: `127.0.0.1:${port}`,
    powerW: 95,
    hashrateHs: 15_200,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: xmrigMiner.create(config as never, deps), log };
}

runMinerContract({
  family: 'xmrig',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startXmrigEmulator(WRITABLE);
    const { adapter } = makeAdapter(emulator.port, { accessToken: 'tok-123' });
    return { adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('xmrig adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(
    options: XmrigEmulatorOptions = {},
    extra: Record<string, unknown> = {},
    clock?: Clock,
  ) {
    const emulator = await startXmrigEmulator(options);
    const made = makeAdapter(emulator.port, extra, clock);
    open.push(made.adapter, emulator);
    return { emulator, ...made };
  }
  const writes = (emulator: XmrigEmulator) => emulator.requests.filter((r) => r.method !== 'GET');

  it('pauses and resumes through JSON-RPC with the bearer token and a JSON content type', async () => {
    const { adapter, emulator } = await start(WRITABLE, { accessToken: 'tok-123' });
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(emulator.state.paused).toBe(true);
    expect(await adapter.apply(ON)).toEqual({ accepted: true });
    expect(emulator.state.paused).toBe(false);
    expect(writes(emulator).map((r) => `${r.method} ${r.path} ${r.body}`)).toEqual([
      'POST /json_rpc {"method":"pause","id":1}',
      'POST /json_rpc {"method":"resume","id":1}',
    ]);
    for (const r of emulator.requests) expect(r.headers.authorization).toBe('Bearer tok-123');
    for (const r of writes(emulator)) expect(r.headers['content-type']).toBe('application/json');
    expect(emulator.requests.map((r) => r.status)).not.toContain(403);
  });

  it('reads status without power, hashrate in TH/s once XMRig has a 10 s window', async () => {
    const clock = new FakeClock();
    const { adapter } = await start({ now: () => clock.now() }, {}, clock);
    expect(adapter.capabilities).toEqual({ softStop: true, throttle: false, reportsPower: false });
    expect(adapter.levels()).toEqual([OFF, ON]);
    let status = await adapter.status();
    expect(status).toMatchObject({ reachable: true, running: true, levelId: 'on', uptimeS: 0 });
    expect(status.ths).toBeUndefined(); // hashrate.total is [null, null, null] at first
    expect(status.powerW).toBeUndefined();
    await clock.advance(12_000);
    status = await adapter.status();
    expect(status.ths).toBeCloseTo(1.52e-8, 20);
    expect(status.uptimeS).toBe(12);
  });

  it('explains restricted mode: writes are refused with 403 and nothing changes', async () => {
    for (const options of [{}, { accessToken: 'tok-123', restricted: true }]) {
      const token = options.accessToken ? { accessToken: options.accessToken } : {};
      const { adapter, emulator } = await start(options, token);
      expect((await adapter.status()).running).toBe(true);
      const error = await adapter.apply(OFF).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeviceError);
      expect(error).toMatchObject({ code: 'AUTH', retryable: false });
      expect((error as Error).message).toMatch(/"restricted": false.*"access-token"/);
      expect(writes(emulator).map((r) => r.status)).toEqual([403]);
      expect(emulator.state.paused).toBe(false);
    }
  });

  it('applies the token rules: missing, unexpected and wrong tokens are AUTH errors', async () => {
    const missing = await start(WRITABLE);
    await expect(missing.adapter.status()).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringMatching(/requires an access token/),
    });
    const unexpected = await start({}, { accessToken: 'tok-123' });
    await expect(unexpected.adapter.status()).rejects.toMatchObject({
      message: expect.stringMatching(/has no access-token set/),
    });
    const wrong = await start(WRITABLE, { accessToken: 'nope' });
    await expect(wrong.adapter.status()).rejects.toMatchObject({
      code: 'AUTH',
      message: expect.stringMatching(/rejected the access token/),
    });
    expect(wrong.emulator.requests[0]!.status).toBe(403);
  });

  it('reports a read-back mismatch as accepted: false and refuses unknown levels', async () => {
    const { adapter, emulator } = await start(WRITABLE, { accessToken: 'tok-123' });
    emulator.ignoreCommands = true;
    expect(await adapter.apply(OFF)).toEqual({ accepted: false, detail: 'still mining after pause' });
    expect(await adapter.apply({ id: 'half', powerW: 50, ths: 0 })).toEqual({
      accepted: false,
      detail: 'XMRig has no level half (only on and off)',
    });
  });

  it('validates its config: host:port required, no levels, coin xmr', () => {
    const base = { id: 'x', type: 'xmrig', powerW: 90, hashrateHs: 9000 };
    const noPort = xmrigMiner.schema.safeParse({ ...base, host: 'pc.local' });
    expect(noPort.success).toBe(false);
    expect(JSON.stringify(noPort.error?.issues)).toMatch(/no default HTTP port/);
    const withLevels = xmrigMiner.schema.safeParse({ ...base, host: 'pc.local:18088', levels: [ON] });
    expect(JSON.stringify(withLevels.error?.issues)).toMatch(/set powerW and hashrateHs instead of levels/);
    expect(xmrigMiner.schema.parse({ ...base, host: 'pc.local:18088' }).coin).toBe('xmr');
    expect(xmrigMiner.schema.safeParse({ ...base, host: 'pc.local:18088', coin: 'btc' }).success).toBe(false);
  });

  it('probes xmrig:// URLs with the token in the password, and rejects other devices', async () => {
    const clock = new FakeClock();
    const { emulator } = await start({ ...WRITABLE, now: () => clock.now() }, {}, clock);
    await clock.advance(61_000);
    const { deps } = testAdapterDeps();
    const probe = await xmrigMiner.probe!(new URL(`xmrig://:tok-123@127.0.0.1:${emulator.port}`), deps);
    expect(probe.info).toEqual({
      family: 'xmrig',
      model: 'AMD Ryzen 7 5800X 8-Core Processor',
      firmware: '6.22.2',
      serial: '6f3f2a1c8d0b4e57',
    });
    expect(probe.levels).toEqual([OFF, { id: 'on', powerW: 0, ths: 15_200e-12 }]);
    const bitaxe = await startBitaxeEmulator();
    open.push(bitaxe);
    const other = await xmrigMiner.probe!(new URL(`http://127.0.0.1:${bitaxe.port}`), deps).catch((e) => e);
    expect(other).toMatchObject({ code: 'UNSUPPORTED' });
  });
});

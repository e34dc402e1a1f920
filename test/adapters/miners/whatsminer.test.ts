import { afterEach, describe, expect, it } from 'vitest';
import { whatsminerMiner } from '../../../adapters/miners/whatsminer/whatsminer.js';
import { createWhatsminerV3Api } from '../../../adapters/miners/whatsminer/whatsminer-v3.js';
import { frame } from '../../../adapters/miners/whatsminer/whatsminer-v3-client.js';
import { DeviceError } from '../../../src/errors.js';
import type { Clock, MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { startTcpEmulator } from '../../emulators/tcp-emulator.js';
import {
  startWhatsminerEmulator,
  type WhatsminerEmulator,
  type WhatsminerEmulatorOptions,
} from '../../emulators/whatsminer.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

const TIMEOUT_MS = 300;

/** Runs `promise` to its end while moving the fake clock in steps (real socket I/O happens between them). */
async function driven<T>(clock: FakeClock, promise: Promise<T>, stepMs = 250): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  while (!done) {
    await clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return watched;
}
const LEVELS = [
  { id: 'eco', powerW: 2400, ths: 80, powerLimitW: 2500 },
  { id: 'full', powerW: 3300, ths: 110, powerLimitW: 3400 },
];

function makeAdapter(emu: WhatsminerEmulator, extra: Record<string, unknown> = {}, clock?: Clock) {
  const { deps, log } = testAdapterDeps(clock ? { clock } : {});
  const config = whatsminerMiner.schema.parse({
    id: 'm50',
    type: 'whatsminer',
    host: '127.0.0.1',
    v2Port: emu.v2Port,
    v3Port: emu.v3Port,
    api: 'v3',
    password: 'miner-secret',
    levels: LEVELS,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: whatsminerMiner.create(config as never, deps), log };
}

for (const api of ['v3', 'v2'] as const) {
  runMinerContract({
    family: `whatsminer (API ${api})`,
    faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
    async setup() {
      const emulator = await startWhatsminerEmulator({ firmware: api, slowMs: 1500 });
      const { adapter } = makeAdapter(emulator, { api });
      return { adapter, emulator, timeoutMs: TIMEOUT_MS };
    },
  });
}

describe('whatsminer adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(
    options: WhatsminerEmulatorOptions = {},
    extra: Record<string, unknown> = {},
    clock?: Clock,
  ) {
    const emu = await startWhatsminerEmulator({ ...(clock ? { now: () => clock.now() } : {}), ...options });
    const made = makeAdapter(emu, extra, clock);
    open.push(made.adapter, emu);
    return { emu, ...made };
  }
  const writes = (emu: WhatsminerEmulator) => emu.requests.filter((r) => / set\.| power_| adjust_/.test(r));
  const off = { id: 'off', powerW: 0, ths: 0 };

  it('v3: signs each write, sends the power limit and the service stop/start, reads the state back', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({
      running: true,
      levelId: 'eco',
      powerW: 2425,
      ths: 83.33,
    });
    expect(await adapter.apply(off)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 14, ths: 0 });
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true });
    expect(writes(emu)).toEqual([
      'v3 set.miner.power_limit 2500',
      'v3 set.miner.service stop',
      'v3 set.miner.power_limit 3400',
    ]);
    // The salt is fetched once; every write carried a token the emulator recomputed and accepted.
    expect(emu.requests.filter((r) => r === 'v3 get.device.info salt')).toHaveLength(1);
    expect(emu.state).toMatchObject({ mining: true, powerLimitW: 3400 });
  });

  it('v3: starts a stopped miner whose limit is already right without touching the limit', async () => {
    const { adapter, emu } = await start({ powerLimitW: 2500 });
    emu.state.mining = false;
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(writes(emu)).toEqual(['v3 set.miner.service start']);
  });

  it('answers "rebooting" while a power-limit change restarts the miner, and confirms it on a later call', async () => {
    const clock = new FakeClock();
    const { adapter, emu } = await start({ rebootMs: 90_000 }, {}, clock);
    const result = await driven(clock, adapter.apply(LEVELS[0]!));
    expect(result.accepted).toBe(false);
    expect(result.detail).toMatch(/^rebooting to apply the 2500 W power limit \(sent \d+ s ago\)$/);
    const status = await adapter.status().catch((e: unknown) => e);
    expect(status).toBeInstanceOf(DeviceError);
    expect((status as DeviceError).code).toBe('UNREACHABLE');
    expect((status as Error).message).toMatch(/rebooting to apply the 2500 W power limit/);
    // The supervisor retries: no second limit is sent while the restart is under way.
    await clock.advance(30_000);
    expect(await driven(clock, adapter.apply(LEVELS[0]!))).toMatchObject({
      accepted: false,
      detail: expect.stringMatching(/rebooting/),
    });
    await clock.advance(60_000);
    expect(await driven(clock, adapter.apply(LEVELS[0]!))).toEqual({
      accepted: true,
      detail: 'already at eco',
    });
    expect(await adapter.status()).toMatchObject({ reachable: true, running: true, levelId: 'eco' });
    expect(writes(emu)).toEqual(['v3 set.miner.power_limit 2500']);
  });

  it('sends the limit again when the miner never came back at it', async () => {
    const clock = new FakeClock();
    const { adapter, emu } = await start({ rebootMs: 20_000 }, { rebootTimeoutSeconds: 60 }, clock);
    expect((await driven(clock, adapter.apply(LEVELS[0]!))).accepted).toBe(false);
    emu.state.powerLimitW = 3300; // the firmware dropped the change while restarting
    await clock.advance(70_000);
    expect((await driven(clock, adapter.apply(LEVELS[0]!))).accepted).toBe(false);
    expect(writes(emu)).toEqual(['v3 set.miner.power_limit 2500', 'v3 set.miner.power_limit 2500']);
  });

  it('v3: writes switched off on the miner → AUTH telling the user how to enable them', async () => {
    const { adapter, emu } = await start({ writesEnabled: false });
    const error = await adapter.apply(LEVELS[0]!).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(/WhatsMinerTool.*API switch/);
    expect(emu.state.powerLimitW).toBe(3300);
  });

  it('v3: a wrong password → AUTH after one fresh salt, nothing changed', async () => {
    const { adapter, emu } = await start({}, { password: 'wrong' });
    const error = await adapter.apply(off).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH' });
    expect((error as Error).message).toMatch(/write refused for account "super"/);
    expect(emu.requests.filter((r) => r === 'v3 get.device.info salt')).toHaveLength(2);
    expect(emu.state.mining).toBe(true);
  });

  it('refuses a limit above the miner range as a non-retryable REFUSED', async () => {
    const { adapter } = await start(
      {},
      { levels: [{ id: 'turbo', powerW: 5000, ths: 150, powerLimitW: 5000 }] },
    );
    const error = await adapter.apply({ id: 'turbo', powerW: 5000, ths: 150 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REFUSED', retryable: false });
    expect((error as Error).message).toMatch(/out of range \(max 3600\)/);
  });

  it('v2: md5-crypt token, AES envelope, power_off/power_on/adjust_power_limit; one token for many writes', async () => {
    const { adapter, emu } = await start({ firmware: 'v2' }, { api: 'v2' });
    expect(await adapter.apply(off)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off' });
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'eco', powerW: 2425 });
    expect(writes(emu)).toEqual([
      'v2 power_off {"respbefore":"true"}',
      'v2 adjust_power_limit {"power_limit":"2500"}',
    ]);
    expect(emu.requests.filter((r) => r === 'v2 get_token')).toHaveLength(1);
    emu.state.mining = false;
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(writes(emu).at(-1)).toBe('v2 power_on');
  });

  it('v2: a power_off that drops the connection before answering still counts once read back', async () => {
    const { adapter, emu } = await start({ firmware: 'v2', closeOnPowerOff: true }, { api: 'v2' });
    expect(await adapter.apply(off)).toEqual({ accepted: true });
    expect(emu.state.mining).toBe(false);
  });

  it('v2: write API off → AUTH naming the fix; wrong password → AUTH naming the password', async () => {
    const disabled = await start({ firmware: 'v2', writesEnabled: false }, { api: 'v2' });
    const error = await disabled.adapter.apply(off).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(/can't access write cmd \(code 45\).*API switch/);
    const wrong = await start({ firmware: 'v2' }, { api: 'v2', password: 'nope' });
    const refused = await wrong.adapter.apply(off).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'AUTH' });
    expect((refused as Error).message).toMatch(/wrong admin password\? check token error \(code 135\)/);
    expect(wrong.emu.requests.filter((r) => r === 'v2 get_token')).toHaveLength(2);
  });

  it('detects the API from the firmware date (api: auto) and says so once', async () => {
    for (const firmware of ['v3', 'v2'] as const) {
      const { adapter, log } = await start({ firmware }, { api: 'auto' });
      expect((await adapter.status()).reachable).toBe(true);
      await adapter.status();
      const detected = log.entries.filter((e) => e.msg === 'Whatsminer API detected');
      expect(detected.map((e) => e.api)).toEqual([firmware]);
      expect((await adapter.describe!()).firmware).toMatch(new RegExp(`API ${firmware}\\)?$`));
    }
  });

  it('probes whatsminer:// (v2 port in the URL, v3 port as a parameter) and a bare host', async () => {
    const { emu } = await start();
    const { deps } = testAdapterDeps();
    const url = new URL(`whatsminer://127.0.0.1:${emu.v2Port}?v3Port=${emu.v3Port}&timeoutMs=300`);
    const probe = await whatsminerMiner.probe!(url, deps);
    expect(probe.info).toEqual({
      family: 'whatsminer',
      model: 'Whatsminer M50S_VH20',
      firmware: '20250321.22.REL (API v3)',
      serial: 'HTM50SVH20250321A0042',
    });
    expect(probe.status).toMatchObject({ running: true, levelId: 'w3300', powerW: 3201 });
    expect(probe.levels).toEqual([
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'w3300', powerW: 3300, ths: 110, powerLimitW: 3300 },
    ]);
    const v2 = await start({ firmware: 'v2' });
    const old = await whatsminerMiner.probe!(
      new URL(`http://127.0.0.1:${v2.emu.v2Port}?v3Port=${v2.emu.v3Port}`),
      deps,
    );
    expect(old.info).toMatchObject({ model: 'Whatsminer M50S', firmware: '20230911.12.REL (API v2)' });
  });

  it('closes cleanly and never leaves an unhandled rejection when the miner is gone', async () => {
    const { adapter, emu } = await start();
    await emu.close();
    await expect(adapter.status()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    await expect((adapter as MinerAdapter).apply(off)).rejects.toMatchObject({ code: 'UNREACHABLE' });
  });
});

// Issue 13 item 6, checked against the v3 API document and a real reply. `get.miner.status` with param
// `summary` carries `chip-temp-max` (°C), `power-realtime` (W), `power-limit` (W), `hash-realtime` (TH/s)
// and `elapsed` (s): asic-rs whatsminer test/json/v3/get_miner_status_summary.json (served verbatim below);
// matroskin (a client mirroring apidoc.whatsminer.com) reads Summary.chip_temp_max the same way.
// `set.miner.power_limit`: "The device will restart to apply the new setting. Range: 0-99999" (matroskin
// set_miner_power_limit.rs, from apidoc.whatsminer.com); no restart duration is published, hence the
// configurable rebootTimeoutSeconds (600 s by default).
describe('whatsminer v3 against a real summary reply', () => {
  const ASIC_RS_SUMMARY = {
    code: 0,
    desc: 'get.miner.status',
    msg: {
      summary: {
        Debug: '',
        'board-temperature': [41.1, 40.1, 41.5],
        'bootup-time': 1323,
        'chip-temp-avg': 75.5,
        'chip-temp-max': 82.0,
        'chip-temp-min': 68.0,
        elapsed: 50000,
        'environment-temperature': 28.5,
        'factory-hash': 181.051,
        'fan-speed-in': 5400,
        'fan-speed-out': 5280,
        'freq-avg': 625,
        'hash-15min': 170.5,
        'hash-1min': 171.2,
        'hash-average': 170.8,
        'hash-realtime': 171.259,
        'power-5min': 3100.0,
        'power-limit': 3600,
        'power-rate': 17.6,
        'power-realtime': 3156.0,
        'up-freq-finish': 1,
      },
    },
    when: 1773869570,
  };

  it('reads chip-temp-max, power-realtime, power-limit, hash-realtime and elapsed from it', async () => {
    const device = await startTcpEmulator({
      takeRequest(buffer) {
        if (buffer.length < 4 || buffer.length < 4 + buffer.readUInt32LE(0)) return undefined;
        const end = 4 + buffer.readUInt32LE(0);
        return { request: buffer.subarray(4, end), rest: buffer.subarray(end) };
      },
      answer(body) {
        const { cmd } = JSON.parse(body.toString('utf8')) as { cmd: string };
        const info = { code: 0, desc: cmd, when: 1773869570, msg: { miner: { working: 'true' } } };
        return { bytes: frame(JSON.stringify(cmd === 'get.miner.status' ? ASIC_RS_SUMMARY : info)) };
      },
    });
    try {
      const api = createWhatsminerV3Api({
        host: '127.0.0.1',
        port: device.port,
        timeoutMs: TIMEOUT_MS,
        account: 'super',
        password: 'super',
        clock: new FakeClock(),
      });
      expect(await api.read()).toEqual({
        running: true,
        powerW: 3156,
        powerLimitW: 3600,
        ths: 171.259,
        chipTempC: 82,
        uptimeS: 50000,
      });
    } finally {
      await device.close();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { avalonMiner } from '../../../adapters/miners/avalon/avalon.js';
import { readEstats } from '../../../adapters/miners/avalon/avalon-estats.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { Clock, MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import {
  type AvalonEmulator,
  type AvalonEmulatorOptions,
  startAvalonEmulator,
} from '../../emulators/avalon.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

const TIMEOUT_MS = 300;

function adapterFor(emu: AvalonEmulator, extra: Record<string, unknown> = {}, clock?: Clock) {
  const config = avalonMiner.schema.parse({
    id: 'nano',
    type: 'avalon',
    host: '127.0.0.1',
    port: emu.port,
    timeoutMs: TIMEOUT_MS,
    softSwitchLeadS: 0,
    settleMs: 300,
    ...extra,
  });
  // Without a test's own clock, read-back waits for the device in real time, as the emulator answers.
  const { deps, log } = testAdapterDeps({ clock: clock ?? systemClock });
  return { adapter: avalonMiner.create(config as never, deps), log };
}

runMinerContract({
  family: 'avalon',
  faults: ['no-answer', 'slow', 'garbage', 'reset'],
  async setup() {
    const emulator = await startAvalonEmulator({ softOff: true });
    return { adapter: adapterFor(emulator).adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

// Real replies quoted in reference/miners.md §2.2 (Avalon Q litestats from asic-rs, trimmed; Nano 3S and
// A1566 PS samples from a community driver and a pyasic fixture).
const Q_LITESTATS =
  "'STATS':{Ver[Q-25052801_14a19a2] SYSTEMSTATU[Work: In Idle, Hash Board: 1] Elapsed[37977] ITemp[26] " +
  'HBITemp[27] HBOTemp[27] TMax[0] TAvg[0] TarT[65] Fan1[0] FanR[0%] SoftOffTime[1753425250] ' +
  'SoftOnTime[1753425190] PS[0 1221 4 0 0 2245 146] GHSspd[0.00] SoftOFF[4] WORKMODE[0] WORKLEVEL[0] MPO[800]}';

describe('Avalon estats parsing', () => {
  it('reads the real Avalon Q soft-off sample', () => {
    const e = readEstats([{ 'MM ID0:Summary': Q_LITESTATS }], 'q');
    expect(e).toMatchObject({
      state: 'idle',
      running: false,
      softOffReason: 4,
      powerW: 146,
      ths: 0,
      uptimeS: 37977,
      workmode: 0,
      worklevel: 0,
      maxPowerW: 800,
      softOffAtS: 1753425250,
      softOnAtS: 1753425190,
    });
    expect(e.chipTempC).toBeUndefined(); // TMax[0]: chips not measured while idle
  });

  it('reads power from PS[6] (Nano 3S) and WALLPOWER (A1566)', () => {
    const nano =
      'SYSTEMSTATU[Work: In Work, Hash Board: 1] PS[0 0 27458 4 0 3990 130] GHSspd[6012.34] TMax[84] WORKMODE[2]';
    expect(readEstats([{ 'MM ID0': nano }], 'n')).toMatchObject({
      running: true,
      powerW: 130,
      chipTempC: 84,
      workmode: 2,
    });
    expect(readEstats([{ 'MM ID0': nano }], 'n').ths).toBeCloseTo(6.01234, 5);
    const a1566 = 'PS[0 1209 1187 297 3526 1188 3731] WALLPOWER[3731] MPO[3515]';
    expect(readEstats([{ 'MM ID0': a1566 }], 'a')).toMatchObject({ powerW: 3731, maxPowerW: 3515 });
  });

  // Issue 13 item 2, checked: PS[6] is wall power (Canaan driver-avalon.c sets `wallpower = power_info[6]`),
  // PS[4] the hash board's output. A hashing Avalon Q (asic-rs avalonminer test/json/litestats_parsed.json)
  // reports PS[0 1221 2421 66 1598 2422 1670]: asic-rs takes PS[4] = 1598 W, but what the meter pays is the
  // wall figure, 1670 W (nameplate 1674 W). asic-rs falls back to PS[5] when PS[4] is 0, which would read the
  // idle Q fixture PS[0 1221 4 0 0 2245 146] as 2245 W: PS[5] is Vset, never watts.
  it('reads wall power PS[6] on the Q, board power PS[4] only in the six-field A10 form, never PS[5]', () => {
    const hashing =
      'SYSTEMSTATU[Work: In Work, Hash Board: 1] PS[0 1221 2421 66 1598 2422 1670] GHSspd[96785.71]';
    expect(readEstats([{ 'MM ID0:Summary': hashing }], 'q').powerW).toBe(1670);
    const idle = 'SYSTEMSTATU[Work: In Idle, Hash Board: 1] PS[0 1221 4 0 0 2245 146] SoftOFF[4]';
    expect(readEstats([{ 'MM ID0:Summary': idle }], 'q').powerW).toBe(146);
    // A10 API manual: PS[err Vctrl Vhash A W Vset] (W = hash-board power).
    expect(readEstats([{ 'MM ID0': 'PS[0 1213 1256 248 3120 1250]' }], 'a10').powerW).toBe(3120);
  });

  it('rejects STATS without an MM ID string as BAD_RESPONSE', () => {
    expect(() => readEstats([{ STATS: 0, ID: 'POOL0' }], 'x')).toThrow(/no "MM ID"/);
  });
});

describe('Avalon adapter', () => {
  let emu: AvalonEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  const start = async (options: AvalonEmulatorOptions = {}) => {
    emu = await startAvalonEmulator(options);
    return emu;
  };
  const level = (adapter: MinerAdapter, id: string) => adapter.levels().find((l) => l.id === id)!;

  it('reports power, hashrate, chip temperature and the level of the current work mode', async () => {
    const { adapter } = adapterFor(await start({ startMode: 1, infInStats: true }));
    const status = await adapter.status();
    expect(status).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'standard',
      powerW: 110,
      chipTempC: 76,
    });
    expect(status.ths).toBeCloseTo(5.01225, 5);
    expect(adapter.levels().map((l) => `${l.id}:${l.powerW}`)).toEqual([
      'off:0',
      'eco:80',
      'standard:110',
      'super:140',
    ]);
  });

  it('sends exactly ascset|0,workmode,set,N for each level, in JSON and in text form', async () => {
    const json = await start();
    const a = adapterFor(json).adapter;
    expect((await a.apply(level(a, 'standard'))).accepted).toBe(true);
    expect(json.requests).toEqual([
      '{"command":"estats"}',
      '{"command":"ascset","parameter":"0,workmode,set,1"}',
      '{"command":"estats"}',
    ]);
    await json.close();
    const text = await start();
    const t = adapterFor(text, { apiForm: 'text' }).adapter;
    expect((await t.apply(level(t, 'eco'))).accepted).toBe(true);
    expect(text.requests).toEqual(['estats', 'ascset|0,workmode,set,0', 'estats']);
    expect(text.state.workmode).toBe(0);
  });

  // The text form carries MM ID0 raw, comma inside SYSTEMSTATU included (cgminer api.c print_data only
  // escapes API_ESCAPE values; Canaan driver-avalon.c adds MM ID0 with api_add_string). Issue 13 item 1.
  it('reads a hashing Nano 3S in the text form although SYSTEMSTATU carries a raw comma', async () => {
    const miner = await start({ startMode: 1 });
    const { adapter } = adapterFor(miner, { apiForm: 'text' });
    expect(await adapter.status()).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'standard',
      powerW: 110,
    });
    // The first status also asks once whether the firmware has soft off (issue 12).
    expect(miner.requests).toEqual(['ascset|0,help', 'estats']);
  });

  it('without softoff in ascset help (Jan-2025 Nano 3S): off is UNSUPPORTED, help asked once', async () => {
    const miner = await start({ softOff: false });
    const { adapter } = adapterFor(miner);
    for (let i = 0; i < 2; i++) {
      await expect(adapter.apply(level(adapter, 'off'))).rejects.toMatchObject({
        code: 'UNSUPPORTED',
        message: expect.stringContaining('smart plug'),
      });
    }
    expect(miner.requests.filter((r) => r.includes('0,help'))).toHaveLength(1);
    expect(miner.requests.some((r) => r.includes('softoff'))).toBe(false);
    expect(adapter.capabilities.softStop).toBe(false);
  });

  it('schedules soft off against the device clock and confirms it once the device goes idle', async () => {
    // A device without NTP: its clock is far from ours; the command must use the device's.
    const skewMs = -1_000_000_000;
    const miner = await start({ softOff: true, now: () => Date.now() + skewMs });
    const { adapter } = adapterFor(miner, { softSwitchLeadS: 1, settleMs: 2500, timeoutMs: 2000 });
    const result = await adapter.apply(level(adapter, 'off'));
    expect(result).toEqual({ accepted: true });
    const sent = miner.requests.find((r) => r.includes('softoff'))!;
    const atS = Number(/1:(\d+)/.exec(sent)?.[1]);
    const deviceNowS = Math.floor((Date.now() + skewMs) / 1000);
    expect(deviceNowS - atS).toBeGreaterThanOrEqual(-1);
    expect(deviceNowS - atS).toBeLessThanOrEqual(2);
    expect(miner.state.work).toBe('In Idle');
    expect(adapter.capabilities.softStop).toBe(true);
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 5 });
  });

  it('accepts the A1466 variants: softoff "set OK", softon closing without a reply', async () => {
    const miner = await start({ softOff: true, softOffReply: 'ok', softOnSilent: true });
    const { adapter } = adapterFor(miner);
    expect(await adapter.apply(level(adapter, 'off'))).toEqual({ accepted: true });
    expect(await adapter.apply(level(adapter, 'eco'))).toEqual({ accepted: true });
    expect(miner.state).toMatchObject({ work: 'In Work', workmode: 0 });
    const writes = miner.requests.filter((r) => r.includes('ascset') && !r.includes('help'));
    expect(writes.map((w) => JSON.parse(w).parameter.replace(/:\d+$/, ':T'))).toEqual([
      '0,softoff,1:T',
      '0,softon,1:T',
      '0,workmode,set,0',
    ]);
  });

  it('a calibration refusal is reported, held back without touching the device, then retried', async () => {
    const clock = new FakeClock();
    const miner = await start({ calibrationMs: 60_000, now: () => clock.now() });
    const { adapter } = adapterFor(miner, { calibrationRetryS: 120 }, clock);
    expect(await adapter.apply(level(adapter, 'standard'))).toEqual({ accepted: true });
    const refused = await adapter.apply(level(adapter, 'eco'));
    expect(refused.accepted).toBe(false);
    expect(refused.detail).toMatch(/is caling Don't permit switch mode.*retrying after 120 s/);
    const sentBefore = miner.requests.length;
    const held = await adapter.apply(level(adapter, 'eco'));
    expect(held).toMatchObject({ accepted: false, detail: expect.stringContaining('held back until') });
    expect(miner.requests.slice(sentBefore)).toEqual(['{"command":"estats"}']);
    await clock.advance(121_000);
    expect(await adapter.apply(level(adapter, 'eco'))).toEqual({ accepted: true });
    expect(miner.requests.filter((r) => r.includes('workmode,set'))).toHaveLength(3);
    expect(miner.state.workmode).toBe(0);
  });

  it('reports a command the device acknowledged but did not follow in time as not taken', async () => {
    const miner = await start({ modeLagMs: 5000 });
    const { adapter } = adapterFor(miner, { settleMs: 200 });
    expect(await adapter.apply(level(adapter, 'eco'))).toEqual({
      accepted: false,
      detail: 'workmode 0; after 200 ms the device is hashing in workmode 2',
    });
  });

  it('describes the device and warns once when the configured model differs', async () => {
    const { adapter, log } = adapterFor(await start(), { model: 'nano3' });
    const info = await adapter.describe?.();
    await adapter.describe?.();
    expect(info).toEqual({
      family: 'avalon',
      model: 'Avalon Nano3s',
      firmware: '25021401_56abae7 (cgminer 4.11.1)',
      serial: 'e0e1a9000b3c',
    });
    expect(log.messages().filter((m) => m === 'Avalon model differs from config')).toHaveLength(1);
  });

  // Issue 13 item 2, checked: neither pyasic nor asic-rs sends `workmode,set` to any Avalon. pyasic's
  // set_power_limit (PR #302, "avalon nano") sends `worklevel,set,<0..2>` to every Avalon; asic-rs sends
  // `worklevel,set,<watts>` (avalon_q/mod.rs, avalon_a/mod.rs). On MM319 firmware worklevel is a signed fine
  // level inside the mode and workmode selects the mode (Canaan Avalon_Nano3s driver-avalon.c
  // set_avalon_device_worklevel / _workmode); the original Nano 3 (MM318) selects low/med/high with worklevel
  // (a community Nano 3 driver's tests, the `nano` Go CLI). So: worklevel on the Nano 3, workmode elsewhere.
  it('sets the original Nano 3 with worklevel,set,N and reads its mode from WORKLEVEL', async () => {
    const miner = await start({ family: 'nano3', startMode: 2 });
    const { adapter, log } = adapterFor(miner, { model: 'nano3' });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'super', powerW: 140 });
    expect(await adapter.apply(level(adapter, 'standard'))).toEqual({ accepted: true });
    expect(miner.requests).toContain('{"command":"ascset","parameter":"0,worklevel,set,1"}');
    expect(miner.requests.some((r) => r.includes('workmode'))).toBe(false);
    expect(await adapter.status()).toMatchObject({ levelId: 'standard', powerW: 100 });
    expect(await adapter.describe?.()).toMatchObject({ model: 'Avalonnano' });
    expect(log.messages()).not.toContain('Avalon model differs from config');
  });

  it('sets the Avalon Q with workmode,set,N and reports its wall power', async () => {
    const miner = await start({ family: 'q', startMode: 0 });
    const { adapter } = adapterFor(miner, { model: 'q' });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'eco', powerW: 800 });
    expect(await adapter.apply(level(adapter, 'super'))).toEqual({ accepted: true });
    expect(miner.requests).toContain('{"command":"ascset","parameter":"0,workmode,set,2"}');
    expect(await adapter.status()).toMatchObject({ levelId: 'super', powerW: 1670 });
  });

  it('the Nano 3S refuses worklevel as a mode selector; configured levels carry their work modes', async () => {
    const miner = await start();
    const nano3 = adapterFor(miner, { model: 'nano3' }).adapter;
    // MM319 worklevel is a fine level: "worklevel unknown argument" — surfaced, never mistaken for a mode change.
    await expect(nano3.apply(level(nano3, 'standard'))).rejects.toMatchObject({
      code: 'REFUSED',
      retryable: false,
    });
    expect(miner.requests).toContain('{"command":"ascset","parameter":"0,worklevel,set,1"}');
    const custom = adapterFor(miner, {
      levels: [
        { id: 'quiet', powerW: 75, ths: 3.9, workmode: 0 },
        { id: 'warm', powerW: 135, ths: 5.9, workmode: 2 },
      ],
    }).adapter;
    expect(custom.levels().map((l) => l.id)).toEqual(['off', 'quiet', 'warm']);
    expect(await custom.apply(level(custom, 'quiet'))).toEqual({ accepted: true });
    expect(miner.state.workmode).toBe(0);
    expect(() =>
      avalonMiner.schema.parse({
        id: 'n',
        type: 'avalon',
        host: 'h',
        levels: [{ id: 'x', powerW: 1, ths: 1 }],
      }),
    ).toThrow(/workmode/);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { luxosMiner } from '../../../adapters/miners/luxos/luxos.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { type LuxosEmulatorOptions, startLuxosEmulator } from '../../emulators/luxos.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const TIMEOUT_MS = 300;
const LEVELS = [
  { id: 'low', powerW: 1850, ths: 72, profile: '190MHz' },
  { id: 'mid', powerW: 2450, ths: 88, profile: '240MHz' },
  { id: 'full', powerW: 3050, ths: 104, profile: '290MHz' },
];
const OFF = { id: 'off', powerW: 0, ths: 0 };

function makeAdapter(port: number, extra: Record<string, unknown> = {}) {
  const { deps, log } = testAdapterDeps();
  const config = luxosMiner.schema.parse({
    id: 's19-lux',
    type: 'luxos',
    host: '127.0.0.1',
    port,
    levels: LEVELS,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: luxosMiner.create(config as never, deps), log };
}

runMinerContract({
  family: 'luxos',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startLuxosEmulator({ slowMs: 1500 });
    return { adapter: makeAdapter(emulator.port).adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('luxos adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(options: LuxosEmulatorOptions = {}, extra: Record<string, unknown> = {}) {
    const emu = await startLuxosEmulator(options);
    const made = makeAdapter(emu.port, extra);
    open.push(made.adapter, emu);
    return { emu, ...made };
  }

  it('curtails and wakes up in a session of its own, released after every write', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 41, ths: 0 });
    expect(await adapter.apply(LEVELS[2]!)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'full', powerW: 3050, ths: 104 });
    expect(emu.writes()).toEqual([
      'curtail <sid>,sleep',
      'logoff <sid>',
      'curtail <sid>,wakeup',
      'logoff <sid>',
    ]);
    expect(emu.state.session).toBeUndefined();
    // The session id goes first in the parameter, as one comma-separated string.
    const curtail = emu.requests.find((r) => r.includes('"curtail"'))!;
    expect(JSON.parse(curtail).parameter).toMatch(/^[0-9a-f]{12},sleep$/);
  });

  it('sets a level by profileset, reading the profile back', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(emu.state.profile).toBe('190MHz');
    expect(emu.writes()).toEqual(['profileset <sid>,190MHz', 'logoff <sid>']);
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true, detail: 'already at low' });
    expect(emu.writes()).toHaveLength(2);
  });

  it('wakes a sleeping miner and changes its profile in one session', async () => {
    const { adapter, emu } = await start();
    emu.state.curtailed = true;
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true });
    expect(emu.writes()).toEqual(['curtail <sid>,wakeup', 'profileset <sid>,240MHz', 'logoff <sid>']);
  });

  it('switches ATM off around profileset and back on, like luxos-tooling', async () => {
    const { adapter, emu } = await start({ atmEnabled: true });
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true });
    expect(emu.writes()).toEqual([
      'atmset <sid>,enabled=false',
      'profileset <sid>,240MHz',
      'atmset <sid>,enabled=true',
      'logoff <sid>',
    ]);
    expect(emu.state).toMatchObject({ atmEnabled: true, profile: '240MHz' });
  });

  // Issue 13 item 4: LuxOS has one session at a time. pyasic (rpc/luxminer.py `auth`: `session` first, then
  // `logon`) and asic-rs (luxminer v1/rpc.rs) use the open session's id; so does hashheat, instead of
  // giving up and retrying until the other tool happens to log off.
  it('another active session (code 402): uses its id from `session`, leaves it open, never kills it', async () => {
    const { adapter, emu, log } = await start({ foreignSession: true });
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true });
    expect(emu.writes()).toEqual(['curtail <sid>,sleep', 'curtail <sid>,wakeup', 'profileset <sid>,240MHz']);
    const curtail = emu.requests.find((r) => r.includes('"curtail"'))!;
    expect(JSON.parse(curtail).parameter).toBe('theirs,sleep');
    expect(emu.requests.some((r) => r.includes('"kill"') || r.includes('"logoff"'))).toBe(false);
    expect(emu.state.session?.id).toBe('theirs');
    expect(log.messages().filter((m) => m.includes('another client holds the LuxOS session'))).toHaveLength(
      1,
    );
    // Once the user logs off, hashheat is back to sessions of its own.
    emu.state.session = undefined;
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(emu.writes().slice(-2)).toEqual(['curtail <sid>,sleep', 'logoff <sid>']);
    expect(emu.state.session).toBeUndefined();
  });

  it('a foreign session whose id `session` does not share is REFUSED (retryable) and says why', async () => {
    const { adapter, emu } = await start({ foreignSession: true, hiddenSession: true });
    const error = await adapter.apply(OFF).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'REFUSED', retryable: true });
    expect((error as Error).message).toMatch(/another LuxOS session is active \(code 402.*gives no id/);
    expect(emu.writes()).toEqual([]);
  });

  it('an unknown profile is refused before logging on; a refused write still logs off', async () => {
    const { adapter, emu } = await start(
      {},
      { levels: [{ id: 'odd', powerW: 2000, ths: 80, profile: '215MHz' }] },
    );
    const error = await adapter.apply({ id: 'odd', powerW: 2000, ths: 80 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', retryable: false });
    expect((error as Error).message).toMatch(/no profile "215MHz"/);
    expect(emu.requests.some((r) => r.includes('"logon"'))).toBe(false);

    const busy = await start({ refuse: ['profileset'] });
    const refused = await busy.adapter.apply(LEVELS[0]!).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'REFUSED', retryable: true });
    expect(busy.emu.writes()).toEqual(['profileset <sid>,190MHz', 'logoff <sid>']);
    expect(busy.emu.state.session).toBeUndefined();
  });

  it('a plain level without a profile only wakes the miner and matches any profile', async () => {
    const { adapter, emu } = await start({}, { levels: [{ id: 'on', powerW: 3000, ths: 100 }] });
    emu.state.curtailed = true;
    expect(await adapter.apply({ id: 'on', powerW: 3000, ths: 100 })).toEqual({ accepted: true });
    expect(emu.writes()).toEqual(['curtail <sid>,wakeup', 'logoff <sid>']);
    expect((await adapter.status()).levelId).toBe('on');
    expect(adapter.capabilities).toMatchObject({ softStop: true, throttle: false, reportsPower: true });
  });

  it('reads joined when it can and one by one when the join is refused', async () => {
    const { adapter, emu } = await start({ quirks: { joinUnsupported: true } });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'full', chipTempC: 62 });
    await adapter.status();
    expect(emu.requests.filter((r) => r.includes('+'))).toHaveLength(1);
  });

  it('probes luxos:// with its profiles as levels, and leaves other firmwares alone', async () => {
    const { emu } = await start();
    const { deps } = testAdapterDeps();
    const probe = await luxosMiner.probe!(new URL(`luxos://127.0.0.1:${emu.port}?timeoutMs=300`), deps);
    expect(probe.info).toMatchObject({ family: 'luxos', model: 'Antminer S19j Pro' });
    expect(probe.info.firmware).toContain('LUXminer');
    expect(probe.levels.map((l) => l.id)).toEqual(['off', 'p190mhz', 'p240mhz', 'p290mhz']);
    expect(probe.levels[3]).toEqual({ id: 'p290mhz', powerW: 3050, ths: 104, profile: '290MHz' });
    expect(probe.status).toMatchObject({ running: true, levelId: 'p290mhz', powerW: 3050 });
    expect(emu.state.session).toBeUndefined(); // a probe never logs on
  });
});

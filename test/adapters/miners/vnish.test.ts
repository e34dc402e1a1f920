import { afterEach, describe, expect, it } from 'vitest';
import { vnishMiner } from '../../../adapters/miners/vnish/vnish.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { Clock } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { startVnishEmulator, type VnishEmulator, type VnishEmulatorOptions } from '../../emulators/vnish.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

const TIMEOUT_MS = 300;
const PRESET_LEVELS = [
  { id: 'eco', powerW: 1100, ths: 48, preset: '1100' },
  { id: 'mid', powerW: 2200, ths: 78, preset: '2200' },
  { id: 'full', powerW: 3250, ths: 104, preset: '3250' },
];
const THROTTLE_LEVELS = [
  { id: 'half', powerW: 1625, ths: 52, throttlePct: 50 },
  { id: 'full', powerW: 3250, ths: 104, throttlePct: 100 },
];
const OFF = { id: 'off', powerW: 0, ths: 0 };

function makeAdapter(port: number, extra: Record<string, unknown> = {}, clock?: Clock) {
  // Without a test's own clock, read-back waits for the device in real time, as the emulator answers.
  const { deps, log } = testAdapterDeps({ clock: clock ?? systemClock });
  const config = vnishMiner.schema.parse({
    id: 's19-vnish',
    type: 'vnish',
    host: `127.0.0.1:${port}`,
    password: 'admin-pass',
    levels: PRESET_LEVELS,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: vnishMiner.create(config as never, deps), log };
}

for (const levels of [PRESET_LEVELS, THROTTLE_LEVELS]) {
  runMinerContract({
    family: `vnish (${levels === PRESET_LEVELS ? 'presets' : 'throttle'})`,
    faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
    async setup() {
      const emulator = await startVnishEmulator({ slowMs: 1500, unlocksPerMinute: 100 });
      return { adapter: makeAdapter(emulator.port, { levels }).adapter, emulator, timeoutMs: TIMEOUT_MS };
    },
  });
}

describe('vnish adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(
    options: VnishEmulatorOptions = {},
    extra: Record<string, unknown> = {},
    clock?: Clock,
  ) {
    const emu = await startVnishEmulator({ ...(clock ? { now: () => clock.now() } : {}), ...options });
    const made = makeAdapter(emu.port, extra, clock);
    open.push(made.adapter, emu);
    return { emu, ...made };
  }
  const writes = (emu: VnishEmulator) =>
    emu.requests.filter((r) => r.method === 'POST').map((r) => `${r.path} ${r.body}`.trim());

  it('unlocks once, sends the bearer token, pauses, resumes and sets a preset', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 18 });
    expect(await adapter.apply(PRESET_LEVELS[0]!)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({
      running: true,
      levelId: 'eco',
      powerW: 1100,
      ths: 48,
      chipTempC: 68,
    });
    expect(writes(emu)).toEqual([
      '/api/v1/unlock {"pw":"admin-pass"}',
      '/api/v1/mining/pause',
      '/api/v1/mining/resume',
      '/api/v1/settings {"miner":{"overclock":{"preset":"1100"}}}',
    ]);
    const auth = new Set(emu.requests.slice(1).map((r) => r.headers.authorization));
    expect(auth.size).toBe(1);
    expect([...auth][0]).toMatch(/^Bearer [0-9a-f]{24}$/);
  });

  it('verifies a preset by reading it back: a firmware that says OK but keeps it is not accepted', async () => {
    const { adapter, emu } = await start({ ignorePresetWrites: true });
    const result = await adapter.apply(PRESET_LEVELS[0]!);
    expect(result).toEqual({
      accepted: false,
      detail: 'Vnish answered OK but kept preset 3250 (asked 1100)',
    });
    expect(emu.state.preset).toBe('3250');
  });

  // Issue 13 item 5. Vendor specs (asic-rs meta/vnish/v1.2.6, v1.2.7, v1.3.4 api-doc.json): GET /settings is
  // `apikeyAuth` only in all three, so a password token cannot read the preset back; GET /perf-summary
  // (no auth) carries `current_preset`. `POST /mining/throttle` and `/status` `throttled` exist only in 1.3.4.
  it('reads the preset back from /perf-summary, never GET /settings (API-key only), on 1.2 and 1.3', async () => {
    for (const version of ['1.2.6', '1.3.4']) {
      const { adapter, emu } = await start({ version });
      expect(await adapter.apply(PRESET_LEVELS[0]!)).toEqual({ accepted: true });
      expect(await adapter.status()).toMatchObject({ levelId: 'eco', powerW: 1100 });
      expect(emu.requests.some((r) => r.method === 'GET' && r.path === '/api/v1/settings')).toBe(false);
      expect(emu.requests.some((r) => r.path === '/api/v1/perf-summary')).toBe(true);
    }
  });

  it('refuses throttle levels on Vnish 1.2.x (no /mining/throttle) before sending anything', async () => {
    const { adapter, emu } = await start({ version: '1.2.6' }, { levels: THROTTLE_LEVELS });
    await expect(adapter.apply(THROTTLE_LEVELS[0]!)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      retryable: false,
      message: expect.stringMatching(/Vnish 1\.2\.6 has no \/mining\/throttle.*preset levels/),
    });
    expect(writes(emu).filter((w) => w.includes('throttle'))).toEqual([]);
    expect(emu.requests.filter((r) => r.path === '/api/v1/info')).toHaveLength(1);
  });

  it('sets throttle percent levels and reads them back from /status', async () => {
    const { adapter, emu } = await start({}, { levels: THROTTLE_LEVELS });
    expect(await adapter.apply(THROTTLE_LEVELS[0]!)).toEqual({ accepted: true });
    expect(writes(emu).at(-1)).toBe('/api/v1/mining/throttle {"percent":50}');
    expect(await adapter.status()).toMatchObject({ levelId: 'half', powerW: 1625, ths: 52 });
    expect(emu.requests.some((r) => r.path === '/api/v1/settings')).toBe(false); // no preset levels, no /settings
  });

  it('unlocks again once when the token is forgotten (401), then retries the call', async () => {
    const { adapter, emu } = await start();
    await adapter.status();
    emu.expireTokens();
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(emu.unlocks).toHaveLength(2);
  });

  it('backs off after 429 instead of hammering /unlock, and recovers after the wait', async () => {
    const clock = new FakeClock();
    const { adapter, emu } = await start({ unlocksPerMinute: 0 }, {}, clock);
    const first = await adapter.status().catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'REFUSED', retryable: true });
    expect((first as Error).message).toMatch(/429 too many unlock attempts/);
    for (let i = 0; i < 5; i++) {
      const again = await adapter.status().catch((e: unknown) => e);
      expect((again as Error).message).toMatch(/next try in \d+ s/);
      await clock.advance(5_000);
    }
    expect(emu.unlocks).toHaveLength(1);
    await clock.advance(60_000);
    await adapter.status().catch(() => undefined);
    expect(emu.unlocks).toHaveLength(2); // one try after the wait; still refused: the next wait doubles
    await clock.advance(60_000);
    await adapter.status().catch(() => undefined);
    expect(emu.unlocks).toHaveLength(2);
  });

  it('a wrong password is AUTH and is not tried again for five minutes; no secret in the logs', async () => {
    const clock = new FakeClock();
    const { adapter, emu, log } = await start({}, { password: 'wrong-secret' }, clock);
    expect(await adapter.status().catch((e: unknown) => e)).toMatchObject({ code: 'AUTH', retryable: false });
    await clock.advance(60_000);
    expect(await adapter.status().catch((e: unknown) => e)).toMatchObject({ code: 'AUTH' });
    expect(emu.unlocks).toHaveLength(1);
    await clock.advance(5 * 60_000);
    await adapter.status().catch(() => undefined);
    expect(emu.unlocks).toHaveLength(2);
    expect(JSON.stringify(log.entries)).not.toContain('wrong-secret');
  });

  it('works with an API key instead of the password (x-api-key, no unlock)', async () => {
    const { adapter, emu } = await start({ apiKey: 'k-123' }, { password: undefined, apiKey: 'k-123' });
    expect((await adapter.status()).reachable).toBe(true);
    expect(emu.unlocks).toHaveLength(0);
    expect(emu.requests[0]!.headers['x-api-key']).toBe('k-123');
  });

  it('rejects configs without credentials or with preset and throttle on one level', () => {
    const base = { id: 'v', type: 'vnish', host: 'x', levels: PRESET_LEVELS };
    expect(vnishMiner.schema.safeParse(base).success).toBe(false);
    const both = {
      ...base,
      password: 'p',
      levels: [{ id: 'a', powerW: 1, ths: 1, preset: '1100', throttlePct: 50 }],
    };
    expect(vnishMiner.schema.safeParse(both).success).toBe(false);
  });

  it('probes vnish:// with the password in the URL: identity and tuned presets as levels', async () => {
    const { emu } = await start();
    const { deps } = testAdapterDeps();
    const probe = await vnishMiner.probe!(
      new URL(`vnish://:admin-pass@127.0.0.1:${emu.port}?timeoutMs=300`),
      deps,
    );
    expect(probe.info).toEqual({
      family: 'vnish',
      model: 'Antminer S19j Pro',
      firmware: 'Vnish 1.3.4',
      serial: '02:9a:3c:11:7e:05',
    });
    expect(probe.levels).toEqual([
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'p1100', powerW: 1100, ths: 48, preset: '1100' },
      { id: 'p2200', powerW: 2200, ths: 78, preset: '2200' },
      { id: 'p3250', powerW: 3250, ths: 104, preset: '3250' },
    ]);
    expect(probe.status).toMatchObject({ running: true, levelId: 'p3250', powerW: 3250 });
    const bare = await vnishMiner.probe!(new URL(`http://127.0.0.1:${emu.port}`), deps).catch((e) => e);
    expect(bare).toMatchObject({ code: 'AUTH' });
  });
});

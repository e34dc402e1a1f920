import { afterEach, describe, expect, it } from 'vitest';
import { type BraiinsAdapter, braiinsMiner } from '../../../adapters/miners/braiins/braiins.js';
import { DeviceError } from '../../../src/errors.js';
import type { Clock } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import {
  type BraiinsEmulator,
  type BraiinsEmulatorOptions,
  startBraiinsEmulator,
} from '../../emulators/braiins.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

const TIMEOUT_MS = 300;

function makeAdapter(port: number, extra: Record<string, unknown> = {}, clock?: Clock) {
  const { deps, log } = testAdapterDeps(clock ? { clock } : {});
  const config = braiinsMiner.schema.parse({
    id: 's19',
    type: 'braiins',
    host: `127.0.0.1:${port}`,
    password: 'secret',
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: braiinsMiner.create(config as never, deps) as BraiinsAdapter, log };
}

runMinerContract({
  family: 'braiins',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startBraiinsEmulator();
    const { adapter } = makeAdapter(emulator.port);
    await adapter.status(); // default levels come from the reported power-target range
    return { adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('braiins adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(
    options: BraiinsEmulatorOptions = {},
    extra: Record<string, unknown> = {},
    clock?: Clock,
  ) {
    const emulator = await startBraiinsEmulator(options);
    const made = makeAdapter(emulator.port, extra, clock);
    open.push(made.adapter, emulator);
    return { emulator, ...made };
  }
  const levels = [
    { id: 'eco', powerW: 2000, ths: 68 },
    { id: 'full', powerW: 3400, ths: 115 },
  ];
  const writes = (emulator: BraiinsEmulator) =>
    emulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.body}`);

  it('logs in, then sends the raw token and the exact write for each level', async () => {
    const { adapter, emulator } = await start({}, { levels });
    expect(await adapter.apply(levels[0]!)).toEqual({ accepted: true });
    expect(await adapter.apply({ id: 'off', powerW: 0, ths: 0 })).toEqual({ accepted: true });
    expect(await adapter.apply(levels[1]!)).toEqual({ accepted: true });
    expect(writes(emulator)).toEqual([
      'POST /api/v1/auth/login {"username":"root","password":"secret"}',
      'PUT /api/v1/performance/power-target {"watt":2000}',
      'PUT /api/v1/actions/pause ',
      'PUT /api/v1/performance/power-target {"watt":3400}',
      'PUT /api/v1/actions/resume ',
    ]);
    const login = emulator.requests[0]!;
    expect(login.headers['content-type']).toMatch(/^application\/json/);
    const tokens = new Set(emulator.requests.slice(1).map((r) => r.headers.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^tok1/); // the raw token, no "Bearer " prefix
    expect(emulator.state).toEqual({ paused: false, targetW: 3400 });
  });

  it('a command starts from the status the tick just read: the first request after it is the write', async () => {
    const { adapter, emulator } = await start({}, { levels });
    await adapter.status();
    const before = emulator.requests.length;
    expect(await adapter.apply(levels[0]!)).toEqual({ accepted: true });
    const sent = emulator.requests.slice(before);
    expect(`${sent[0]?.method} ${sent[0]?.path}`).toBe('PUT /api/v1/performance/power-target');
    expect(sent.slice(1).every((r) => r.method === 'GET')).toBe(true); // the read-back that verifies it
  });

  it('does not rewrite a target the miner already has (idempotent apply)', async () => {
    const { adapter, emulator } = await start({}, { levels });
    await adapter.apply(levels[1]!);
    await adapter.apply(levels[1]!);
    expect(writes(emulator).filter((w) => w.includes('power-target'))).toHaveLength(1);
  });

  it('reports the configured level by target even while measured power lags', async () => {
    const clock = new FakeClock();
    const { adapter } = await start({ rampWPerS: 10, now: () => clock.now() }, { levels }, clock);
    await adapter.apply(levels[0]!);
    let status = await adapter.status();
    expect(status).toMatchObject({ running: true, levelId: 'eco', powerW: 3068 });
    await clock.advance(50_000);
    status = await adapter.status();
    expect(status.powerW).toBe(2568);
    expect(status.ths).toBeCloseTo(2568 / 29.5, 3);
    expect(status.levelId).toBe('eco');
  });

  it('names a target between the configured steps w<target> (synthetic levels)', async () => {
    const { adapter, emulator } = await start({}, { levels });
    expect(await adapter.apply({ id: 'w2450', powerW: 2450, ths: 0 })).toEqual({ accepted: true });
    expect(emulator.state.targetW).toBe(2450);
    expect((await adapter.status()).levelId).toBe('w2450');
  });

  it('re-logs in once when the device forgets the session (401) and retries the call', async () => {
    const { adapter, emulator, log } = await start();
    await adapter.status();
    expect(emulator.logins()).toBe(1);
    emulator.expireTokens();
    const status = await adapter.status();
    expect(status.reachable).toBe(true);
    expect(emulator.logins()).toBe(2);
    expect(emulator.requests.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(log.messages().filter((m) => m.includes('logging in again'))).toHaveLength(1);
  });

  it('logs in again before the sliding session lapses, without provoking a 401', async () => {
    const clock = new FakeClock();
    const { adapter, emulator } = await start({ now: () => clock.now() }, {}, clock);
    await adapter.status();
    const stale = emulator.requests[1]!.headers.authorization as string;
    await clock.advance(3_601_000);
    const direct = await fetch(`http://127.0.0.1:${emulator.port}/api/v1/miner/details`, {
      headers: { authorization: stale },
    });
    expect(direct.status).toBe(401); // the emulator expires idle sessions
    const before = emulator.requests.length;
    await adapter.status();
    const after = emulator.requests.slice(before);
    expect(after[0]).toMatchObject({ method: 'POST', path: '/api/v1/auth/login' });
    expect(after.filter((r) => r.status === 401)).toEqual([]);
    expect(emulator.logins()).toBe(2);
  });

  it('fails with AUTH on a wrong password, without retrying in a loop and without logging secrets', async () => {
    const { adapter, emulator, log } = await start({ password: 'other' });
    const error = await adapter.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(/wrong username or password/);
    expect(emulator.requests.filter((r) => r.path === '/api/v1/auth/login')).toHaveLength(1);
    expect(JSON.stringify(log.entries)).not.toContain('secret');
  });

  it('refuses a target outside the reported range without sending it', async () => {
    const { adapter, emulator } = await start();
    const result = await adapter.apply({ id: 'w1000', powerW: 1000, ths: 0 });
    expect(result.accepted).toBe(false);
    expect(result.detail).toMatch(/outside the miner's power-target range 1700–3500 W/);
    expect(writes(emulator).filter((w) => w.includes('power-target'))).toEqual([]);
  });

  it('reports a device-side INVALID_ARGUMENT as not accepted, with the device message', async () => {
    const { adapter, emulator } = await start();
    await adapter.status();
    emulator.range.maxW = 3000;
    const result = await adapter.apply({ id: 'w3400', powerW: 3400, ths: 0 });
    expect(result).toMatchObject({ accepted: false });
    expect(result.detail).toMatch(/not in allowed range \[Some\(1700\), Some\(3000\)\]/);
  });

  it('reports a read-back mismatch as accepted: false', async () => {
    const { adapter, emulator } = await start({}, { levels });
    emulator.ignoreTargets = true;
    expect(await adapter.apply(levels[0]!)).toEqual({
      accepted: false,
      detail: 'device kept its power target at 3068 W',
    });
  });

  it('offers steps across the reported range by default and exposes the range', async () => {
    const { adapter } = await start();
    expect(adapter.powerRange()).toBeUndefined();
    expect(adapter.levels().map((l) => l.id)).toEqual(['off']);
    await adapter.status();
    expect(adapter.powerRange()).toEqual({ minW: 1700, maxW: 3500 });
    const levels = adapter.levels();
    expect(levels.map((l) => l.id)).toEqual(['off', 'w1700', 'w2300', 'w2900', 'w3500']);
    expect(levels[1]!.ths).toBeCloseTo(1700 / 29.5, 2); // sticker hashrate at the default target
  });

  it('builds levels from powerTargetsW and a configured efficiency', async () => {
    const { adapter } = await start({}, { powerTargetsW: [2800, 2000], efficiencyJPerTH: 25 });
    expect(adapter.levels()).toEqual([
      { id: 'off', powerW: 0, ths: 0 },
      { id: 'w2000', powerW: 2000, ths: 80 },
      { id: 'w2800', powerW: 2800, ths: 112 },
    ]);
  });

  it('rejects a config with both levels and powerTargetsW', () => {
    const result = braiinsMiner.schema.safeParse({
      id: 'x',
      type: 'braiins',
      host: 'miner.local',
      password: 'p',
      levels,
      powerTargetsW: [2000],
    });
    expect(result.success).toBe(false);
  });

  it('probes braiins:// URLs with credentials and refuses without them', async () => {
    const { emulator } = await start();
    const { deps } = testAdapterDeps();
    const probe = await braiinsMiner.probe!(
      new URL(`braiins://root:secret@127.0.0.1:${emulator.port}`),
      deps,
    );
    expect(probe.info).toEqual({
      family: 'braiins',
      model: 'Antminer S19j Pro',
      firmware: '26.04',
      serial: 'Zb9ELzDSwIOHgRpA',
    });
    expect(probe.status).toMatchObject({ reachable: true, running: true, levelId: 'w3068', powerW: 3068 });
    expect(probe.levels).toHaveLength(5);
    const bare = await braiinsMiner.probe!(new URL(`http://127.0.0.1:${emulator.port}`), deps).catch(
      (e) => e,
    );
    expect(bare).toMatchObject({ code: 'AUTH' });
    const other = await braiinsMiner.probe!(new URL('bitaxe://127.0.0.1'), deps).catch((e) => e);
    expect(other).toMatchObject({ code: 'UNSUPPORTED' });
  });
});

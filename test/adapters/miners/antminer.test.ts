import { afterEach, describe, expect, it } from 'vitest';
import { antminerMiner } from '../../../adapters/miners/antminer/antminer.js';
import { systemClock } from '../../../src/agent/clock.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import {
  type AntminerEmulator,
  type AntminerEmulatorOptions,
  startAntminerEmulator,
} from '../../emulators/antminer.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const TIMEOUT_MS = 300;
const LEVELS = [
  { id: 'low', powerW: 2300, ths: 77, mode: 'low' },
  { id: 'normal', powerW: 3250, ths: 110, mode: 'normal' },
];
const OFF = { id: 'off', powerW: 0, ths: 0 };

function makeAdapter(emu: AntminerEmulator, extra: Record<string, unknown> = {}) {
  // Read-back waits for the device on deps.clock while the emulator answers in real time.
  const { deps, log } = testAdapterDeps({ clock: systemClock });
  const config = antminerMiner.schema.parse({
    id: 's19',
    type: 'antminer',
    host: '127.0.0.1',
    port: emu.apiPort,
    webPort: emu.webPort,
    levels: LEVELS,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: antminerMiner.create(config as never, deps), log };
}

runMinerContract({
  family: 'antminer',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startAntminerEmulator({ slowMs: 1500 });
    return { adapter: makeAdapter(emulator).adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('antminer (stock firmware) adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(options: AntminerEmulatorOptions = {}, extra: Record<string, unknown> = {}) {
    const emu = await startAntminerEmulator(options);
    const made = makeAdapter(emu, extra);
    open.push(made.adapter, emu);
    return { emu, ...made };
  }

  it('sleeps, wakes to low power and to normal with full config writes over digest auth', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', ths: 0 });
    expect(await adapter.apply(LEVELS[0]!)).toEqual({ accepted: true });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'low', ths: 77, chipTempC: 65 });
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true });
    expect(emu.state.writes.map((w) => w['miner-mode'])).toEqual([1, 3, 0]);
    // The whole config goes back with each write, pools included (stock firmware has no stop command).
    expect(emu.state.writes[0]).toEqual({
      'bitmain-fan-ctrl': false,
      'bitmain-fan-pwm': '100',
      'freq-level': '100',
      'miner-mode': 1,
      pools: [{ url: 'stratum+tcp://pool.example:3333', user: 'worker.1', pass: 'x' }],
    });
    const writes = emu.web.requests.filter((r) => r.method === 'POST');
    expect(writes.every((r) => String(r.headers.authorization).startsWith('Digest username="root"'))).toBe(
      true,
    );
    expect(adapter.capabilities.reportsPower).toBe(false);
  });

  it('does not rewrite the config when the miner is already in the mode', async () => {
    const { adapter, emu } = await start();
    expect(await adapter.apply(LEVELS[1]!)).toEqual({ accepted: true, detail: 'already normal' });
    expect(emu.state.writes).toEqual([]);
  });

  it('a firmware wanting the mode as text: not accepted with a hint, then works with modeAsString', async () => {
    const { adapter, emu } = await start({ modeAsString: true });
    const result = await adapter.apply(OFF);
    expect(result.accepted).toBe(false);
    expect(result.detail).toMatch(/asked sleep, miner still in normal; .*set modeAsString: true/);
    const fixed = makeAdapter(emu, { modeAsString: true });
    open.push(fixed.adapter);
    expect(await fixed.adapter.apply(OFF)).toEqual({ accepted: true });
    expect(emu.state.writes.at(-1)?.['miner-mode']).toBe('1');
  });

  it('a wrong web password is AUTH naming the stock login; the password never reaches the log', async () => {
    const { adapter, log } = await start({ password: 'changed' }, { password: 'not-it' });
    const error = await adapter.apply(OFF).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(
      /refused user "root" \(wrong password\? the stock login is root\/root\)/,
    );
    expect(JSON.stringify(log.entries)).not.toContain('not-it');
  });

  it('rejects two levels with the same mode', () => {
    const same = [
      { id: 'a', powerW: 1, ths: 1, mode: 'normal' },
      { id: 'b', powerW: 2, ths: 2 },
    ];
    const base = { id: 'x', type: 'antminer', host: 'h' };
    expect(antminerMiner.schema.safeParse({ ...base, levels: same }).success).toBe(false);
  });

  it('probes antminer:// (API port in the URL, web port as a parameter) and needs the web login', async () => {
    const { emu } = await start();
    const { deps } = testAdapterDeps();
    const url = new URL(`antminer://127.0.0.1:${emu.apiPort}?webPort=${emu.webPort}&timeoutMs=300`);
    const probe = await antminerMiner.probe!(url, deps);
    expect(probe.info).toMatchObject({
      family: 'antminer',
      model: 'Antminer S19 Pro',
      serial: 'E0:A5:09:12:34:56',
    });
    expect(probe.status).toMatchObject({ running: true, levelId: 'normal', ths: 110 });
    expect(probe.levels.map((l) => l.id)).toEqual(['off', 'low', 'normal']);
    expect(probe.capabilities).toEqual({ softStop: true, throttle: true, reportsPower: false });
    const locked = await start({ password: 'secret' });
    const denied = await antminerMiner.probe!(
      new URL(`antminer://127.0.0.1:${locked.emu.apiPort}?webPort=${locked.emu.webPort}`),
      deps,
    ).catch((e) => e);
    expect(denied).toMatchObject({ code: 'AUTH' });
    expect(denied.message).toContain('probe antminer://root:PASSWORD@127.0.0.1');
    const ok = await antminerMiner.probe!(
      new URL(`antminer://root:secret@127.0.0.1:${locked.emu.apiPort}?webPort=${locked.emu.webPort}`),
      deps,
    );
    expect(ok.status.reachable).toBe(true);
  });
});

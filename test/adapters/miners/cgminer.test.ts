import { afterEach, describe, expect, it } from 'vitest';
import { cgminerMiner } from '../../../adapters/miners/cgminer/cgminer.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { type StockMiner, type StockMinerOptions, startStockMiner } from '../../emulators/cgminer-miner.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const TIMEOUT_MS = 300;

function adapterFor(emu: StockMiner, extra: Record<string, unknown> = {}): MinerAdapter {
  const config = cgminerMiner.schema.parse({
    id: 'rig',
    type: 'cgminer',
    host: '127.0.0.1',
    port: emu.port,
    timeoutMs: TIMEOUT_MS,
    settleMs: 200,
    levels: [{ id: 'full', powerW: 3250, ths: 110 }],
    ...extra,
  });
  // Read-back waits for the device on deps.clock while the emulator answers in real time.
  return cgminerMiner.create(config as never, testAdapterDeps({ clock: systemClock }).deps);
}

const pauseResume = { control: { off: { command: 'pause' }, on: { command: 'resume' } } };

runMinerContract({
  family: 'cgminer',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startStockMiner({ flavour: 'cgminer', ths: 110, pauseResume: true });
    return { adapter: adapterFor(emulator, pauseResume), emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('cgminer adapter', () => {
  let emu: StockMiner | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  const start = async (options: Partial<StockMinerOptions> = {}) => {
    emu = await startStockMiner({ flavour: 'cgminer', ths: 110, ...options });
    return emu;
  };

  it('reads a stock bmminer: GH/s strings to TH/s, hottest chip from temp_chip strings, uptime', async () => {
    const adapter = adapterFor(await start({ flavour: 'bmminer', ths: 110.12345 }));
    const status = await adapter.status();
    expect(status).toMatchObject({ reachable: true, running: true, levelId: 'full', chipTempC: 76 });
    expect(status.ths).toBeCloseTo(110.12, 2);
    expect(status.uptimeS).toBeGreaterThanOrEqual(3600);
    expect(status.powerW).toBeUndefined();
  });

  it('sends summary+devs+stats in one joined request and reads MH/s as TH/s', async () => {
    const miner = await start();
    const status = await adapterFor(miner).status();
    expect(miner.requests).toEqual(['{"command":"summary+devs+stats"}']);
    expect(status.ths).toBeCloseTo(110, 6);
    expect(status.chipTempC).toBe(74);
  });

  it('falls back to summary alone once a firmware refuses joined commands, and remembers it', async () => {
    const miner = await start({ quirks: { joinUnsupported: true } });
    const adapter = adapterFor(miner);
    expect((await adapter.status()).ths).toBeCloseTo(110, 6);
    await adapter.status();
    expect(miner.requests).toEqual([
      '{"command":"summary+devs+stats"}',
      '{"command":"summary"}',
      '{"command":"summary"}',
    ]);
  });

  it('speaks the text form when configured', async () => {
    const miner = await start({ pauseResume: true });
    const adapter = adapterFor(miner, { apiForm: 'text', ...pauseResume });
    expect((await adapter.apply(adapter.levels()[0]!)).accepted).toBe(true);
    expect(miner.requests.slice(0, 2)).toEqual(['summary+devs+stats', 'pause']);
  });

  it('without control: no soft stop, off is UNSUPPORTED with the plug hint, a running level is already there', async () => {
    const adapter = adapterFor(await start());
    expect(adapter.capabilities).toEqual({ softStop: false, throttle: false, reportsPower: false });
    await expect(adapter.apply(adapter.levels()[0]!)).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('smart plug'),
    });
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: true, detail: 'already at full' });
  });

  it('sends the configured off/on commands and judges running from the 5 s hashrate, not the average', async () => {
    const miner = await start({ pauseResume: true });
    const adapter = adapterFor(miner, pauseResume);
    expect(await adapter.apply(adapter.levels()[0]!)).toEqual({ accepted: true });
    expect(miner.requests).toContain('{"command":"pause"}');
    const paused = await adapter.status();
    expect(paused).toMatchObject({ running: false, levelId: 'off', ths: 0 });
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: true });
    expect(miner.requests.at(-2)).toBe('{"command":"resume"}');
  });

  it('reports a command the device acknowledged but did not follow as not taken', async () => {
    const miner = await start();
    const adapter = adapterFor(miner, {
      control: { off: { command: 'version' }, on: { command: 'version' } },
    });
    const result = await adapter.apply(adapter.levels()[0]!);
    expect(result).toEqual({ accepted: false, detail: 'sent version, still hashing (110.00 TH/s)' });
  });

  it('reports an AUTH error when the firmware denies the write command', async () => {
    const miner = await start({ pauseResume: true, quirks: { writeAllowed: false } });
    const adapter = adapterFor(miner, pauseResume);
    await expect(adapter.apply(adapter.levels()[0]!)).rejects.toMatchObject({ code: 'AUTH' });
  });

  it('picks the running level nearest to the measured hashrate', async () => {
    const adapter = adapterFor(await start({ ths: 95 }), {
      levels: [
        { id: 'eco', powerW: 2500, ths: 90 },
        { id: 'full', powerW: 3250, ths: 110 },
      ],
    });
    expect((await adapter.status()).levelId).toBe('eco');
  });

  it('describes the device from its version reply', async () => {
    const adapter = adapterFor(await start({ flavour: 'bmminer' }));
    expect(await adapter.describe?.()).toEqual({
      family: 'cgminer',
      model: 'Antminer S19 Pro',
      firmware: 'Fri Aug 26 2022 (bmminer 1.0.0)',
    });
  });
});

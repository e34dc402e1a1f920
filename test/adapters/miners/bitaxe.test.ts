import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { bitaxeMiner } from '../../../adapters/miners/bitaxe/bitaxe.js';
import { braiinsMiner } from '../../../adapters/miners/braiins/braiins.js';
import { DeviceError } from '../../../src/errors.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import {
  type BitaxeEmulator,
  type BitaxeEmulatorOptions,
  startBitaxeEmulator,
} from '../../emulators/bitaxe.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const TIMEOUT_MS = 300;
const OFF = { id: 'off', powerW: 0, ths: 0 };

function makeAdapter(port: number, extra: Record<string, unknown> = {}) {
  const { deps, log } = testAdapterDeps();
  const config = bitaxeMiner.schema.parse({
    id: 'gamma',
    type: 'bitaxe',
    host: `127.0.0.1:${port}`,
    timeoutMs: TIMEOUT_MS,
    ...extra,
  });
  return { adapter: bitaxeMiner.create(config as never, deps), log };
}

/** A raw request with chosen headers (fetch would not let us set Origin freely). */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

runMinerContract({
  family: 'bitaxe',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const emulator = await startBitaxeEmulator();
    const { adapter } = makeAdapter(emulator.port);
    await adapter.status(); // the board (and so its default levels) is detected from the device
    return { adapter, emulator, timeoutMs: TIMEOUT_MS };
  },
});

describe('bitaxe adapter', () => {
  const open: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const thing of open.splice(0)) await thing.close();
  });
  async function start(options: BitaxeEmulatorOptions = {}, extra: Record<string, unknown> = {}) {
    const emulator = await startBitaxeEmulator(options);
    const made = makeAdapter(emulator.port, extra);
    open.push(made.adapter, emulator);
    return { emulator, ...made };
  }
  const writes = (emulator: BitaxeEmulator) =>
    emulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.body}`);

  it('sends the exact PATCH / pause / resume for each level, without Origin or credentials', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    const [, eco, stock] = adapter.levels();
    expect(await adapter.apply(eco!)).toEqual({ accepted: true });
    expect(await adapter.apply(OFF)).toEqual({ accepted: true });
    expect(await adapter.apply(stock!)).toEqual({ accepted: true });
    expect(writes(emulator)).toEqual([
      'PATCH /api/system {"frequency":400,"coreVoltage":1000}',
      'POST /api/system/pause ',
      'PATCH /api/system {"frequency":525,"coreVoltage":1150}',
      'POST /api/system/resume ',
    ]);
    const patch = emulator.requests.find((r) => r.method === 'PATCH')!;
    expect(patch.headers['content-type']).toMatch(/^application\/json/);
    expect(emulator.requests.every((r) => r.headers.origin === undefined)).toBe(true);
    expect(emulator.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(emulator.state).toMatchObject({ frequency: 525, coreVoltage: 1150, paused: false });
  });

  // ESP-Miner's overheat protection (bitaxeorg/ESP-Miner main/tasks/power_management_task.c, v2.11.0+):
  // stop and set overheat_mode while cooling, then save and run at 100 MHz / 100 mV less and clear the flag.
  // hashheat must not PATCH the configured level back over that (issue 13 item 3).
  it('keeps the thermal back-off as a cap: no PATCH back up, lower levels still allowed', async () => {
    const { adapter, emulator, log } = await start({}, { board: 'gamma' });
    const [, eco, stock] = adapter.levels();
    expect((await adapter.status()).levelId).toBe('stock');
    emulator.overheat();
    expect(await adapter.status()).toMatchObject({ running: false, error: expect.stringContaining('cool') });
    expect(await adapter.apply(stock!)).toMatchObject({
      accepted: false,
      detail: expect.stringContaining('nothing sent'),
    });
    emulator.cooled();
    const capped = await adapter.status();
    expect(capped).toMatchObject({ running: true, levelId: 'custom-425mhz-1050mv' });
    expect(capped.error).toContain('425 MHz / 1050 mV');
    expect(await adapter.apply(stock!)).toMatchObject({
      accepted: false,
      detail: expect.stringMatching(/thermal back-off.*stock \(525 MHz \/ 1150 mV\) is above it/),
    });
    expect(writes(emulator)).toEqual([]);
    expect(emulator.state).toMatchObject({ frequency: 425, coreVoltage: 1050 });
    // Going lower is fine, and the cap survives it.
    expect(await adapter.apply(eco!)).toEqual({ accepted: true });
    expect((await adapter.apply(stock!)).accepted).toBe(false);
    expect(writes(emulator)).toEqual(['PATCH /api/system {"frequency":400,"coreVoltage":1000}']);
    expect(log.messages().filter((m) => m.startsWith('thermal back-off'))).toHaveLength(1);
    // The user clears it by setting the device again in AxeOS.
    emulator.state.frequency = 525;
    emulator.state.coreVoltage = 1150;
    expect((await adapter.status()).error).toBeUndefined();
    expect(log.messages()).toContain('thermal cap cleared: the setting was changed on the device');
    expect(await adapter.apply(eco!)).toEqual({ accepted: true });
    expect(await adapter.apply(stock!)).toEqual({ accepted: true });
  });

  it('recognises a back-off it did not watch (flag already cleared) by its 100 MHz / 100 mV signature', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    const [, , stock] = adapter.levels();
    emulator.state.frequency = 425; // stock 525 MHz / 1150 mV less 100 / 100, as a restarted hashheat finds it
    emulator.state.coreVoltage = 1050;
    expect((await adapter.status()).error).toContain('thermal back-off');
    expect((await adapter.apply(stock!)).accepted).toBe(false);
    expect(writes(emulator)).toEqual([]);
    // A hand-made setting that is no reduction is not a cap: hashheat sets its level as before.
    emulator.state.frequency = 490;
    emulator.state.coreVoltage = 1100;
    await adapter.status(); // the next tick reads the device; its command starts from that read
    expect(await adapter.apply(stock!)).toEqual({ accepted: true });
  });

  it('a command starts from the status the tick just read: no second GET before the PATCH', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    await adapter.status(); // the device runs at stock
    const [, lower] = adapter.levels();
    const before = emulator.requests.length;
    expect(await adapter.apply(lower!)).toEqual({ accepted: true });
    const sent = emulator.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    // PATCH, then one read-back to verify what the device took (ESP-Miner applies frequency/voltage at once).
    expect(sent).toEqual(['PATCH /api/system', 'GET /api/system/info']);
  });

  it('reads status in project units and names the level by frequency and voltage', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    const status = await adapter.status();
    expect(status).toMatchObject({ reachable: true, running: true, levelId: 'stock', powerW: 20 });
    expect(status.ths).toBeCloseTo(1.071, 6); // 1071 GH/s
    expect(status.chipTempC).toBe(62);
    emulator.state.frequency = 490;
    emulator.state.coreVoltage = 1100;
    expect((await adapter.status()).levelId).toBe('custom-490mhz-1100mv');
  });

  it('detects the board for default levels, or takes configured frequency/voltage levels', async () => {
    const { adapter } = await start();
    expect(adapter.levels()).toEqual([OFF]);
    await adapter.status();
    expect(adapter.levels()).toEqual([
      OFF,
      { id: 'eco', powerW: 11.5, ths: 0.816 },
      { id: 'stock', powerW: 20, ths: 1.071 },
    ]);
    const configured = await start(
      {},
      { levels: [{ id: 'quiet', powerW: 14, ths: 0.9, frequencyMHz: 450, coreVoltageMV: 1100 }] },
    );
    expect(configured.adapter.levels()).toEqual([OFF, { id: 'quiet', powerW: 14, ths: 0.9 }]);
    expect(await configured.adapter.apply({ id: 'quiet', powerW: 14, ths: 0.9 })).toEqual({ accepted: true });
    expect(configured.emulator.state).toMatchObject({ frequency: 450, coreVoltage: 1100 });
  });

  it('answers 401 to a foreign Origin, like AxeOS, and accepts private or own-hostname origins', async () => {
    const { emulator } = await start();
    expect(await rawGet(emulator.port, '/api/system/info', { origin: 'http://evil.example.com' })).toBe(401);
    expect(await rawGet(emulator.port, '/api/system/info', { origin: 'http://8.8.8.8' })).toBe(401);
    expect(await rawGet(emulator.port, '/api/system/info', { origin: 'http://192.168.1.20' })).toBe(200);
    expect(await rawGet(emulator.port, '/api/system/info', { origin: 'http://bitaxe.local' })).toBe(200);
    expect(await rawGet(emulator.port, '/api/system/info', {})).toBe(200);
  });

  it('explains the 401 of a client outside the private ranges as AUTH', async () => {
    const { adapter } = await start({ clientIsPrivate: false });
    const error = await adapter.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceError);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(/private network/);
  });

  it('reports a read-back mismatch as accepted: false', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    emulator.ignorePatch = true;
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({
      accepted: false,
      detail: 'device reports 525 MHz / 1150 mV',
    });
  });

  it('reports a setting AxeOS rejects (400 Wrong API input) as accepted: false', async () => {
    const level = { id: 'wild', powerW: 40, ths: 2, frequencyMHz: 2000, coreVoltageMV: 1150 };
    const { adapter } = await start({}, { levels: [level] });
    const result = await adapter.apply(level);
    expect(result.accepted).toBe(false);
    expect(result.detail).toMatch(/Wrong API input/);
  });

  it('has no soft stop on firmware before v2.14 and says a companion plug is needed', async () => {
    const { adapter, emulator } = await start({ pauseApi: false, version: 'v2.13.1' }, { board: 'gamma' });
    const status = await adapter.status();
    expect(status.running).toBe(true);
    expect(adapter.capabilities.softStop).toBe(false);
    const error = await adapter.apply(OFF).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNSUPPORTED', retryable: false });
    expect((error as Error).message).toMatch(/v2\.13\.1 cannot pause.*companion smart plug/);
    expect(writes(emulator)).toEqual([]);
  });

  it('restarts after a change only when configured to (old firmware)', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma', restartAfterChange: true });
    const result = await adapter.apply(adapter.levels()[1]!);
    expect(result).toEqual({ accepted: true, detail: 'restarting to apply the new frequency and voltage' });
    expect(writes(emulator)).toEqual([
      'PATCH /api/system {"frequency":400,"coreVoltage":1000}',
      'POST /api/system/restart ',
    ]);
    await adapter.apply(adapter.levels()[1]!);
    expect(emulator.state.restarts).toBe(1); // unchanged settings: no second restart
  });

  it('tells the truth when a reboot lost the pause (AxeOS keeps it in RAM only)', async () => {
    const { adapter, emulator } = await start({}, { board: 'gamma' });
    await adapter.apply(OFF);
    expect((await adapter.status()).levelId).toBe('off');
    const restart = await fetch(`http://127.0.0.1:${emulator.port}/api/system/restart`, { method: 'POST' });
    expect(await restart.json()).toEqual({ message: 'System will restart shortly.' });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'stock' });
  });

  it('probes bitaxe:// and bare http:// URLs; other families reject it', async () => {
    const { emulator } = await start();
    const { deps } = testAdapterDeps();
    for (const scheme of ['bitaxe', 'http']) {
      const probe = await bitaxeMiner.probe!(new URL(`${scheme}://127.0.0.1:${emulator.port}`), deps);
      expect(probe.info).toEqual({
        family: 'bitaxe',
        model: 'Bitaxe gamma (BM1370)',
        firmware: 'v2.15.0',
        serial: '24:58:7C:CD:9A:10',
      });
      expect(probe.status).toMatchObject({ running: true, levelId: 'stock' });
      expect(probe.levels.map((l) => l.id)).toEqual(['off', 'eco', 'stock']);
    }
    const asBraiins = await braiinsMiner.probe!(new URL(`http://127.0.0.1:${emulator.port}`), deps).catch(
      (e) => e,
    );
    expect(asBraiins).toMatchObject({ code: 'UNSUPPORTED' });
  });
});

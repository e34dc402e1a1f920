import { afterEach, describe, expect, it } from 'vitest';
import { type BitaxeEmulator, startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: Bitaxe (AxeOS) through the agent', () => {
  let emu: BitaxeEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('cold room: stock frequency/voltage + resume on the wire, read back; warm room: pause, read back', async () => {
    emu = await startBitaxeEmulator();
    Object.assign(emu.state, { paused: true, frequency: 400, coreVoltage: 1000 }); // paused at eco
    e = await startE2eAgent({
      // No levels configured: the board (Gamma, BM1370) is detected from the device before the model is built.
      miners: `  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${emu.port}", timeoutMs: 2000 }`,
    });
    expect(e.agent.model.miners[0]!.levels.map((l) => l.id)).toEqual(['off', 'eco', 'stock']);
    const writes = () =>
      emu!.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path} ${r.body}`.trim());

    expect(await e.tickFor('gamma')).toMatchObject({ levelId: 'stock', command: true });
    expect(writes()).toEqual([
      'PATCH /api/system {"frequency":525,"coreVoltage":1150}',
      'POST /api/system/resume',
    ]);
    expect(await e.readBack('gamma')).toMatchObject({ reachable: true, running: true, levelId: 'stock' });
    expect(e.agent.statuses().gamma!.ths).toBeCloseTo(1.071, 3);

    e.warmRoom();
    expect(await e.tickFor('gamma')).toMatchObject({ levelId: 'off', command: true });
    expect(writes().at(-1)).toBe('POST /api/system/pause');
    expect(emu.state.paused).toBe(true);
    expect(await e.readBack('gamma')).toMatchObject({ reachable: true, running: false, levelId: 'off' });
    expect(e.taken('gamma')).toEqual(['stock', 'off']);
  });
});

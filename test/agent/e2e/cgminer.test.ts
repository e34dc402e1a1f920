import { afterEach, describe, expect, it } from 'vitest';
import { type StockMiner, startStockMiner } from '../../emulators/cgminer-miner.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: cgminer family with pause/resume through the agent', () => {
  let emu: StockMiner | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('cold room: resume on the wire, read back hashing; warm room: pause, read back idle', async () => {
    emu = await startStockMiner({ flavour: 'cgminer', ths: 110, pauseResume: true });
    emu.state.hashing = false; // left paused
    e = await startE2eAgent({
      miners: `  - id: rig
    type: cgminer
    zone: living
    host: 127.0.0.1
    port: ${emu.port}
    timeoutMs: 2000
    settleMs: 200
    levels: [{ id: full, powerW: 3250, ths: 110 }]
    control: { off: { command: pause }, on: { command: resume } }`,
    });

    expect(await e.tickFor('rig')).toMatchObject({ levelId: 'full', command: true });
    const writes = () => emu!.requests.filter((r) => /pause|resume/.test(r));
    expect(writes()).toEqual(['{"command":"resume"}']);
    expect(emu.state.hashing).toBe(true);
    expect(await e.readBack('rig')).toMatchObject({ reachable: true, running: true, levelId: 'full' });
    expect(e.agent.statuses().rig!.ths).toBeCloseTo(110, 6);

    e.warmRoom();
    expect(await e.tickFor('rig')).toMatchObject({ levelId: 'off', command: true });
    expect(writes()).toEqual(['{"command":"resume"}', '{"command":"pause"}']);
    expect(await e.readBack('rig')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      ths: 0,
    });
    expect(e.taken('rig')).toEqual(['full', 'off']);
  });
});

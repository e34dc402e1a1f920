import { afterEach, describe, expect, it } from 'vitest';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: the simulated miner through the agent', () => {
  let e: E2eAgent | undefined;
  afterEach(async () => e?.stop());

  it('cold room: the top level, read back; warm room: off, read back (the in-memory device is the wire)', async () => {
    e = await startE2eAgent({
      miners: `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }`,
    });
    const device = e.agent.miners.get('nano')!.adapter;

    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high', command: true });
    expect(await device.status()).toMatchObject({ running: true, levelId: 'high', powerW: 140 });
    expect(await e.readBack('nano')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'high',
      ths: 6,
    });

    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off', command: true });
    expect(await e.readBack('nano')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
    expect(e.taken('nano')).toEqual(['high', 'off']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type BraiinsEmulator, startBraiinsEmulator } from '../../emulators/braiins.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: Braiins OS through the agent', () => {
  let emu: BraiinsEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await emu?.close();
  });

  it('cold room: top power target + resume on the wire, read back; warm room: pause, read back', async () => {
    emu = await startBraiinsEmulator({ range: { minW: 1700, maxW: 3500, defaultW: 3068 } });
    emu.state.paused = true;
    e = await startE2eAgent({
      // No levels configured: steps across the range the miner reports, learned before the model is built.
      miners: `  - { id: s19, type: braiins, zone: living, host: "127.0.0.1:${emu.port}", password: secret, timeoutMs: 2000 }`,
    });
    expect(e.agent.model.miners[0]!.levels.map((l) => l.id)).toEqual([
      'off',
      'w1700',
      'w2300',
      'w2900',
      'w3500',
    ]);
    const writes = () =>
      emu!.requests.filter((r) => r.method === 'PUT').map((r) => `${r.method} ${r.path} ${r.body}`.trim());

    expect(await e.tickFor('s19')).toMatchObject({ levelId: 'w3500', command: true });
    expect(writes()).toEqual([
      'PUT /api/v1/performance/power-target {"watt":3500}',
      'PUT /api/v1/actions/resume',
    ]);
    expect(emu.state).toEqual({ paused: false, targetW: 3500 });
    expect(await e.readBack('s19')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'w3500',
      powerW: 3500,
    });

    e.warmRoom();
    expect(await e.tickFor('s19')).toMatchObject({ levelId: 'off', command: true });
    expect(writes().at(-1)).toBe('PUT /api/v1/actions/pause');
    expect(await e.readBack('s19')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
    expect(e.taken('s19')).toEqual(['w3500', 'off']);
    expect(emu.logins()).toBe(1);
  });
});

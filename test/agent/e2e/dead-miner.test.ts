import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../contract/miner-contract.js';
import { startBitaxeEmulator } from '../../emulators/bitaxe.js';
import { startBraiinsEmulator } from '../../emulators/braiins.js';
import { type E2eAgent, startE2eAgent, watchUnhandled } from './harness.js';

describe('end to end: a miner whose device dies mid-run', () => {
  const open: EmulatorHandle[] = [];
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it('the agent keeps ticking, the other miner keeps obeying, the dead one is logged once', async () => {
    const unhandled = watchUnhandled();
    const braiins = await startBraiinsEmulator();
    const bitaxe = await startBitaxeEmulator();
    bitaxe.state.paused = true;
    open.push(bitaxe);
    e = await startE2eAgent({
      miners: `  - { id: s19, type: braiins, zone: living, host: "127.0.0.1:${braiins.port}", password: secret, timeoutMs: 2000 }
  - { id: gamma, type: bitaxe, zone: living, host: "127.0.0.1:${bitaxe.port}", timeoutMs: 2000 }`,
    });
    await e.agent.tick();
    await e.agent.tick();
    expect(e.agent.statuses().s19).toMatchObject({ reachable: true, running: true });
    expect(e.agent.statuses().gamma).toMatchObject({ reachable: true, running: true, levelId: 'stock' });

    await braiins.close(); // the S19 loses power: its port now refuses connections
    for (let i = 0; i < 4; i++) {
      const record = await e.agent.tick();
      expect(record?.decisions.map((d) => d.minerId)).toEqual(['s19', 'gamma']);
    }
    expect(e.agent.statuses().s19).toMatchObject({
      reachable: false,
      error: expect.stringMatching(/^UNREACHABLE: /),
    });
    expect(e.agent.statuses().gamma).toMatchObject({ reachable: true, running: true, levelId: 'stock' });

    // The room warms up: the live miner is paused on the wire; the dead one's stop fails quietly.
    e.warmRoom();
    const warm = await e.agent.tick();
    expect(warm?.decisions.map((d) => [d.minerId, d.levelId])).toEqual([
      ['s19', 'off'],
      ['gamma', 'off'],
    ]);
    expect(bitaxe.requests.filter((r) => r.method !== 'GET').at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/system/pause',
    });
    expect(bitaxe.state.paused).toBe(true);
    // Read back right after the command: the new state is there before the next tick.
    expect(e.agent.statuses().gamma).toMatchObject({ reachable: true, running: false, levelId: 'off' });

    const lines = (msg: string, miner: string) =>
      e!.log.entries.filter((l) => l.msg === msg && l.miner === miner);
    expect(lines('miner unreachable', 's19')).toHaveLength(1);
    expect(lines('miner did not take the command; retrying with backoff', 's19')).toHaveLength(1);
    expect(lines('miner unreachable', 'gamma')).toHaveLength(0);
    expect(e.taken('gamma')).toEqual(['stock', 'off']);
    expect(unhandled.stop()).toEqual([]);
  });
});

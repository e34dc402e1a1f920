import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../contract/miner-contract.js';
import { startStockMiner } from '../../emulators/cgminer-miner.js';
import { startShellyEmulator } from '../../emulators/shelly.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

const LEVELS = '[{ id: full, powerW: 3250, ths: 110 }]';

describe('end to end: a miner that cannot stop softly, alone and behind a Shelly companion plug', () => {
  const open: EmulatorHandle[] = [];
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  it('warm room: the bare one reports UNSUPPORTED (logged once), the plugged one is cut by its plug', async () => {
    const bare = await startStockMiner({ flavour: 'bmminer', ths: 110 });
    const behindPlug = await startStockMiner({ flavour: 'bmminer', ths: 110 });
    const plug = await startShellyEmulator({ loadW: 3250 }); // relay off: the miner is unpowered
    open.push(bare, behindPlug, plug);
    // Stock bmminer: no API command stops hashing (no `control`), so no soft stop.
    e = await startE2eAgent({
      miners: `  - { id: bare, type: cgminer, zone: living, host: 127.0.0.1, port: ${bare.port}, levels: ${LEVELS}, timeoutMs: 2000 }
  - id: plugged
    type: cgminer
    zone: living
    host: 127.0.0.1
    port: ${behindPlug.port}
    levels: ${LEVELS}
    timeoutMs: 2000
    companion: { type: shelly, host: "${plug.host}", timeoutMs: 2000, bootSeconds: 120 }`,
    });
    const relay = () => plug.requests.filter((r) => r.rpcMethod === 'Switch.Set').map((r) => r.params.on);

    // Cold: both should run. The plug powers its miner on; the level follows once it answers.
    const first = await e.agent.tick();
    expect(first?.decisions.map((d) => [d.minerId, d.levelId])).toEqual([
      ['bare', 'full'],
      ['plugged', 'full'],
    ]);
    expect(relay()).toEqual([true]);
    await e.agent.tick();
    expect(e.agent.statuses().bare).toMatchObject({ reachable: true, running: true, levelId: 'full' });
    expect(e.agent.statuses().plugged).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'full',
      powerW: 3250,
    });

    e.warmRoom();
    const warm = await e.agent.tick();
    expect(warm?.decisions.map((d) => [d.minerId, d.levelId, d.command])).toEqual([
      ['bare', 'off', true],
      ['plugged', 'off', true],
    ]);
    expect(relay()).toEqual([true, false]);
    const refusals = () =>
      e!.log.entries.filter((l) => l.msg === 'miner did not take the command; retrying with backoff');
    expect(refusals().filter((l) => l.miner === 'bare')).toHaveLength(1);
    expect(refusals().find((l) => l.miner === 'bare')?.detail).toMatch(/^UNSUPPORTED: bare: .*smart plug/);

    for (let i = 0; i < 3; i++) await e.agent.tick();
    // Still hashing: nothing could stop it; the agent neither crashed nor repeated the complaint.
    expect(e.agent.statuses().bare).toMatchObject({ reachable: true, running: true, levelId: 'full' });
    expect(refusals().filter((l) => l.miner === 'bare')).toHaveLength(1);
    expect(e.agent.statuses().plugged).toMatchObject({ running: false, levelId: 'off', powerW: 0 });
    expect(plug.output()).toBe(false);
    expect(relay()).toEqual([true, false]);
  });
});

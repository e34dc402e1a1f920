import { afterEach, describe, expect, it } from 'vitest';
import { type ShellyEmulator, startShellyEmulator } from '../../emulators/shelly.js';
import { tempDataDir } from '../../fakes/agent-config.js';
import { FakeClock } from '../../fakes/clock.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

const MINER = `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }`;

describe('end to end: a fan on a Shelly plug follows the miner (issue 19, followers)', () => {
  let fan: ShellyEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await fan?.close();
  });

  it('on while the miner runs, on for its run-on time after it stops, then off', async () => {
    fan = await startShellyEmulator({ initialOn: true });
    e = await startE2eAgent({
      miners: MINER,
      yaml: `followers:
  - { id: fan, miners: [nano], runOnMinutes: 2, plug: { type: shelly, host: "${fan.host}", timeoutMs: 2000 } }
`,
    });
    // A cold room: the miner starts, and the fan with it.
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'high' });
    expect(fan.output()).toBe(true);

    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off' });
    expect(fan.output()).toBe(true);
    await e.clock.advance(60_000);
    e.warmRoom();
    await e.tickFor('nano');
    expect(fan.output()).toBe(true);
    await e.clock.advance(61_000);
    e.warmRoom();
    await e.tickFor('nano');
    expect(fan.output()).toBe(false);
    const sets = fan.requests.filter((r) => r.rpcMethod === 'Switch.Set').map((r) => r.params);
    expect(sets).toEqual([
      { id: 0, on: true },
      { id: 0, on: false },
    ]);
  });

  it('a fan left on by a restart while its miner stays off is switched off on the first tick', async () => {
    fan = await startShellyEmulator({ initialOn: true });
    e = await startE2eAgent({
      miners: MINER,
      yaml: `followers:
  - { id: fan, miners: [nano], plug: { type: shelly, host: "${fan.host}", timeoutMs: 2000 } }
`,
    });
    e.warmRoom();
    expect(await e.tickFor('nano')).toMatchObject({ levelId: 'off' });
    expect(fan.output()).toBe(false);
  });

  it('a run-on outlasts a restart of the agent (the state file keeps when its miner last ran)', async () => {
    fan = await startShellyEmulator();
    const clock = new FakeClock();
    const dataDir = tempDataDir();
    const yaml = `followers:
  - { id: fan, miners: [nano], runOnMinutes: 2, plug: { type: shelly, host: "${fan.host}", timeoutMs: 2000 } }
`;
    const first = await startE2eAgent({ miners: MINER, yaml, clock, dataDir });
    expect(await first.tickFor('nano')).toMatchObject({ levelId: 'high' });
    first.warmRoom();
    expect(await first.tickFor('nano')).toMatchObject({ levelId: 'off' });
    await first.stop();
    await clock.advance(60_000);
    e = await startE2eAgent({ miners: MINER, yaml, clock, dataDir });
    e.warmRoom();
    await e.tickFor('nano');
    expect(fan.output()).toBe(true);
    await clock.advance(61_000);
    e.warmRoom();
    await e.tickFor('nano');
    expect(fan.output()).toBe(false);
  });
});

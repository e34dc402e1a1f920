import { afterEach, describe, expect, it } from 'vitest';
import { type ShellyEmulator, startShellyEmulator } from '../../emulators/shelly.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: a miner behind a Shelly plug through the agent', () => {
  let device: ShellyEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await device?.close();
  });

  it('cold room: Switch.Set on (with digest auth), read back metered; warm room: Switch.Set off, read back', async () => {
    device = await startShellyEmulator({ password: 'hunter2', loadW: 1180 });
    e = await startE2eAgent({
      miners: `  - { id: heater, type: shelly, zone: living, host: "${device.host}", password: hunter2, powerW: 1200, ths: 40, timeoutMs: 2000 }`,
    });
    const sets = () =>
      device!.requests.filter((r) => r.rpcMethod === 'Switch.Set' && r.authorized).map((r) => r.params);

    expect(await e.tickFor('heater')).toMatchObject({ levelId: 'on', command: true });
    expect(sets()).toEqual([{ id: 0, on: true }]);
    expect(device.output()).toBe(true);
    expect(await e.readBack('heater')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'on',
      powerW: 1180,
      ths: 40,
    });

    e.warmRoom();
    expect(await e.tickFor('heater')).toMatchObject({ levelId: 'off', command: true });
    expect(sets()).toEqual([
      { id: 0, on: true },
      { id: 0, on: false },
    ]);
    expect(await e.readBack('heater')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
    expect(e.taken('heater')).toEqual(['on', 'off']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { type HaEmulator, startHaEmulator } from '../../emulators/homeassistant.js';
import { FakeClock } from '../../fakes/clock.js';
import { type E2eAgent, startE2eAgent } from './harness.js';

describe('end to end: a miner behind a Home Assistant switch through the agent', () => {
  let ha: HaEmulator | undefined;
  let e: E2eAgent | undefined;
  afterEach(async () => {
    await e?.stop();
    await ha?.close();
  });

  it('cold room: switch.turn_on, read back with the power sensor; warm room: switch.turn_off, read back', async () => {
    const clock = new FakeClock();
    ha = await startHaEmulator({
      now: () => clock.now(),
      onSwitch(entityId, on, emulator) {
        if (entityId === 'switch.miner_plug')
          emulator.setState('sensor.miner_plug_power', on ? '1.31' : '0.002', { unit_of_measurement: 'kW' });
      },
    });
    ha.setState('switch.miner_plug', 'off', { friendly_name: 'Miner plug' });
    ha.setState('sensor.miner_plug_power', '0.002', { unit_of_measurement: 'kW' });
    e = await startE2eAgent({
      clock,
      yaml: `homeassistant: { url: "${ha.url}", token: ${ha.token}, timeoutMs: 2000 }`,
      miners: `  - { id: garage, type: homeassistant-switch, zone: living, entity: switch.miner_plug, powerEntity: sensor.miner_plug_power, levels: [{ id: heat, powerW: 1300, ths: 95 }], timeoutMs: 2000 }`,
    });

    expect(await e.tickFor('garage')).toMatchObject({ levelId: 'heat', command: true });
    expect(ha.serviceCalls).toEqual([
      { service: 'switch.turn_on', data: { entity_id: 'switch.miner_plug' } },
    ]);
    expect(ha.state('switch.miner_plug')).toBe('on');
    expect(await e.readBack('garage')).toMatchObject({
      reachable: true,
      running: true,
      levelId: 'heat',
      powerW: 1310,
      ths: 95,
    });

    e.warmRoom();
    expect(await e.tickFor('garage')).toMatchObject({ levelId: 'off', command: true });
    expect(ha.serviceCalls.at(-1)).toEqual({
      service: 'switch.turn_off',
      data: { entity_id: 'switch.miner_plug' },
    });
    expect(await e.readBack('garage')).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 2,
    });
    expect(e.taken('garage')).toEqual(['heat', 'off']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHomeAssistantClient } from '../../../adapters/homeassistant/client.js';
import { haSwitchMiner } from '../../../adapters/miners/switches/ha-switch.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { type HaEmulator, startHaEmulator } from '../../emulators/homeassistant.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';

const levels = [{ id: 'heat', powerW: 1300, ths: 95 }];

/** An emulator whose plug meters the miner behind it (kW, like some integrations report). */
async function startHa(options: { delayMs?: number; silent?: boolean } = {}): Promise<HaEmulator> {
  const ha = await startHaEmulator({
    onSwitch(entityId, on, emulator) {
      if (entityId !== 'switch.miner_plug') return;
      if (options.silent) {
        emulator.setState(entityId, on ? 'off' : 'on'); // the device has not answered HA (the test will)
      } else if (options.delayMs) {
        emulator.setState(entityId, on ? 'off' : 'on'); // the device has not answered HA yet
        setTimeout(() => emulator.setState(entityId, on ? 'on' : 'off'), options.delayMs);
      }
      emulator.setState('sensor.miner_plug_power', on ? '1.31' : '0.002', { unit_of_measurement: 'kW' });
    },
  });
  ha.setState('switch.miner_plug', 'off', { friendly_name: 'Miner plug' });
  ha.setState('sensor.miner_plug_power', '0', { unit_of_measurement: 'kW' });
  return ha;
}

function makeAdapter(ha: HaEmulator, fields: Record<string, unknown> = {}, token = ha.token): MinerAdapter {
  // The switch polls Home Assistant on deps.clock until the emulator (real time) shows the change.
  const { deps } = testAdapterDeps({ clock: systemClock });
  const client = createHomeAssistantClient({ url: ha.url, token, timeoutMs: 300 }, deps);
  const config = haSwitchMiner.schema.parse({
    id: 'garage',
    type: 'homeassistant-switch',
    entity: 'switch.miner_plug',
    powerEntity: 'sensor.miner_plug_power',
    levels,
    timeoutMs: 300,
    ...fields,
  });
  return haSwitchMiner.create(config as never, { ...deps, homeassistant: client });
}

runMinerContract({
  family: 'homeassistant-switch',
  faults: ['no-answer', 'slow', 'garbage', 'reset', 'auth'],
  async setup() {
    const ha = await startHa();
    return { adapter: makeAdapter(ha), emulator: ha, timeoutMs: 300 };
  },
});

describe('homeassistant-switch miner', () => {
  let ha: HaEmulator;
  beforeAll(async () => {
    ha = await startHa({ delayMs: 150 });
  });
  afterAll(async () => ha.close());

  it('calls the services, waits for HA to show the new state, reports the power sensor in W', async () => {
    const adapter = makeAdapter(ha, { timeoutMs: 1000 });
    expect(adapter.capabilities.reportsPower).toBe(true);
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: true });
    expect(ha.serviceCalls.at(-1)).toEqual({
      service: 'switch.turn_on',
      data: { entity_id: 'switch.miner_plug' },
    });
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'heat', powerW: 1310 });
    expect(await adapter.apply(adapter.levels()[0]!)).toEqual({ accepted: true });
    expect(ha.serviceCalls.at(-1)!.service).toBe('switch.turn_off');
    expect((await adapter.status()).powerW).toBeCloseTo(2, 6);
  });

  it('reports "still off" when HA does not show the change in time', async () => {
    const silent = await startHa({ silent: true });
    const adapter = makeAdapter(silent, { timeoutMs: 50 });
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({
      accepted: false,
      detail: 'homeassistant switch.miner_plug still off',
    });
    // The device answers HA later; the next status reads it back as running.
    silent.setState('switch.miner_plug', 'on');
    expect((await adapter.status()).running).toBe(true);
    await silent.close();
  });

  it('is unreachable while HA shows the plug unavailable; power is optional', async () => {
    ha.setState('switch.lonely', 'unavailable');
    const adapter = makeAdapter(ha, { entity: 'switch.lonely', powerEntity: undefined });
    expect(adapter.capabilities.reportsPower).toBe(false);
    await expect(adapter.status()).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: 'homeassistant switch.lonely is unavailable in Home Assistant',
    });
    ha.setState('switch.lonely', 'on');
    const status = await adapter.status();
    expect(status.running).toBe(true);
    expect(status.powerW).toBeUndefined();
  });

  it('uses the entity domain for the service (input_boolean) and refuses a bad token', async () => {
    ha.setState('input_boolean.miner', 'off');
    const adapter = makeAdapter(ha, { entity: 'input_boolean.miner', powerEntity: undefined });
    expect((await adapter.apply(adapter.levels()[1]!)).accepted).toBe(true);
    expect(ha.serviceCalls.at(-1)!.service).toBe('input_boolean.turn_on');
    const intruder = makeAdapter(ha, {}, 'stolen');
    await expect(intruder.status()).rejects.toMatchObject({ code: 'AUTH' });
  });

  it('fails with UNSUPPORTED, not a crash, without a homeassistant section', async () => {
    const { deps } = testAdapterDeps();
    const config = haSwitchMiner.schema.parse({
      id: 'x',
      type: 'homeassistant-switch',
      entity: 'switch.a',
      levels,
    });
    const adapter = haSwitchMiner.create(config as never, deps);
    await expect(adapter.status()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqttSwitchMiner } from '../../../adapters/miners/switches/mqtt-switch.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { MqttBus } from '../../../src/mqtt/bus.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { type MqttPlugEmulator, startMqttPlugEmulator } from '../../emulators/mqtt-plug.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { createTestBus, deliveredFrom, startTestBroker, type TestBroker } from '../../fakes/mqtt-test-bus.js';

const levels = [{ id: 'run', powerW: 900, ths: 40 }];

/** A zigbee2mqtt plug as a miner; `query: false` relies on pushed (retained) states only. */
function makeAdapter(
  bus: MqttBus,
  base: string,
  options: { query?: boolean; timeoutMs?: number } = {},
): MinerAdapter {
  // Reply timeouts run on deps.clock while the emulated device answers over a real broker.
  const { deps } = testAdapterDeps({ clock: systemClock });
  const config = mqttSwitchMiner.schema.parse({
    id: 'plugged',
    type: 'mqtt-switch',
    levels,
    timeoutMs: options.timeoutMs ?? 300,
    commandTopic: `${base}/set`,
    payloadOn: '{"state":"ON"}',
    payloadOff: '{"state":"OFF"}',
    stateTopic: base,
    stateField: 'state',
    ...(options.query === false ? {} : { queryTopic: `${base}/get`, queryPayload: '{"state":""}' }),
    powerTopic: base,
    powerField: 'power',
    availabilityTopic: `${base}/availability`,
    availabilityField: 'state',
  });
  return mqttSwitchMiner.create(config as never, { ...deps, mqtt: bus });
}

runMinerContract({
  family: 'mqtt-switch',
  faults: ['no-answer', 'slow', 'garbage', 'reset'],
  async setup() {
    const broker = await startTestBroker();
    const bus = await createTestBus(broker.url);
    const device = await startMqttPlugEmulator(broker.url, 'zigbee2mqtt/miner_plug');
    const adapter = makeAdapter(bus, 'zigbee2mqtt/miner_plug');
    const emulator = {
      setFault: device.setFault,
      async close() {
        await device.close();
        await bus.close();
        await broker.close();
      },
    };
    return { adapter, emulator, timeoutMs: 300 };
  },
});

describe('mqtt-switch miner', () => {
  let broker: TestBroker;
  let bus: MqttBus;
  let device: MqttPlugEmulator;
  beforeAll(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
    device = await startMqttPlugEmulator(broker.url, 'z2m/plug2', 750);
  });
  afterAll(async () => {
    await device.close();
    await bus.close();
    await broker.close();
  });

  it('without a query topic, reads the state the device pushed (retained) and its power', async () => {
    const adapter = makeAdapter(bus, 'z2m/plug2', { query: false });
    expect(await adapter.status()).toMatchObject({
      reachable: true,
      running: false,
      levelId: 'off',
      powerW: 0,
    });
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({ accepted: true });
    expect(device.on).toBe(true);
    expect(await adapter.status()).toMatchObject({ running: true, levelId: 'run', powerW: 750 });
    await adapter.apply(adapter.levels()[0]!);
    await adapter.close();
  });

  it('says "still off" when the device ignores the command', async () => {
    const adapter = makeAdapter(bus, 'z2m/plug2', { query: false, timeoutMs: 150 });
    await adapter.status();
    device.setFault('no-answer');
    expect(await adapter.apply(adapter.levels()[1]!)).toEqual({
      accepted: false,
      detail: 'mqtt-switch z2m/plug2/set still off',
    });
    device.setFault('none');
    await adapter.close();
  });

  it('fails fast when availability says offline and there is no way to ask', async () => {
    const adapter = makeAdapter(bus, 'z2m/plug2', { query: false });
    await adapter.status();
    device.setFault('reset');
    await deliveredFrom(device, bus); // the adapter has seen the availability go offline
    const started = performance.now();
    await expect(adapter.status()).rejects.toMatchObject({ code: 'UNREACHABLE' });
    expect(performance.now() - started).toBeLessThan(50);
    device.setFault('none');
    await adapter.close();
  });

  it('times out when a device never reported any state', async () => {
    const adapter = makeAdapter(bus, 'z2m/nobody', { query: false, timeoutMs: 100 });
    await expect(adapter.status()).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: 'mqtt-switch z2m/nobody/set: no state reply in 100 ms',
    });
    await adapter.close();
  });
});

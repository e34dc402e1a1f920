import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tasmotaPlug } from '../../../adapters/plugs/tasmota-plug.js';
import { parseConfig } from '../../../config/loader.js';
import { createMiners } from '../../../src/agent/wiring.js';
import type { MqttBus } from '../../../src/mqtt/bus.js';
import { startTasmotaEmulator, type TasmotaEmulator } from '../../emulators/tasmota.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { createTestBus, roundTrip, startTestBroker, type TestBroker } from '../../fakes/mqtt-test-bus.js';

describe('tasmota companion plug', () => {
  let broker: TestBroker;
  let bus: MqttBus;
  let device: TasmotaEmulator;
  beforeAll(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
    device = await startTasmotaEmulator(broker.url, { topic: 'plug_garage', loadW: 95 });
  });
  afterAll(async () => {
    await roundTrip(bus); // as in the second test: unsubscribed before the device's will
    await device.close();
    await bus.close();
    await broker.close();
  });

  it('reads and switches the relay as a PowerSwitch', async () => {
    const config = tasmotaPlug.schema.parse({ type: 'tasmota', topic: 'plug_garage', timeoutMs: 300 });
    const { deps } = testAdapterDeps();
    const plug = tasmotaPlug.create(config as never, { ...deps, mqtt: bus });
    expect(plug.label).toBe('tasmota plug_garage');
    expect((await plug.read()).on).toBe(false);
    await plug.set(true);
    expect(device.on).toBe(true);
    await plug.read(); // asks Status 10 for the meter
    await vi.waitFor(async () => expect(await plug.read()).toEqual({ on: true, powerW: 95 }));
    await plug.set(false);
    expect((await plug.read()).on).toBe(false);
    await plug.close();
  });

  it('fronts any miner from the config: powers it on before a start, meters it', async () => {
    // A second plug: aedes 1.2 can drop a subscription re-made right after an unsubscribe of the
    // same filter (mosquitto does not), and the first test's plug unsubscribed plug_garage's topics.
    const shed = await startTasmotaEmulator(broker.url, { topic: 'plug_shed', loadW: 95 });
    const yaml = `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
mqtt: { url: "${broker.url}" }
miners:
  - id: plugged
    type: simulated
    levels: [{ id: low, powerW: 80, ths: 4 }]
    companion: { type: tasmota, topic: plug_shed, timeoutMs: 300, hardOffDelaySeconds: 0 }
`;
    const { deps } = testAdapterDeps();
    const [miner] = createMiners(parseConfig(yaml, {}), { ...deps, mqtt: bus });
    expect(await miner!.status()).toMatchObject({
      reachable: false,
      error: 'powered off by tasmota plug_shed',
    });
    expect(await miner!.apply(miner!.levels()[1]!)).toEqual({
      accepted: false,
      pending: true,
      detail: 'booting',
    });
    expect(shed.on).toBe(true);
    await vi.waitFor(async () =>
      expect(await miner!.status()).toMatchObject({ reachable: true, powerW: 95 }),
    );
    await miner!.close();
    // The plug's UNSUBSCRIBEs in force before the device's will goes out: aedes drops a client that
    // acknowledges a message it stopped tracking, and the bus's close then waits its 2 s fallback.
    await roundTrip(bus);
    await shed.close();
  });

  it('asks for the mqtt section when a tasmota companion has none', () => {
    const yaml = `
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners:
  - { id: m, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }], companion: { type: tasmota, topic: p } }
`;
    expect(() => parseConfig(yaml, {})).toThrow(
      'miners[0].companion.type: a tasmota companion needs the mqtt section',
    );
  });
});

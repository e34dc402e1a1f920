import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tasmotaMiner } from '../../../adapters/miners/switches/tasmota.js';
import { systemClock } from '../../../src/agent/clock.js';
import type { MqttBus } from '../../../src/mqtt/bus.js';
import type { MinerAdapter } from '../../../src/ports.js';
import { runMinerContract } from '../../contract/miner-contract.js';
import { startTasmotaEmulator, type TasmotaEmulator } from '../../emulators/tasmota.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import {
  createTestBus,
  deliveredFrom,
  roundTrip,
  startTestBroker,
  type TestBroker,
  waitFor,
} from '../../fakes/mqtt-test-bus.js';

const levels = [{ id: 'on', powerW: 1400, ths: 100 }];

function makeAdapter(bus: MqttBus | undefined, fields: Record<string, unknown> = {}): MinerAdapter {
  // Reply timeouts run on deps.clock while the emulated device answers over a real broker.
  const { deps } = testAdapterDeps({ clock: systemClock });
  const config = tasmotaMiner.schema.parse({
    id: 's9',
    type: 'tasmota',
    topic: 'tasmota_A1B2C3',
    levels,
    timeoutMs: 300,
    ...fields,
  });
  return tasmotaMiner.create(config as never, bus ? { ...deps, mqtt: bus } : deps);
}

runMinerContract({
  family: 'tasmota',
  faults: ['no-answer', 'slow', 'garbage', 'reset'],
  async setup() {
    const broker = await startTestBroker();
    const bus = await createTestBus(broker.url);
    const device = await startTasmotaEmulator(broker.url);
    const adapter = makeAdapter(bus);
    const emulator = {
      setFault: device.setFault,
      async close() {
        await roundTrip(bus); // the adapter's UNSUBSCRIBEs are in force before the device's will goes out
        await device.close();
        await bus.close();
        await broker.close();
      },
    };
    return { adapter, emulator, timeoutMs: 300 };
  },
});

describe('tasmota miner', () => {
  let broker: TestBroker;
  let bus: MqttBus;
  let device: TasmotaEmulator;
  let adapter: MinerAdapter;
  beforeAll(async () => {
    broker = await startTestBroker();
    bus = await createTestBus(broker.url);
    device = await startTasmotaEmulator(broker.url, { loadW: 1320 });
    adapter = makeAdapter(bus);
  });
  afterAll(async () => {
    await adapter.close();
    await roundTrip(bus); // the adapter's UNSUBSCRIBEs are in force before the device's will goes out
    await device.close();
    await bus.close();
    await broker.close();
  });

  it('switches with cmnd/<topic>/POWER and reports measured power from the plug', async () => {
    expect(adapter.capabilities).toEqual({ softStop: false, throttle: false, reportsPower: true });
    const result = await adapter.apply(adapter.levels()[1]!);
    expect(result).toEqual({ accepted: true });
    expect(device.on).toBe(true);
    expect(device.commands).toContain('POWER ON');
    device.publishTele();
    await waitFor(() => device.commands.includes('Status 10'));
    await deliveredFrom(device, bus); // the Status 10 reply has reached the adapter
    const status = await adapter.status();
    expect(status).toMatchObject({ reachable: true, running: true, levelId: 'on', powerW: 1320, ths: 100 });
    await adapter.apply(adapter.levels()[0]!);
    const asked = () => device.commands.filter((c) => c === 'Status 10').length;
    const before = asked();
    await adapter.status(); // asks Status 10 again; the reply lands before the next read
    await waitFor(() => asked() > before);
    await deliveredFrom(device, bus);
    expect(await adapter.status()).toMatchObject({ running: false, levelId: 'off', powerW: 0 });
  });

  it('is unreachable once the broker publishes the LWT Offline, and back after Online', async () => {
    await device.goOffline();
    await expect(adapter.status()).rejects.toMatchObject({
      code: 'UNREACHABLE',
      message: 'tasmota tasmota_A1B2C3 is offline (tele/tasmota_A1B2C3/LWT)',
    });
    await device.comeBack();
    await deliveredFrom(device, bus); // its Online has reached the adapter
    expect((await adapter.status()).reachable).toBe(true);
  });

  it('fails with a typed error, never a crash, without an MQTT connection', async () => {
    const lonely = makeAdapter(undefined);
    await expect(lonely.status()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(lonely.apply(lonely.levels()[1]!)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('accepts the POWER answer of a single-relay device configured as relay 1', async () => {
    const relay1 = makeAdapter(bus, { relay: 1 });
    expect((await relay1.apply(relay1.levels()[1]!)).accepted).toBe(true);
    expect(device.commands).toContain('POWER1 ON');
    expect((await relay1.apply(relay1.levels()[0]!)).accepted).toBe(true);
    expect(device.on).toBe(false);
    await relay1.close();
  });

  it('builds topics from a custom FullTopic and relay number', async () => {
    const subscribed: string[] = [];
    const published: { topic: string; payload: string }[] = [];
    const recording: MqttBus = {
      connected: true,
      publish: (topic, payload) => void published.push({ topic, payload: String(payload) }),
      subscribe: (filter) => {
        subscribed.push(filter);
        return () => undefined;
      },
      onConnect: () => () => undefined,
      close: async () => undefined,
    };
    const relay2 = makeAdapter(recording, {
      topic: 'heater',
      fullTopic: 'home/%topic%/%prefix%/',
      relay: 2,
      timeoutMs: 50,
    });
    await expect(relay2.status()).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(subscribed).toEqual([
      'home/heater/stat/POWER2',
      'home/heater/stat/RESULT',
      'home/heater/tele/SENSOR',
      'home/heater/stat/STATUS10',
      'home/heater/tele/LWT',
    ]);
    expect(published).toEqual([
      { topic: 'home/heater/cmnd/Status', payload: '10' },
      { topic: 'home/heater/cmnd/POWER2', payload: '' },
    ]);
  });

  it('rejects a topic with slashes or wildcards', () => {
    const result = tasmotaMiner.schema.safeParse({ id: 'x', type: 'tasmota', topic: 'a/b', levels });
    expect(result.success).toBe(false);
  });
});

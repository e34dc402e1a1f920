import { describe, expect, it } from 'vitest';
import { mqttSwitchMiner } from '../../../adapters/miners/switches/mqtt-switch.js';
import { tasmotaDevice } from '../../../adapters/miners/switches/tasmota-device.js';
import type { MinerAdapter, MqttBus, MqttMessage } from '../../../src/ports.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock } from '../../fakes/clock.js';

/**
 * A bus the test drives by hand: it holds each publish until the test says the broker acknowledged
 * it (`ack`), and delivers device messages when told, so "a late reply arrives just as the next call
 * starts" happens in a fixed order, without a broker or wall time.
 */
function scriptedBus() {
  const handlers = new Map<string, Set<(message: MqttMessage) => void>>();
  const published: { topic: string; payload: string; onSent?: (() => void) | undefined }[] = [];
  const bus: MqttBus = {
    connected: true,
    publish(topic, payload, options) {
      published.push({ topic, payload: String(payload), onSent: options?.onSent });
    },
    subscribe(filter, handler) {
      const set = handlers.get(filter) ?? new Set();
      handlers.set(filter, set);
      set.add(handler);
      return () => set.delete(handler);
    },
    onConnect: () => () => undefined,
    close: async () => undefined,
  };
  return {
    bus,
    published,
    /** The broker acknowledges every publish so far. */
    ackAll() {
      for (const p of published.splice(0)) p.onSent?.();
    },
    deliver(topic: string, payload: string, retained = false) {
      for (const handler of handlers.get(topic) ?? [])
        handler({ topic, payload: Buffer.from(payload), retained });
    },
  };
}

const settled = async <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

// Tasmota answers `cmnd/<topic>/POWER` on `stat/<topic>/RESULT` {"POWER":"ON"} and
// `stat/<topic>/POWER` ON (tasmota/docs docs/MQTT.md, reference/miners.md §8.2). The command carries
// no id to match, and "other messages may precede messages published as a result of your commands"
// (https://tasmota.github.io/docs/Commands/): only time order and content tell a reply apart.
describe('tasmota: a call never takes a reply meant for an earlier one', () => {
  const setup = () => {
    const clock = new FakeClock();
    const script = scriptedBus();
    const { deps } = testAdapterDeps({ clock });
    const device = tasmotaDevice(
      { topic: 'tasmota_A1B2C3', fullTopic: '%prefix%/%topic%/', sensorMaxAgeSeconds: 600, timeoutMs: 300 },
      { ...deps, mqtt: script.bus },
    );
    return { clock, script, device };
  };

  it('ignores the late answer to a timed-out command that lands before the next query reached the broker', async () => {
    const { clock, script, device } = setup();
    const switching = device.set(true);
    script.ackAll(); // POWER ON reached the broker; the plug does not answer in time
    await clock.advance(300);
    await switching; // a missing confirmation is not an error for set
    const reading = settled(device.read());
    // The plug's late answer to POWER ON arrives before the broker has the query.
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"POWER":"ON"}');
    script.deliver('stat/tasmota_A1B2C3/POWER', 'ON');
    script.ackAll();
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"POWER":"OFF"}'); // the answer to the query
    expect(await reading).toEqual({ value: { on: false } });
  });

  it('a broken reply left over from a failed call does not fail the next one', async () => {
    const { clock, script, device } = setup();
    const first = settled(device.read());
    script.ackAll();
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"POWER":');
    await clock.advance(300); // no valid state came: the broken one is the answer
    expect(await first).toMatchObject({ error: { code: 'BAD_RESPONSE' } });
    const second = settled(device.read());
    script.deliver('stat/tasmota_A1B2C3/POWER', '\u0000\u00ff'); // the rest of the broken answer
    script.ackAll();
    script.deliver('stat/tasmota_A1B2C3/POWER', 'ON');
    expect(await second).toEqual({ value: { on: true } });
  });

  it('takes only a state that answers POWER, and for a switch only the state it asked for', async () => {
    const { script, device } = setup();
    const switching = settled(device.set(false));
    script.ackAll();
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"Command":"Unknown"}'); // another command's result
    script.deliver('stat/tasmota_A1B2C3/POWER', 'ON'); // someone pressed the button: not our OFF
    let done = false;
    void switching.then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"POWER":"OFF"}');
    expect(await switching).toEqual({ value: undefined });
  });

  it('takes a valid state that follows a broken message (the broken one may answer an earlier call)', async () => {
    const { script, device } = setup();
    const reading = settled(device.read());
    script.ackAll();
    script.deliver('stat/tasmota_A1B2C3/POWER', '\u0000\u00ff'); // late garbage, sent before our query reached the plug
    script.deliver('stat/tasmota_A1B2C3/RESULT', '{"POWER":"ON"}');
    expect(await reading).toEqual({ value: { on: true } });
  });

  it('times out when nothing answers after its command reached the broker', async () => {
    const { clock, script, device } = setup();
    const reading = settled(device.read());
    script.deliver('stat/tasmota_A1B2C3/POWER', 'ON'); // before the query reached the broker
    script.ackAll();
    await clock.advance(300);
    expect(await reading).toMatchObject({ error: { code: 'TIMEOUT' } });
  });
});

// zigbee2mqtt: `<base>/set` {"state":"ON"} switches, `<base>/get` {"state":""} asks, and the device
// answers with its state on `<base>` (zigbee2mqtt docs, "MQTT topics and messages"). No id either.
describe('mqtt-switch (zigbee2mqtt): a call never takes a reply meant for an earlier one', () => {
  it('ignores a state that lands before its query reached the broker', async () => {
    const clock = new FakeClock();
    const script = scriptedBus();
    const { deps } = testAdapterDeps({ clock });
    const config = mqttSwitchMiner.schema.parse({
      id: 'plugged',
      type: 'mqtt-switch',
      levels: [{ id: 'run', powerW: 900, ths: 40 }],
      timeoutMs: 300,
      commandTopic: 'zigbee2mqtt/plug/set',
      payloadOn: '{"state":"ON"}',
      payloadOff: '{"state":"OFF"}',
      stateTopic: 'zigbee2mqtt/plug',
      stateField: 'state',
      queryTopic: 'zigbee2mqtt/plug/get',
      queryPayload: '{"state":""}',
    });
    const adapter: MinerAdapter = mqttSwitchMiner.create(config as never, { ...deps, mqtt: script.bus });
    const status = settled(adapter.status());
    script.deliver('zigbee2mqtt/plug', '{"state":"ON"}'); // the late answer to an earlier command
    script.ackAll();
    script.deliver('zigbee2mqtt/plug', '{"state":"OFF"}');
    expect(await status).toMatchObject({ value: { running: false } });
  });
});

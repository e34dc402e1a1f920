import type { MqttClient } from 'mqtt';
import type { EmulatorHandle, Fault } from '../contract/miner-contract.js';
import { connectClient } from '../fakes/mqtt-test-bus.js';

/** A zigbee2mqtt-style plug on a test broker: JSON state topic, `/set` and `/get`, availability. */
export interface MqttPlugEmulator extends EmulatorHandle {
  readonly on: boolean;
  /** Publishes on the plug's own connection (a marker for `deliveredFrom`, after what it sent). */
  publishRaw(topic: string, payload: string): void;
}

/**
 * `<base>` carries `{"state":"ON","power":1400}` (retained), `<base>/set` takes `{"state":"ON"}`,
 * `<base>/get` makes it report, `<base>/availability` is `{"state":"online"}`. Faults: no-answer,
 * slow (1.5 s late), garbage (broken JSON), reset (availability offline, silent).
 */
export async function startMqttPlugEmulator(
  url: string,
  base: string,
  loadW = 900,
): Promise<MqttPlugEmulator> {
  const client: MqttClient = await connectClient(url);
  let on = false;
  let fault: Fault = 'none';
  const report = () => {
    if (fault === 'no-answer' || fault === 'reset') return;
    const payload =
      fault === 'garbage' ? '{"state":' : JSON.stringify({ state: on ? 'ON' : 'OFF', power: on ? loadW : 0 });
    const send = () => client.publish(base, payload, { retain: true });
    if (fault === 'slow') setTimeout(send, 1500);
    else send();
  };
  const availability = (state: string) =>
    client.publishAsync(`${base}/availability`, JSON.stringify({ state }), { retain: true, qos: 1 });

  client.on('message', (topic, payload) => {
    if (topic === `${base}/set`) {
      const state = (JSON.parse(payload.toString()) as { state?: string }).state;
      if (fault !== 'no-answer' && fault !== 'reset')
        on = state === 'ON' ? true : state === 'OFF' ? false : on;
    }
    report();
  });
  await client.subscribeAsync([`${base}/set`, `${base}/get`], { qos: 1 });
  await availability('online');
  report();
  return {
    get on() {
      return on;
    },
    publishRaw(topic, payload) {
      client.publish(topic, payload);
    },
    setFault(next) {
      if (next === 'reset') void availability('offline');
      else if (fault === 'reset') void availability('online');
      fault = next;
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

import mqtt, { type MqttClient } from 'mqtt';
import { mqttSchema } from '../../config/mqtt.js';
import { systemClock } from '../../src/agent/clock.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import { startAedes, type TestBroker } from './broker.js';
import { captureLogger } from './logger.js';

export type { TestBroker };

/** An aedes broker on 127.0.0.1 for one test file (restartable: `stop()` then `start()`). */
export const startTestBroker = startAedes;

let buses = 0;

/** The agent's own MQTT connection (`connectMqtt`) to a test broker, connected, with fast reconnects. */
export async function createTestBus(url: string): Promise<MqttConnection> {
  const config = mqttSchema.parse({
    url,
    clientId: `hashheat_test_${process.pid}_${++buses}`,
    baseTopic: `hashheat_test_${buses}`,
    discovery: false,
    reconnectMinMs: 50,
    reconnectMaxMs: 200,
  });
  const bus = connectMqtt(config, { clock: systemClock, logger: captureLogger().logger });
  if (!(await bus.waitForConnect(3000))) throw new Error(`test bus could not connect to ${url}`);
  return bus;
}

/** A plain client that has finished connecting (device emulators, test publishers). */
export async function connectClient(url: string): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 100 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

/** Waits until `predicate` holds (polling every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import { systemClock } from '../../src/agent/clock.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import type { MqttBus } from '../../src/ports.js';
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

let barriers = 0;

/**
 * Resolves once the broker has processed everything `bus` sent before this call: it subscribes to a
 * fresh topic, publishes to it and waits for the message. A broker handles one client's packets in
 * order (MQTT 3.1.1 §4.6; Mosquitto and aedes both do), so earlier SUBSCRIBEs are then in force.
 * Replaces sleeping "to let the SUBSCRIBE reach the broker".
 */
export async function roundTrip(bus: MqttBus, timeoutMs = 3000): Promise<void> {
  const topic = `hashheat_test_barrier/${process.pid}/${++barriers}`;
  let stop: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    stop = bus.subscribe(topic, () => resolve());
  });
  bus.publish(topic, 'barrier', { qos: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no MQTT round trip within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([arrived, timeout]);
  } finally {
    clearTimeout(timer);
    stop();
  }
}

/**
 * Resolves once `bus` has received everything a device published before this call: the device
 * sends a marker on its own connection (`publishRaw`), and a broker forwards one publisher's messages
 * to a subscriber in the order sent (Mosquitto and aedes do). Replaces sleeping until a reply lands.
 */
export async function deliveredFrom(
  device: { publishRaw(topic: string, payload: string): void },
  bus: MqttBus,
): Promise<void> {
  const topic = `hashheat_test_barrier/${process.pid}/${++barriers}`;
  let stop: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    stop = bus.subscribe(topic, () => resolve());
  });
  await roundTrip(bus); // the marker's subscription is in force before the device sends it
  device.publishRaw(topic, 'barrier');
  try {
    await arrived;
  } finally {
    stop();
  }
}

/** Waits until `predicate` holds (polling every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A source test's MQTT set-up: a broker, the agent's bus on it and a plain publisher, for one file. */
export interface SourceMqtt {
  broker: TestBroker;
  bus: MqttConnection;
  publisher: MqttClient;
}

/** Starts a broker, the agent's bus and a publisher before the file's tests; closes them after. */
export function sourceMqtt(): SourceMqtt {
  const mq = {} as SourceMqtt;
  beforeAll(async () => {
    mq.broker = await startTestBroker();
    mq.bus = await createTestBus(mq.broker.url);
    mq.publisher = await connectClient(mq.broker.url);
  });
  afterAll(async () => {
    await mq.bus?.close();
    await mq.publisher?.endAsync(true);
    await mq.broker?.close();
  });
  return mq;
}

import { createServer, type Server, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import type { MqttBus, MqttMessage } from '../../src/mqtt/bus.js';

/** An in-process aedes broker on 127.0.0.1, port 0. */
export interface TestBroker {
  url: string;
  /** Cuts every client connection (clients reconnect on their own). */
  dropClients(): void;
  close(): Promise<void>;
}

/** Starts an aedes broker for one test file. */
export async function startTestBroker(): Promise<TestBroker> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    dropClients: () => {
      for (const socket of sockets) socket.destroy();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** Whether an MQTT topic filter (`+`, `#`) matches a topic. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
  }
  return f.length === t.length;
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

/**
 * A minimal MqttBus on the `mqtt` package for tests, until the agent's own connection lands.
 * Handlers are matched locally; mqtt.js restores subscriptions after a reconnect.
 */
export async function createTestBus(url: string): Promise<MqttBus> {
  const client = await connectClient(url);
  const handlers = new Set<{ filter: string; handler: (message: MqttMessage) => void }>();
  const connectListeners = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    for (const h of [...handlers])
      if (topicMatches(h.filter, topic)) h.handler({ topic, payload, retained: packet.retain });
  });
  client.on('connect', () => {
    for (const listener of connectListeners) listener();
  });
  return {
    get connected() {
      return client.connected;
    },
    publish(topic, payload, options) {
      client.publish(topic, payload, { retain: options?.retain ?? false, qos: options?.qos ?? 0 });
    },
    subscribe(filter, handler) {
      const entry = { filter, handler };
      handlers.add(entry);
      client.subscribe(filter, { qos: 1 });
      return () => {
        handlers.delete(entry);
        if (![...handlers].some((h) => h.filter === filter)) client.unsubscribe(filter);
      };
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

/** Waits until `predicate` holds (polling every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

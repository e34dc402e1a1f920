import mqtt, { type MqttClient } from 'mqtt';
import { topicMatches } from '../../src/mqtt/topic-filter.js';

/** One message an observer saw. */
export interface SeenMessage {
  topic: string;
  payload: string;
  retained: boolean;
}

/** A plain MQTT.js client playing the other side (Home Assistant, a device, a user) in tests. */
export interface MqttObserver {
  readonly client: MqttClient;
  readonly messages: SeenMessage[];
  /** Latest payload seen on a topic. */
  latest(topic: string): string | undefined;
  /** Messages seen on topics matching a filter. */
  seen(filter: string): SeenMessage[];
  /** Waits until `test` holds, checked now and on each message that arrives (no polling). */
  until(test: () => boolean, timeoutMs?: number): Promise<void>;
  /** Waits for a message on `topic` (seen before or arriving) whose payload passes `test`. */
  waitFor(topic: string, test?: (payload: string) => boolean, timeoutMs?: number): Promise<string>;
  publish(
    topic: string,
    payload: string | Buffer,
    options?: { retain?: boolean; qos?: 0 | 1 },
  ): Promise<void>;
  /** Forgets what was seen so far. */
  clear(): void;
  close(): Promise<void>;
}

/** Connects an observer to `url` and subscribes to `filters` (QoS 1). */
export async function observe(
  url: string,
  filters: string[],
  options: { clientId?: string } = {},
): Promise<MqttObserver> {
  const client = await mqtt.connectAsync(url, {
    reconnectPeriod: 100,
    connectTimeout: 2000,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  // No Nagle delay on the test side: each publish otherwise waits for the broker's delayed ACK (40 ms).
  const noDelay = () => (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
  noDelay();
  client.on('connect', noDelay);
  const messages: SeenMessage[] = [];
  const waiters = new Set<() => void>();
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString('utf8'), retained: packet.retain });
    for (const wake of [...waiters]) wake();
  });
  if (filters.length > 0) await client.subscribeAsync(filters, { qos: 1 });
  const latest = (topic: string) => [...messages].reverse().find((m) => m.topic === topic)?.payload;
  const find = (topic: string, test: (p: string) => boolean) =>
    [...messages].reverse().find((m) => m.topic === topic && test(m.payload));
  return {
    client,
    messages,
    latest,
    seen: (filter) => messages.filter((m) => topicMatches(filter, m.topic)),
    until(test, timeoutMs = 3000) {
      if (test()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`condition not met within ${timeoutMs} ms (${messages.length} messages seen)`));
        }, timeoutMs);
        const wake = () => {
          if (!test()) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
    },
    waitFor(topic, test = () => true, timeoutMs = 3000) {
      const found = find(topic, test);
      if (found) return Promise.resolve(found.payload);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no message on ${topic} within ${timeoutMs} ms (last: ${latest(topic)})`));
        }, timeoutMs);
        const wake = () => {
          const hit = find(topic, test);
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(hit.payload);
        };
        waiters.add(wake);
      });
    },
    async publish(topic, payload, publishOptions = {}) {
      await client.publishAsync(topic, payload, {
        qos: publishOptions.qos ?? 1,
        retain: publishOptions.retain ?? false,
      });
    },
    clear() {
      messages.length = 0;
    },
    async close() {
      await client.endAsync(true);
    },
  };
}

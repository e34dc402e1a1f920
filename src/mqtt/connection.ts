import type { IPublishPacket, MqttClient } from 'mqtt';
import { lazyRequire } from '../lazy-require.js';

const mqtt = lazyRequire<typeof import('mqtt')>('mqtt');

import type { MqttConfig } from '../../config/mqtt.js';
import type { Clock, Deps } from '../ports.js';
import type { MqttBus, MqttMessage, PublishOptions } from './bus.js';
import {
  brokerEndpoint,
  clientOptionsOf,
  type MqttRole,
  redactedUrl,
  statusTopicOf,
} from './client-options.js';
import { OfflineQueue } from './offline-queue.js';
import { isPublishTopic, topicMatches } from './topic-filter.js';

/** The bus plus what `hashheat check` needs to report on the broker. */
export interface MqttConnection extends MqttBus {
  /** Text of the last connection error (refused, auth, DNS, TLS …), cleared on connect. */
  readonly lastError: string | undefined;
  /** Publishes waiting for the broker. */
  readonly queued: number;
  /** Resolves true once connected, false after `timeoutMs` without a connection. */
  waitForConnect(timeoutMs: number): Promise<boolean>;
}

type Handler = (message: MqttMessage) => void;

/** Wall-clock timers (the default for reconnects). */
const wallTimers: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Connects to the broker of the `mqtt` config section and keeps the connection up: reconnects with
 * a doubling backoff, restores every subscription, then runs the `onConnect` listeners. As the agent
 * it announces itself with a retained `online` on `<base>/status` and leaves a retained `offline` last
 * will there; `close()` publishes `offline` itself (a clean disconnect discards the will).
 * Reconnect timing is transport, not decision logic: it runs on `deps.timers`, wall time unless a test
 * injects a fake clock (the decision clock `deps.clock` stays out of it, so a test that freezes
 * decision time still reconnects).
 */
export function connectMqtt(
  config: MqttConfig,
  deps: Deps & { timers?: Clock },
  role: MqttRole = 'agent',
  protocolVersion: 4 | 5 = 4,
): MqttConnection {
  const timers = deps.timers ?? wallTimers;
  const logger = deps.logger.child({ component: 'mqtt' });
  const url = redactedUrl(config.url);
  const client: MqttClient = mqtt().connect(
    brokerEndpoint(config.url).url,
    clientOptionsOf(config, role, protocolVersion),
  );
  const handlers = new Map<string, Set<Handler>>();
  const connectListeners = new Set<() => void>();
  const queue = new OfflineQueue(config.maxQueued);
  let connected = false;
  let everConnected = false;
  let closing = false;
  let lastError: string | undefined;
  let errorLogged = false;
  let dropLogged = false;
  let attempts = 0;
  let reconnectTimer: unknown;

  const send = (topic: string, payload: string | Buffer, options: PublishOptions) => {
    try {
      const expiry =
        protocolVersion === 5 && options.expirySeconds !== undefined
          ? { properties: { messageExpiryInterval: Math.max(1, Math.ceil(options.expirySeconds)) } }
          : {};
      const publishOptions = { qos: options.qos ?? 0, retain: options.retain ?? false, ...expiry };
      client.publish(topic, payload, publishOptions, (error) => {
        if (error) {
          if (!closing) logger.debug({ topic, error: error.message }, 'mqtt publish failed');
          return;
        }
        // MQTT.js calls this while handling the PUBACK, before any packet that followed it on the wire.
        try {
          options.onSent?.();
        } catch (thrown) {
          logger.error({ topic, error: (thrown as Error).message }, 'mqtt onSent callback failed');
        }
      });
    } catch (error) {
      logger.debug({ topic, error: (error as Error).message }, 'mqtt publish failed');
    }
  };

  const subscribeFilter = (filter: string) => {
    client.subscribe(filter, { qos: 1 }, (error, granted) => {
      const refused = granted?.some((g) => g.qos === 128);
      if (error || refused)
        logger.warn({ filter, error: error?.message ?? 'refused by broker' }, 'mqtt subscribe failed');
    });
  };

  const scheduleReconnect = () => {
    if (closing || reconnectTimer) return;
    const delayMs = Math.min(config.reconnectMaxMs, config.reconnectMinMs * 2 ** Math.min(attempts, 20));
    attempts += 1;
    reconnectTimer = timers.setTimeout(() => {
      reconnectTimer = undefined;
      if (closing) return;
      // Keep MQTT.js's stores: unacknowledged QoS 1 publishes are resent on the new connection.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delayMs);
  };

  client.on('connect', () => {
    // MQTT.js still reports a CONNACK that arrives after end() began; its stores are closed by then.
    if (closing) return;
    connected = true;
    attempts = 0;
    lastError = undefined;
    errorLogged = false;
    dropLogged = false;
    logger.info({ url, role }, everConnected ? 'mqtt reconnected' : 'mqtt connected');
    everConnected = true;
    if (role === 'agent') send(statusTopicOf(config), 'online', { qos: 1, retain: true });
    for (const filter of handlers.keys()) subscribeFilter(filter);
    for (const item of queue.drain()) send(item.topic, item.payload, item.options);
    for (const listener of connectListeners) {
      try {
        listener();
      } catch (error) {
        logger.error({ error: (error as Error).message }, 'mqtt onConnect listener failed');
      }
    }
  });

  client.on('close', () => {
    if (connected && !closing) logger.warn({ url }, 'mqtt connection lost; reconnecting');
    connected = false;
    scheduleReconnect();
  });

  client.on('error', (error) => {
    lastError = error.message;
    if (!errorLogged && !closing) logger.warn({ url, error: error.message }, 'mqtt connection failed');
    errorLogged = true;
  });

  client.on('message', (topic: string, payload: Buffer, packet: IPublishPacket) => {
    const message: MqttMessage = { topic, payload, retained: packet.retain };
    for (const [filter, set] of handlers) {
      if (!topicMatches(filter, topic)) continue;
      for (const handler of set) {
        try {
          handler(message);
        } catch (error) {
          logger.error({ topic, error: (error as Error).message }, 'mqtt message handler failed');
        }
      }
    }
  });

  const waitForConnect = (timeoutMs: number): Promise<boolean> => {
    if (connected) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        client.off('connect', onConnect);
        resolve(false);
      }, timeoutMs);
      const onConnect = () => {
        clearTimeout(timer);
        resolve(true);
      };
      client.once('connect', onConnect);
    });
  };

  return {
    get connected() {
      return connected;
    },
    get lastError() {
      return lastError;
    },
    get queued() {
      return queue.size;
    },
    publish(topic, payload, options = {}) {
      if (!isPublishTopic(topic)) throw new Error(`not a topic to publish to: "${topic}"`);
      if (closing) return;
      if (connected) return send(topic, payload, options);
      if (!queue.push({ topic, payload, options }) && !dropLogged) {
        logger.warn({ limit: config.maxQueued }, 'mqtt offline queue full; dropping the oldest publishes');
        dropLogged = true;
      }
    },
    subscribe(filter, handler) {
      let set = handlers.get(filter);
      if (!set) {
        set = new Set();
        handlers.set(filter, set);
        if (connected) subscribeFilter(filter);
      }
      set.add(handler);
      return () => {
        const current = handlers.get(filter);
        if (!current?.delete(handler) || current.size > 0) return;
        handlers.delete(filter);
        if (connected) client.unsubscribe(filter);
      };
    },
    onConnect(listener) {
      connectListeners.add(listener);
      return () => connectListeners.delete(listener);
    },
    waitForConnect,
    async close() {
      if (closing) return;
      // Still connecting with publishes waiting (e.g. `run --once`): give them a short chance to go out.
      if (!connected && queue.size > 0 && lastError === undefined) await waitForConnect(2000);
      if (closing) return;
      if (connected && role === 'agent') send(statusTopicOf(config), 'offline', { qos: 1, retain: true });
      closing = true;
      if (reconnectTimer !== undefined) timers.clearTimeout(reconnectTimer);
      // A graceful end waits for QoS 1 acknowledgements; a dead broker never sends them.
      await Promise.race([
        client.endAsync(false).catch(() => undefined),
        new Promise((r) => setTimeout(r, 2000).unref()),
      ]);
      if (!client.disconnected) await client.endAsync(true).catch(() => undefined);
    },
  };
}

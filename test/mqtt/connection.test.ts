import { createServer } from 'node:net';
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MqttConfig, mqttSchema } from '../../config/mqtt.js';
import { systemClock } from '../../src/agent/clock.js';
import { clientOptionsOf } from '../../src/mqtt/client-options.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import type { MqttMessage } from '../../src/ports.js';
import { brokerKinds, startBroker, type TestBroker } from '../fakes/broker.js';
import { recordingTimers } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';
import { type MqttObserver, observe } from '../fakes/mqtt-observer.js';
import { roundTrip, waitFor } from '../fakes/mqtt-test-bus.js';

function mqttConfig(url: string, extra: Partial<MqttConfig> = {}): MqttConfig {
  return mqttSchema.parse({ url, reconnectMinMs: 50, reconnectMaxMs: 200, ...extra });
}

/**
 * What a subscription received (each message formatted by `format`), and a wait that wakes on each
 * arrival (no polling) until `test` holds, or fails after `timeoutMs`.
 */
function inbox(format: (m: MqttMessage) => string = (m) => `${m.topic}=${m.payload.toString()}`) {
  const got: string[] = [];
  const waiters = new Set<() => void>();
  return {
    got,
    handler(message: MqttMessage) {
      got.push(format(message));
      for (const wake of [...waiters]) wake();
    },
    until(test: (got: string[]) => boolean, timeoutMs = 3000): Promise<void> {
      if (test(got)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`not received within ${timeoutMs} ms; got ${JSON.stringify(got)}`));
        }, timeoutMs);
        const wake = () => {
          if (!test(got)) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        waiters.add(wake);
      });
    },
  };
}

describe.each(brokerKinds)('mqtt connection (%s)', (kind) => {
  let broker: TestBroker;
  let bus: MqttConnection | undefined;
  let observer: MqttObserver | undefined;

  beforeEach(async () => {
    broker = await startBroker(kind);
  });
  afterEach(async () => {
    await bus?.close();
    await observer?.close();
    await broker.close();
    bus = undefined;
    observer = undefined;
  });

  it('announces online (retained) and publishes offline on close', async () => {
    const log = captureLogger();
    bus = connectMqtt(mqttConfig(broker.url), { clock: systemClock, logger: log.logger });
    expect(await bus.waitForConnect(3000)).toBe(true);
    observer = await observe(broker.url, ['hashheat/status']);
    const first = await observer.waitFor('hashheat/status');
    expect(first).toBe('online');
    expect(observer.messages[0]?.retained).toBe(true);
    await bus.close();
    expect(await observer.waitFor('hashheat/status', (p) => p === 'offline')).toBe('offline');
    expect(log.messages().filter((m) => m === 'mqtt connected')).toHaveLength(1);
  });

  it('leaves a retained offline will when the connection dies', async () => {
    const config = mqttConfig(broker.url, { clientId: 'will-test' });
    const client = await mqtt.connectAsync(broker.url, clientOptionsOf(config, 'agent'));
    observer = await observe(broker.url, ['hashheat/status']);
    client.stream.destroy();
    expect(await observer.waitFor('hashheat/status', (p) => p === 'offline')).toBe('offline');
    await client.endAsync(true);
    const late = await observe(broker.url, ['hashheat/status']);
    const retained = await late.waitFor('hashheat/status');
    expect(retained).toBe('offline');
    expect(late.messages[0]?.retained).toBe(true);
    await late.close();
  });

  it('calls onSent once the broker has a publish, after what the broker forwarded before it', async () => {
    bus = connectMqtt(mqttConfig(broker.url), { clock: systemClock, logger: captureLogger().logger });
    expect(await bus.waitForConnect(3000)).toBe(true);
    const received = inbox();
    bus.subscribe('test/reply', received.handler);
    await roundTrip(bus); // the subscription is in force
    observer = await observe(broker.url, []);
    await observer.publish('test/reply', 'early', { qos: 1 }); // the broker has forwarded it to the bus
    const sent: string[] = [];
    const seenAtSent: string[][] = [];
    bus.publish('test/request', 'q1', { qos: 1, onSent: () => void seenAtSent.push([...received.got]) });
    bus.publish('test/request', 'q0', { qos: 0, onSent: () => void sent.push('q0') });
    await waitFor(() => seenAtSent.length === 1 && sent.length === 1);
    expect(seenAtSent).toEqual([['test/reply=early']]);
  });

  it('after a broker restart restores subscriptions before onConnect listeners, and delivers what was queued', async () => {
    const log = captureLogger();
    const rt = recordingTimers();
    bus = connectMqtt(mqttConfig(broker.url), { clock: systemClock, timers: rt.timers, logger: log.logger });
    const received = inbox();
    bus.subscribe('test/in/#', received.handler);
    let connects = 0;
    bus.onConnect(() => {
      connects += 1;
      bus!.publish('test/in/echo', `connect ${connects}`, { qos: 1 });
    });
    await received.until((got) => got.includes('test/in/echo=connect 1'));
    const scheduled = rt.next();
    await broker.stop();
    await scheduled; // the connection is lost and a reconnect is pending on the fake clock
    expect(bus.connected).toBe(false);
    bus.publish('test/state', 'old', { retain: true, qos: 1 });
    bus.publish('test/state', 'new', { retain: true, qos: 1 });
    const sent: string[] = [];
    bus.publish('test/event', 'e1', { qos: 1, onSent: () => void sent.push('e1') });
    expect(bus.queued).toBe(2);
    await broker.start();
    await rt.fire();
    await received.until((got) => got.includes('test/in/echo=connect 2'));
    observer = await observe(broker.url, ['test/state']);
    expect(await observer.waitFor('test/state')).toBe('new');
    expect(bus.queued).toBe(0);
    await waitFor(() => sent.includes('e1')); // a publish queued while offline reports sent once the broker has it
    expect(log.messages().filter((m) => m === 'mqtt connection lost; reconnecting')).toHaveLength(1);
    expect(log.messages()).toContain('mqtt reconnected');
  });

  it('keeps its session: a command sent before it reconnects is not lost', async () => {
    const rt = recordingTimers();
    bus = connectMqtt(mqttConfig(broker.url), {
      clock: systemClock,
      timers: rt.timers,
      logger: captureLogger().logger,
    });
    const received = inbox((m) => `${m.payload.toString()} retained=${m.retained}`);
    bus.subscribe('hashheat/cmd/set', received.handler);
    await bus.waitForConnect(3000);
    await roundTrip(bus); // the subscription is in force at the broker
    const scheduled = rt.next();
    await broker.stop();
    await scheduled; // the connection is lost and a reconnect is pending on the fake clock
    await broker.start();
    const ha = await observe(broker.url, []);
    await ha.publish('hashheat/cmd/set', 'ON');
    await ha.close();
    expect(bus.connected).toBe(false);
    await rt.fire();
    await received.until((got) => got.length > 0);
    expect(received.got).toEqual(['ON retained=false']);
  });

  it('closed while still connecting: sends what was queued, then offline, and never crashes', async () => {
    const connection = connectMqtt(mqttConfig(broker.url), {
      clock: systemClock,
      logger: captureLogger().logger,
    });
    connection.publish('test/once', 'state', { retain: true, qos: 1 });
    await connection.close();
    observer = await observe(broker.url, ['test/once', 'hashheat/status']);
    expect(await observer.waitFor('test/once')).toBe('state');
    expect(await observer.waitFor('hashheat/status')).toBe('offline');
  });

  it('starts without a broker, reports why once over several attempts, and connects when it appears', async () => {
    await broker.stop();
    const log = captureLogger();
    const rt = recordingTimers();
    let scheduled = rt.next();
    bus = connectMqtt(mqttConfig(broker.url), { clock: systemClock, timers: rt.timers, logger: log.logger });
    for (let i = 0; i < 3; i++) {
      await scheduled; // an attempt was refused and the next one is scheduled
      scheduled = rt.next();
      await rt.fire();
    }
    await scheduled;
    expect(rt.delaysMs).toHaveLength(4);
    expect(bus.connected).toBe(false);
    expect(bus.lastError).toMatch(/ECONNREFUSED/);
    expect(log.messages().filter((m) => m === 'mqtt connection failed')).toHaveLength(1);
    await broker.start();
    await rt.fire();
    expect(await bus.waitForConnect(3000)).toBe(true);
    expect(bus.lastError).toBeUndefined();
  });
});

describe('mqtt connection backoff', () => {
  it('doubles the reconnect delay up to the maximum, on the injected timers (no wall time)', async () => {
    let attempts = 0;
    const server = createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const config = mqttSchema.parse({
      url: `mqtt://127.0.0.1:${port}`,
      reconnectMinMs: 50,
      reconnectMaxMs: 400,
    });
    const rt = recordingTimers();
    let scheduled = rt.next();
    const bus = connectMqtt(config, {
      clock: systemClock,
      timers: rt.timers,
      logger: captureLogger().logger,
    });
    for (let i = 0; i < 6; i++) {
      await scheduled; // the server dropped the connection and the next attempt is scheduled
      scheduled = rt.next();
      expect(rt.clock.pendingTimers()).toBe(1);
      await rt.fire();
    }
    await scheduled;
    await bus.close();
    expect(rt.clock.pendingTimers()).toBe(0); // close() cancelled the pending reconnect
    server.close();
    expect(rt.delaysMs).toEqual([50, 100, 200, 400, 400, 400, 400]);
    expect(attempts).toBe(7);
  });

  it('rejects a config whose base topic equals the discovery prefix', () => {
    const result = mqttSchema.safeParse({ url: 'mqtt://x', baseTopic: 'homeassistant' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['baseTopic']);
  });
});

import mqtt from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import type { Offer } from '../../src/core/fleet/offer.js';
import { decodeOffer, encodeOffer } from '../../src/fleet/offer-codec.js';
import { createFleetShard } from '../../src/fleet/shard.js';
import { fleetTopics, rackPowerTopic } from '../../src/fleet/topics.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import type { MqttBus } from '../../src/ports.js';
import { brokerKinds, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';
import { roundTrip } from '../fakes/mqtt-test-bus.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function offer(shard: string, at = NOW, ttlMs = 90_000, runningLevelId = 'off'): Offer {
  return {
    shard,
    at,
    expiresAt: at + ttlMs,
    miners: [
      {
        minerId: 'm0',
        priority: 100,
        runningLevelId,
        levels: [
          { id: 'off', powerW: 0, netPerHour: 0 },
          { id: 'on', powerW: 1000, netPerHour: 0.1 },
        ],
      },
    ],
  };
}

/**
 * A bus that tells waiters after each message its handlers took: `until(check)` resolves on the first
 * delivery after which `check()` holds (the event that matters), never by polling.
 */
function watched(bus: MqttBus): MqttBus & { until(check: () => boolean): Promise<void> } {
  const waiters = new Set<() => void>();
  return {
    get connected() {
      return bus.connected;
    },
    publish: (topic, payload, options) => bus.publish(topic, payload, options),
    subscribe: (filter, handler) =>
      bus.subscribe(filter, (message) => {
        handler(message);
        for (const waiter of [...waiters]) waiter();
      }),
    onConnect: (listener) => bus.onConnect(listener),
    close: () => bus.close(),
    until(check) {
      if (check()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error('no delivery made the condition hold within 3 s'));
        }, 3000);
        const waiter = () => {
          if (!check()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
      });
    },
  };
}

describe('offer codec', () => {
  it('round-trips an offer and rejects what is not one', () => {
    const o = offer('rack-a');
    expect(decodeOffer(Buffer.from(encodeOffer(o)))).toEqual(o);
    expect(decodeOffer(Buffer.from(''))).toBeUndefined();
    expect(decodeOffer(Buffer.from('{'))).toBeUndefined();
    expect(decodeOffer(Buffer.from(JSON.stringify({ ...o, v: 1, at: -1 })))).toBeUndefined();
    const negative = { ...o, v: 1, miners: [{ ...o.miners[0], readingW: -5 }] };
    expect(decodeOffer(Buffer.from(JSON.stringify(negative)))).toBeUndefined();
    // The site inputs a shard read travel with its offer; a negative PV or heat demand is no reading.
    const withSite: Offer = {
      ...o,
      site: { at: NOW, houseNetW: -2_500, pvW: 4_000, heatDemandW: 3_000, importCapW: 5_900 },
    };
    expect(decodeOffer(Buffer.from(encodeOffer(withSite)))).toEqual(withSite);
    const badPv = { ...withSite, v: 1, site: { at: NOW, pvW: -1 } };
    expect(decodeOffer(Buffer.from(JSON.stringify(badPv)))).toBeUndefined();
  });
});

describe.each(brokerKinds)('fleet shard on a real broker (%s)', (kind) => {
  let broker: TestBroker;
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await broker?.close();
  });

  const connect = async (clientId: string): Promise<MqttConnection> => {
    const config = mqttSchema.parse({ url: broker.url, clientId });
    const bus = connectMqtt(
      config,
      { logger: pino({ level: 'silent' }), clock: new FakeClock() },
      'fleet',
      kind === 'mosquitto' ? 5 : 4,
    );
    closing.push(() => bus.close());
    if (!(await bus.waitForConnect(3000))) throw new Error(`${clientId} could not connect`);
    return bus;
  };

  it('hears the other shards, ignores an offer on another shard’s topic, and caps a miner it has no share for at 0 W', async () => {
    broker = await startBroker(kind);
    const clock = new FakeClock(NOW);
    const [busA, busB] = [watched(await connect('t-a')), watched(await connect('t-b'))];
    const a = createFleetShard({ site: 's1', shard: 'rack-a', offerTtlMs: 90_000 }, { bus: busA, clock });
    const b = createFleetShard({ site: 's1', shard: 'rack-b', offerTtlMs: 90_000 }, { bus: busB, clock });
    // Both shards' SUBSCRIBEs are in force at the broker before anyone publishes.
    await Promise.all([roundTrip(busA), roundTrip(busB)]);
    b.publish(offer('rack-b'));
    // rack-b writes an offer claiming to be rack-c on its own topic: not counted as rack-c.
    busB.publish(fleetTopics('s1', 'rack-b').offer, encodeOffer(offer('rack-c')), { qos: 1, retain: false });
    busB.publish('hashheat/fleet/s1/offers/rack-d', 'not json', { qos: 1 });
    a.publish(offer('rack-a'));
    await Promise.all([busA.until(() => a.offers().length === 2), busB.until(() => b.offers().length === 2)]);
    expect(
      a
        .offers()
        .map((o) => o.shard)
        .sort(),
    ).toEqual(['rack-a', 'rack-b']);
    expect(a.step(1000, ['m0', 'unknown']).capsW).toEqual({ m0: 0, unknown: 0 });
  });

  it('counts an expired shard at what it last ran until its rack meter reads otherwise', async () => {
    broker = await startBroker(kind);
    const clock = new FakeClock(NOW);
    const [busA, meter] = [watched(await connect('t-a')), watched(await connect('t-meter'))];
    const a = createFleetShard({ site: 's1', shard: 'rack-a', offerTtlMs: 90_000 }, { bus: busA, clock });
    await roundTrip(busA);
    // rack-b's last offer: its miner runs `on` (1,000 W); it expired 10 s ago.
    meter.publish(
      fleetTopics('s1', 'rack-b').offer,
      encodeOffer(offer('rack-b', NOW - 100_000, 90_000, 'on')),
      {
        qos: 1,
      },
    );
    a.publish(offer('rack-a'));
    await busA.until(() => a.offers().length === 2);
    const before = a.step(5000, ['m0']).allocation;
    expect(before.expiredShards).toEqual(['rack-b']);
    expect(before.reservedW).toBe(1000);
    // The rack's PDU says the dead shard's miners draw 200 W now: that, not 1,000 W, is held for it.
    let heard = false;
    busA.subscribe(rackPowerTopic('s1', 'rack-b'), () => {
      heard = true;
    });
    await roundTrip(busA);
    meter.publish(rackPowerTopic('s1', 'rack-b'), '200', { qos: 1, retain: true });
    await busA.until(() => heard);
    expect(a.step(5000, ['m0']).allocation.reservedW).toBe(200);
  });

  it('holds at its last offer while it hears its own offer but no other shard for longer than the TTL (one-way partition)', async () => {
    broker = await startBroker(kind);
    const clock = new FakeClock(NOW);
    const [busA, busB] = [watched(await connect('t-a')), watched(await connect('t-b'))];
    const a = createFleetShard({ site: 's1', shard: 'rack-a', offerTtlMs: 90_000 }, { bus: busA, clock });
    const b = createFleetShard({ site: 's1', shard: 'rack-b', offerTtlMs: 90_000 }, { bus: busB, clock });
    // What rack-a heard from the broker (its own offer's echo included), after its shard took it.
    const heard = new Set<string>();
    busA.subscribe(fleetTopics('s1', 'rack-a').offers, (message) => {
      const o = decodeOffer(message.payload);
      if (o) heard.add(`${o.shard}@${o.at}`);
    });
    await Promise.all([roundTrip(busA), roundTrip(busB)]);
    const exchange = async (who: ('a' | 'b')[]) => {
      const at = clock.now();
      if (who.includes('a')) a.publish(offer('rack-a', at));
      if (who.includes('b')) b.publish(offer('rack-b', at));
      await busA.until(() => who.every((w) => heard.has(`rack-${w}@${at}`)));
    };
    await exchange(['a', 'b']);
    a.step(5000, ['m0']);
    await clock.advance(30_000);
    await exchange(['a', 'b']);
    // Both heard: rack-a's miner gets its 1,000 W share (its offer says it runs off).
    expect(a.step(5000, ['m0'])).toMatchObject({ capsW: { m0: 1000 }, liveShards: ['rack-a', 'rack-b'] });
    // rack-b's offers stop reaching rack-a; rack-a still hears its own.
    for (let t = 0; t < 4; t++) {
      await clock.advance(30_000);
      await exchange(['a']);
    }
    const alone = a.step(5000, ['m0']);
    expect(alone.hold).toBe('alone');
    expect(alone.capsW).toEqual({ m0: 0 });
    // rack-b is heard again: no hold.
    await clock.advance(30_000);
    await exchange(['a', 'b']);
    expect(a.step(5000, ['m0']).hold).toBeUndefined();
  });

  it.runIf(kind === 'mosquitto')(
    'publishes its offer retained with MQTT 5 message expiry: a late subscriber gets it with the expiry left',
    async () => {
      broker = await startBroker(kind);
      const bus = await connect('t-expiry');
      const shard = createFleetShard(
        { site: 's1', shard: 'rack-a', offerTtlMs: 2000 },
        { bus, clock: new FakeClock(NOW) },
      );
      shard.publish(offer('rack-a', NOW, 2000));
      await roundTrip(bus); // the broker holds the retained offer before anyone subscribes
      const retained = async (): Promise<string[]> => {
        const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
        const got: string[] = [];
        client.on('message', (topic, _payload, packet) => {
          got.push(`${topic} expiry=${packet.properties?.messageExpiryInterval ?? 'none'}`);
        });
        await client.subscribeAsync('hashheat/fleet/s1/offers/+');
        // Retained messages follow the SUBACK; a marker through the same client arrives after them.
        await client.subscribeAsync('hashheat/fleet/s1/barrier');
        const marker = new Promise<void>((resolve) => {
          client.on('message', (topic) => {
            if (topic === 'hashheat/fleet/s1/barrier') resolve();
          });
        });
        await client.publishAsync('hashheat/fleet/s1/barrier', 'x', { qos: 1 });
        await marker;
        await client.endAsync();
        return got.filter((line) => !line.startsWith('hashheat/fleet/s1/barrier'));
      };
      const early = await retained();
      expect(early).toHaveLength(1);
      // Mosquitto counts expiry in whole seconds on its own clock: 2 s leave at least 1 s for this read.
      expect(early[0]).toMatch(/^hashheat\/fleet\/s1\/offers\/rack-a expiry=[12]$/);
      // That the broker then drops it is the broker's part (MQTT 5.0 §3.3.2.3.3: a retained message
      // whose expiry interval has passed is not delivered); waiting for it on the real clock made this
      // test flaky (a 1 s expiry could pass before the first read) and slow.
    },
  );
});

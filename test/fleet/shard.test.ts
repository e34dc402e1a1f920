import mqtt from 'mqtt';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { mqttSchema } from '../../config/mqtt.js';
import type { Offer } from '../../src/core/fleet/offer.js';
import { decodeOffer, encodeOffer } from '../../src/fleet/offer-codec.js';
import { createFleetShard } from '../../src/fleet/shard.js';
import { fleetTopics } from '../../src/fleet/topics.js';
import { connectMqtt, type MqttConnection } from '../../src/mqtt/connection.js';
import { brokerKinds, startBroker, type TestBroker } from '../fakes/broker.js';
import { FakeClock } from '../fakes/clock.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);

function offer(shard: string, at = NOW, ttlMs = 90_000): Offer {
  return {
    shard,
    at,
    expiresAt: at + ttlMs,
    miners: [
      {
        minerId: 'm0',
        priority: 100,
        runningLevelId: 'off',
        levels: [
          { id: 'off', powerW: 0, netPerHour: 0 },
          { id: 'on', powerW: 1000, netPerHour: 0.1 },
        ],
      },
    ],
  };
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
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
  });
});

describe.each(brokerKinds)('fleet shard on a real broker (%s)', (kind) => {
  let broker: TestBroker;
  const closing: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0)) await close();
    await broker?.close();
  });

  const connect = (clientId: string): MqttConnection => {
    const config = mqttSchema.parse({ url: broker.url, clientId });
    const bus = connectMqtt(
      config,
      { logger: pino({ level: 'silent' }), clock: new FakeClock() },
      'fleet',
      kind === 'mosquitto' ? 5 : 4,
    );
    closing.push(() => bus.close());
    return bus;
  };

  it('hears the other shards, ignores an offer on another shard’s topic, and caps a miner it has no share for at 0 W', async () => {
    broker = await startBroker(kind);
    const clock = new FakeClock(NOW);
    const [busA, busB] = [connect('t-a'), connect('t-b')];
    await until(() => busA.connected && busB.connected);
    const a = createFleetShard({ site: 's1', shard: 'rack-a', offerTtlMs: 90_000 }, { bus: busA, clock });
    const b = createFleetShard({ site: 's1', shard: 'rack-b', offerTtlMs: 90_000 }, { bus: busB, clock });
    await new Promise((r) => setTimeout(r, 50));
    b.publish(offer('rack-b'));
    // rack-b writes an offer claiming to be rack-c on its own topic: not counted as rack-c.
    busB.publish(fleetTopics('s1', 'rack-b').offer, encodeOffer(offer('rack-c')), { qos: 1, retain: false });
    busB.publish('hashheat/fleet/s1/offers/rack-d', 'not json', { qos: 1 });
    a.publish(offer('rack-a'));
    await until(() => a.offers().length === 2 && b.offers().length === 2);
    expect(
      a
        .offers()
        .map((o) => o.shard)
        .sort(),
    ).toEqual(['rack-a', 'rack-b']);
    expect(a.step(1000, ['m0', 'unknown']).capsW).toEqual({ m0: 0, unknown: 0 });
  });

  it.runIf(kind === 'mosquitto')(
    'publishes its offer retained with MQTT 5 message expiry: a late subscriber gets it only until it expires',
    async () => {
      broker = await startBroker(kind);
      const bus = connect('t-expiry');
      await until(() => bus.connected);
      const shard = createFleetShard(
        { site: 's1', shard: 'rack-a', offerTtlMs: 1000 },
        { bus, clock: new FakeClock(NOW) },
      );
      shard.publish(offer('rack-a', NOW, 1000));
      const retained = async (): Promise<string[]> => {
        const client = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
        const got: string[] = [];
        client.on('message', (topic, _payload, packet) => {
          got.push(`${topic} expiry=${packet.properties?.messageExpiryInterval ?? 'none'}`);
        });
        await client.subscribeAsync('hashheat/fleet/s1/offers/+');
        await new Promise((r) => setTimeout(r, 150));
        await client.endAsync();
        return got;
      };
      const early = await retained();
      expect(early).toHaveLength(1);
      expect(early[0]).toMatch(/^hashheat\/fleet\/s1\/offers\/rack-a expiry=1$/);
      await new Promise((r) => setTimeout(r, 1200));
      expect(await retained()).toEqual([]);
    },
  );
});

import { describe, expect, it } from 'vitest';
import type { HomeAssistantClient } from '../../../../adapters/homeassistant/client.js';
import { homeAssistantTariff } from '../../../../adapters/sources/tariffs/tariff-homeassistant.js';
import { mqttTariff } from '../../../../adapters/sources/tariffs/tariff-mqtt.js';
import type { PriceSlot, Reading } from '../../../../src/core/types.js';
import type { MqttBus, MqttMessage } from '../../../../src/mqtt/bus.js';
import type { SignalUpdate } from '../../../../src/ports.js';
import { local, makeSource, pollSeries } from './tariff-harness.js';

const hour = (h: number) => local('2024-10-10T00:00', 'Europe/Helsinki') + h * 3_600_000;
const raw = (from: number, to: number, value: (h: number) => number) =>
  Array.from({ length: to - from }, (_, i) => ({
    start: new Date(hour(from + i)).toISOString(),
    end: new Date(hour(from + i) + 3_600_000).toISOString(),
    value: value(from + i),
  }));

/** An in-memory MQTT bus: publish delivers to matching exact-topic subscribers. */
function memoryBus(): MqttBus & { deliver(topic: string, payload: string): void } {
  const handlers = new Map<string, ((m: MqttMessage) => void)[]>();
  return {
    connected: true,
    publish() {},
    subscribe(filter, handler) {
      handlers.set(filter, [...(handlers.get(filter) ?? []), handler]);
      return () =>
        handlers.set(
          filter,
          (handlers.get(filter) ?? []).filter((h) => h !== handler),
        );
    },
    onConnect: () => () => {},
    async close() {},
    deliver(topic, payload) {
      for (const h of handlers.get(topic) ?? []) h({ topic, payload: Buffer.from(payload), retained: true });
    },
  };
}

describe('homeassistant tariff', () => {
  it('reads raw_today + raw_tomorrow of a Nord Pool entity, with retail composition', async () => {
    const attributes = { raw_today: raw(0, 24, (h) => h / 100), raw_tomorrow: [], tomorrow_valid: false };
    const client = { getState: async (entityId: string) => ({ entityId, state: '0.12', attributes }) };
    const now = hour(12);
    const made = makeSource(
      homeAssistantTariff,
      { type: 'homeassistant', entity: 'sensor.nordpool_kwh_fi_eur', tax: 0.24 },
      { now, timeZone: 'Europe/Helsinki' },
    );
    made.deps.homeassistant = client as unknown as HomeAssistantClient;
    const slots = await pollSeries(made.source);
    expect(slots).toHaveLength(24);
    expect(slots[12]).toEqual({ start: hour(12), end: hour(13), perKWh: 0.1488 });
  });

  it('needs the homeassistant connection', async () => {
    const { source } = makeSource(
      homeAssistantTariff,
      { type: 'homeassistant', entity: 'sensor.x' },
      { now: hour(12) },
    );
    await expect(source.poll!()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

describe('mqtt tariff', () => {
  it('merges statestream attribute topics, logs a broken payload once and keeps the last good series', async () => {
    const bus = memoryBus();
    const topics = ['ha/sensor/nordpool/raw_today', 'ha/sensor/nordpool/raw_tomorrow'];
    const made = makeSource(
      mqttTariff,
      { type: 'mqtt', topics, negative: 'zero' },
      { now: hour(12), timeZone: 'Europe/Helsinki', role: 'price.export' },
    );
    made.deps.mqtt = bus;
    const updates: SignalUpdate[] = [];
    await made.source.start!((u) => updates.push(u));

    bus.deliver(topics[0]!, JSON.stringify(raw(0, 24, (h) => (h === 13 ? -0.01 : h / 100))));
    bus.deliver(topics[1]!, '{"broken');
    bus.deliver(topics[1]!, 'null');
    bus.deliver(topics[1]!, JSON.stringify({ attributes: { raw_tomorrow: raw(24, 48, () => 0.2) } }));

    expect(updates.map((u) => u.key)).toEqual(['price.export', 'price.export']);
    const series = (updates.at(-1)!.reading as Reading<PriceSlot[]>).value;
    expect(series).toHaveLength(48);
    expect(series[13]!.perKWh).toBe(0);
    expect(series[30]!.perKWh).toBe(0.2);
    const warnings = made.log
      .messages()
      .filter((m) => m === 'input has no usable value; keeping the last good one');
    expect(warnings).toHaveLength(1);
    expect(made.log.messages()).toContain('input recovered');
    await made.source.close!();
  });

  it('ignores a series that does not cover now (wrong day)', async () => {
    const bus = memoryBus();
    const made = makeSource(
      mqttTariff,
      { type: 'mqtt', topics: ['p'] },
      { now: hour(12) + 3 * 86_400_000, timeZone: 'Europe/Helsinki' },
    );
    made.deps.mqtt = bus;
    const updates: SignalUpdate[] = [];
    await made.source.start!((u) => updates.push(u));
    bus.deliver('p', JSON.stringify(raw(0, 24, () => 0.1)));
    expect(updates).toEqual([]);
    expect(made.log.entries.at(-1)!.reason).toMatch(/reply does not cover/);
  });
});

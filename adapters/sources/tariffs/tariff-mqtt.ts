import { z } from 'zod';
import type { PriceSlot } from '../../../src/core/types.js';
import { DeviceError, errorText } from '../../../src/errors.js';
import type { Emit, Source } from '../../../src/ports.js';
import { defineSource } from '../../plugin.js';
import { InputWatch } from '../input-watch.js';
import { haPriceShape, haSlots } from './ha-price-shape.js';
import { dayRange, retailSeries } from './market-tariff.js';

/** A payload's content: a list of rows, or an object with the attributes (optionally under `attributes`). */
function payloadInput(payload: Buffer): unknown {
  const parsed = JSON.parse(payload.toString('utf8')) as unknown;
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'attributes' in parsed)
    return (parsed as { attributes: unknown }).attributes;
  return parsed;
}

/**
 * A price series pushed over MQTT: one or more topics whose JSON payloads are lists of rows or
 * attribute objects, e.g. mqtt_statestream's `…/sensor/nordpool_kwh_se3/raw_today` and `…/raw_tomorrow`.
 * The latest payload of each topic is merged; a broken payload or one not covering now is logged once
 * and the last good series stays.
 */
export const mqttTariff = defineSource({
  type: 'mqtt',
  description: 'a price series from MQTT topics (JSON rows or Home Assistant attributes)',
  schema: z
    .object({
      type: z.literal('mqtt'),
      topics: z.array(z.string().min(1)).min(1).describe('topics whose payloads carry the series (merged)'),
      ...haPriceShape,
    })
    .strict(),
  create(config, deps): Source {
    const key = deps.role ?? 'price.import';
    const watch = new InputWatch(deps, { source: deps.id, topics: config.topics });
    const latest = new Map<string, PriceSlot[]>();
    const unsubscribers: (() => void)[] = [];
    const what = `MQTT ${config.topics.join(', ')}`;

    function onMessage(topic: string, payload: Buffer, emit: Emit): void {
      try {
        latest.set(topic, haSlots(payloadInput(payload), config, what));
        const now = deps.clock.now();
        const byStart = new Map([...latest.values()].flat().map((s) => [s.start, s]));
        const merged = [...byStart.values()].sort((a, b) => a.start - b.start);
        const value = retailSeries(merged, { range: dayRange(now, deps.timeZone), config, what });
        watch.good(now);
        emit({ key, reading: { value, at: now, source: deps.id } });
      } catch (error) {
        watch.bad(error instanceof SyntaxError ? `${topic}: not JSON` : errorText(error));
      }
    }

    return {
      id: deps.id,
      keys: [key],
      async start(emit) {
        if (!deps.mqtt) throw new DeviceError('UNSUPPORTED', 'an mqtt tariff needs the mqtt section', false);
        for (const topic of config.topics)
          unsubscribers.push(deps.mqtt.subscribe(topic, (m) => onMessage(topic, m.payload, emit)));
      },
      async close() {
        for (const unsubscribe of unsubscribers) unsubscribe();
        watch.close();
      },
    };
  },
});

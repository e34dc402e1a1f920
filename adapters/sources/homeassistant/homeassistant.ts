import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import type { Emit, SignalUpdate, Source } from '../../../src/ports.js';
import { ENTITY_ID, type HaState, observedAt } from '../../homeassistant/entity-state.js';
import { defineSource } from '../../plugin.js';
import { InputWatch } from '../input-watch.js';
import { checkUnit, scalarInputShape } from '../mqtt.js';
import { haScalar } from './ha-scalar.js';
import { statestreamState } from './statestream.js';

const schema = z
  .object({
    type: z.literal('homeassistant'),
    entity: z.string().regex(ENTITY_ID, 'an entity id such as sensor.grid_power').describe('entity id'),
    attribute: z.string().min(1).optional().describe('read this attribute instead of the state'),
    mode: z
      .enum(['websocket', 'rest', 'statestream'])
      .default('websocket')
      .describe('websocket: push + REST refresh; rest: poll; statestream: MQTT topics, no token'),
    baseTopic: z
      .string()
      .min(1)
      .default('homeassistant')
      .describe('statestream: the base_topic set in HA (a separate one such as ha_state is advised)'),
    intervalSeconds: z.number().positive().default(60).describe('rest/websocket: REST poll interval (s)'),
    ...scalarInputShape,
  })
  .strict()
  .superRefine(checkUnit);

type HaSignalConfig = z.infer<typeof schema>;

/**
 * A scalar signal from a Home Assistant entity (state or attribute), over the WebSocket API, the
 * REST API or mqtt_statestream topics (reference/homeassistant.md §4). `unknown`/`unavailable`
 * give no reading (logged once). HA's unit is honoured (kW → W, °F → °C) unless `unit` overrides it.
 * A value is stamped when HA last saw it (`last_reported`, else `last_updated`; statestream: on
 * arrival); one older than `maxAgeSeconds` is dropped, not re-stamped.
 */
export const homeAssistantSignal = defineSource({
  type: 'homeassistant',
  description: 'a scalar signal from a Home Assistant entity (websocket, rest or statestream)',
  schema,
  create(config, deps): Source {
    const what = config.attribute ? `${config.entity}[${config.attribute}]` : config.entity;
    const maxAgeMs = config.maxAgeSeconds === undefined ? undefined : config.maxAgeSeconds * 1000;
    const watch = new InputWatch(deps, { source: deps.id, entity: what }, maxAgeMs);
    const closers: (() => void)[] = [];

    /** One state → at most one update; problems go to the watch (logged once). */
    const toUpdate = (state: HaState, arrivedAt?: number): SignalUpdate | undefined => {
      const parsed = haScalar(state, config);
      if (!parsed.ok) return void watch.bad(parsed.reason);
      const now = deps.clock.now();
      const at = Math.min(now, arrivedAt ?? observedAt(state) ?? now);
      if (maxAgeMs !== undefined && now - at > maxAgeMs)
        return void watch.bad(`Home Assistant's value is ${Math.round((now - at) / 1000)} s old`);
      watch.good(at);
      return { key: config.signal, reading: { value: parsed.value, at, source: deps.id } };
    };
    const client = () => {
      if (deps.homeassistant) return deps.homeassistant;
      throw new DeviceError('UNSUPPORTED', 'a homeassistant signal needs the homeassistant section', false);
    };

    const source: Source = {
      id: deps.id,
      keys: [config.signal],
      ...(config.mode === 'statestream' ? {} : { intervalMs: config.intervalSeconds * 1000 }),
    };
    if (config.mode !== 'statestream') {
      source.poll = async () => {
        const update = toUpdate(await client().getState(config.entity));
        return update ? [update] : [];
      };
    }
    if (config.mode === 'websocket') {
      source.start = async (emit: Emit) => {
        const sub = client().subscribeEntities([config.entity], (state) => {
          const update = toUpdate(state);
          if (update) emit(update);
        });
        closers.push(sub.unsubscribe);
        await sub.ready;
      };
    }
    if (config.mode === 'statestream') source.start = async (emit) => startStatestream(config, emit);
    source.close = async () => {
      for (const close of closers.splice(0)) close();
      watch.close();
    };

    function startStatestream(c: HaSignalConfig, emit: Emit): void {
      if (!deps.mqtt)
        throw new DeviceError('UNSUPPORTED', 'statestream mode needs the mqtt section in the config', false);
      const target = { baseTopic: c.baseTopic, entityId: c.entity };
      const stream = statestreamState(deps.mqtt, target, (state, key) => {
        const relevant = key === (c.attribute ?? 'state') || (!c.attribute && key === 'unit_of_measurement');
        if (!relevant || (!c.attribute && state.state === '')) return;
        const update = toUpdate(state, deps.clock.now());
        if (update) emit(update);
      });
      closers.push(stream);
    }
    return source;
  },
});

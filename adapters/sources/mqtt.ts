import { z } from 'zod';
import { DeviceError } from '../../src/errors.js';
import type { Emit, Source } from '../../src/ports.js';
import { defineSource } from '../plugin.js';
import { InputWatch } from './input-watch.js';
import { applyTransform, parseScalarPayload, scalarTransformShape, unitFits } from './scalar-value.js';
import { scalarKeySchema } from './static.js';

/** Fields of a scalar signal read from somewhere: which signal, unit handling and age limit. */
export const scalarInputShape = {
  signal: scalarKeySchema,
  ...scalarTransformShape,
  maxAgeSeconds: z
    .number()
    .positive()
    .optional()
    .describe(
      'this input counts as silent when no new value arrives for this long (s); default maxAge of its kind',
    ),
};

/** Rejects a unit that does not fit the signal (kW for a temperature). */
export function checkUnit(
  config: { signal: string; unit?: string | undefined },
  ctx: z.core.$RefinementCtx<unknown>,
): void {
  if (config.unit && !unitFits(config.unit as never, config.signal))
    ctx.addIssue({
      code: 'custom',
      path: ['unit'],
      message: `unit ${config.unit} does not fit ${config.signal}`,
    });
}

const schema = z
  .object({
    type: z.literal('mqtt'),
    topic: z.string().min(1).describe('MQTT topic (filter) carrying the value'),
    field: z
      .string()
      .min(1)
      .optional()
      .describe('JSON path in the payload, e.g. ENERGY.Power; omit when the payload is the number'),
    ...scalarInputShape,
  })
  .strict()
  .superRefine(checkUnit);

/**
 * A scalar signal from an MQTT topic (raw number or a JSON field). Each message is stamped when it
 * arrives; a malformed one is logged once and ignored, so the last good reading stays.
 */
export const mqttSignal = defineSource({
  type: 'mqtt',
  description: 'a scalar signal from an MQTT topic (number or JSON field)',
  schema,
  create(config, deps): Source {
    const context = { source: deps.id, topic: config.topic };
    const watch = new InputWatch(
      deps,
      context,
      config.maxAgeSeconds === undefined ? undefined : config.maxAgeSeconds * 1000,
    );
    let unsubscribe: (() => void) | undefined;
    return {
      id: deps.id,
      keys: [config.signal],
      async start(emit: Emit) {
        if (!deps.mqtt)
          throw new DeviceError('UNSUPPORTED', 'an mqtt signal needs the mqtt section in the config', false);
        unsubscribe = deps.mqtt.subscribe(config.topic, (message) => {
          const parsed = parseScalarPayload(message.payload, config.field);
          if (!parsed.ok) return watch.bad(parsed.reason);
          const at = deps.clock.now();
          watch.good(at);
          emit({
            key: config.signal,
            reading: { value: applyTransform(parsed.value, config), at, source: deps.id },
          });
        });
      },
      async close() {
        unsubscribe?.();
        watch.close();
      },
    };
  },
});

import { z } from 'zod';
import type { ScalarKey } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { Emit, Source } from '../../../src/ports.js';
import { defineSource } from '../../plugin.js';
import { parseScalarPayload } from '../scalar-value.js';
import { loadBaseShape } from './load-common.js';

const schema = z
  .object({
    type: z.literal('mqtt'),
    ...loadBaseShape,
    powerTopic: z.string().min(1).describe('topic with what the load draws now (W)'),
    powerField: z.string().min(1).optional().describe('JSON path in the power payload; omit for a number'),
    wantsTopic: z
      .string()
      .min(1)
      .describe('topic with the most it would take from surplus now: W, or ON/OFF (then powerW)'),
    field: z
      .string()
      .min(1)
      .optional()
      .describe('JSON path in the wants payload; omit for a number or ON/OFF'),
    powerW: z.number().positive().optional().describe('what an ON in wantsTopic wants (W)'),
  })
  .strict();

/** ON/OFF, true/false, 1/0 as a want, or a number in W. */
function wantsOf(text: string, field: string | undefined, onW: number | undefined): number | undefined {
  const word = text.trim().toUpperCase();
  if (['ON', 'TRUE'].includes(word)) return onW;
  if (['OFF', 'FALSE'].includes(word)) return 0;
  const parsed = parseScalarPayload(text, field);
  return parsed.ok ? Math.max(0, parsed.value) : undefined;
}

/** Any other flexible load (heat pump, heating rod, pool pump): its power and its want from two MQTT topics. */
export const mqttLoad = defineSource({
  type: 'mqtt',
  description: 'a flexible load from two MQTT topics (power, wants)',
  schema,
  create(config, deps): Source {
    const unsubscribes: (() => void)[] = [];
    const powerKey: ScalarKey = `load.${config.id}.powerW`;
    const wantsKey: ScalarKey = `load.${config.id}.wantsW`;
    return {
      id: deps.id,
      keys: [powerKey, wantsKey],
      async start(emit: Emit) {
        const mqtt = deps.mqtt;
        if (!mqtt)
          throw new DeviceError('UNSUPPORTED', 'an mqtt load needs the mqtt section in the config', false);
        unsubscribes.push(
          mqtt.subscribe(config.powerTopic, (message) => {
            const parsed = parseScalarPayload(message.payload, config.powerField);
            if (!parsed.ok) return;
            const at = deps.clock.now();
            emit({ key: powerKey, reading: { value: Math.max(0, parsed.value), at, source: deps.id } });
          }),
          mqtt.subscribe(config.wantsTopic, (message) => {
            const value = wantsOf(message.payload.toString(), config.field, config.powerW);
            if (value === undefined) return;
            emit({ key: wantsKey, reading: { value, at: deps.clock.now(), source: deps.id } });
          }),
        );
      },
      async close() {
        for (const unsubscribe of unsubscribes) unsubscribe();
      },
    };
  },
});

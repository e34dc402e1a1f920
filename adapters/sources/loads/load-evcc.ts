import { z } from 'zod';
import type { ScalarKey, SignalKey } from '../../../src/core/types.js';
import { DeviceError } from '../../../src/errors.js';
import type { Emit, Source } from '../../../src/ports.js';
import { defineSource } from '../../plugin.js';
import {
  applyLoadpointTopic,
  type EvccLoadpoint,
  evccValue,
  evccWantsW,
  siteTopicSignal,
} from './evcc-wants.js';
import { loadBaseShape } from './load-common.js';

const schema = z
  .object({
    type: z.literal('evcc'),
    ...loadBaseShape,
    topic: z.string().min(1).default('evcc').describe("evcc's MQTT base topic (evcc's mqtt.topic)"),
    loadpoint: z.number().int().positive().default(1).describe("evcc's loadpoint number, from 1"),
    siteSignals: z
      .boolean()
      .default(false)
      .describe("also feed grid.powerW and pv.powerW from evcc's site topics"),
  })
  .strict();

/**
 * A car on an evcc loadpoint, read from evcc's own MQTT topics (server/mqtt.go: `<topic>/loadpoints/<n>/<key>`,
 * `<topic>/site/<key>`, `<topic>/updated` every cycle). Emits load.<id>.powerW (chargePower) and
 * load.<id>.wantsW (evccWantsW) on every loadpoint message and every cycle.
 */
export const evccLoad = defineSource({
  type: 'evcc',
  description: "a car on an evcc loadpoint (evcc's MQTT topics)",
  schema,
  create(config, deps): Source {
    const lp: EvccLoadpoint = {};
    const unsubscribes: (() => void)[] = [];
    const powerKey: ScalarKey = `load.${config.id}.powerW`;
    const wantsKey: ScalarKey = `load.${config.id}.wantsW`;
    const keys: SignalKey[] = [
      powerKey,
      wantsKey,
      ...(config.siteSignals ? ['grid.powerW' as const, 'pv.powerW' as const] : []),
    ];
    return {
      id: deps.id,
      keys,
      async start(emit: Emit) {
        const mqtt = deps.mqtt;
        if (!mqtt)
          throw new DeviceError('UNSUPPORTED', 'an evcc load needs the mqtt section in the config', false);
        const emitLoad = () => {
          const at = deps.clock.now();
          emit({ key: powerKey, reading: { value: Math.max(0, lp.chargePowerW ?? 0), at, source: deps.id } });
          emit({ key: wantsKey, reading: { value: evccWantsW(lp), at, source: deps.id } });
        };
        const lpTopic = `${config.topic}/loadpoints/${config.loadpoint}/`;
        unsubscribes.push(
          mqtt.subscribe(`${lpTopic}+`, (message) => {
            if (applyLoadpointTopic(lp, message.topic.slice(lpTopic.length), message.payload.toString()))
              emitLoad();
          }),
          mqtt.subscribe(`${config.topic}/updated`, () => {
            if (lp.connected !== undefined) emitLoad();
          }),
        );
        if (!config.siteSignals) return;
        const siteTopic = `${config.topic}/site/`;
        unsubscribes.push(
          mqtt.subscribe(`${siteTopic}#`, (message) => {
            const key = siteTopicSignal(message.topic.slice(siteTopic.length));
            const value = key && evccValue(message.payload.toString());
            if (!key || typeof value !== 'number') return;
            emit({ key, reading: { value, at: deps.clock.now(), source: deps.id } });
          }),
        );
      },
      async close() {
        for (const unsubscribe of unsubscribes) unsubscribe();
      },
    };
  },
});

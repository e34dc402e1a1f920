import { DateTime } from 'luxon';
import { z } from 'zod';
import type { GridEvent } from '../../../src/core/grid-events.js';
import { DeviceError } from '../../../src/errors.js';
import type { Emit, Source } from '../../../src/ports.js';
import { defineSource } from '../../plugin.js';
import { InputWatch } from '../input-watch.js';
import { effectSchema, toEffect } from './effect.js';
import { effectFor, effectRulesShape, windowAround, windowedEvents } from './event-rules.js';

const HOUR_MS = 3_600_000;
const ON = /^(on|true|1|yes)$/i;
const OFF = /^(off|false|0|no)$/i;

/** An instant in a payload: ISO 8601 with an offset or Z (never the machine's zone), or epoch ms. */
const instant = z.union([
  z.number().int().positive(),
  z
    .string()
    .refine((s) => /(Z|[+-]\d\d:?\d\d)$/.test(s) && DateTime.fromISO(s).isValid, 'ISO 8601 with an offset'),
]);
const payloadEvent = z.object({
  start: instant,
  end: instant,
  title: z.string().optional(),
  effect: effectSchema.optional(),
});
const payloadEvents = z.union([payloadEvent, z.array(payloadEvent)]);

const toMs = (v: string | number) => (typeof v === 'number' ? v : DateTime.fromISO(v).toMillis());

/** What a payload says: a state (on/off) or a list of events; a reason when it says nothing usable. */
export type EventsPayload =
  | { kind: 'state'; on: boolean }
  | { kind: 'events'; events: z.infer<typeof payloadEvent>[] }
  | { kind: 'bad'; reason: string };

/** Reads a payload: `ON`/`OFF`, `true`/`false`, `1`/`0` (any case), else JSON event(s); empty = no events. */
export function parseEventsPayload(payload: Buffer): EventsPayload {
  const text = payload.toString('utf8').trim();
  if (text === '') return { kind: 'events', events: [] }; // a cleared retained message
  if (ON.test(text) || OFF.test(text)) return { kind: 'state', on: ON.test(text) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'bad', reason: `neither a state nor JSON: ${text.slice(0, 40)}` };
  }
  if (typeof json === 'boolean') return { kind: 'state', on: json };
  const parsed = payloadEvents.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'bad', reason: `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}` };
  }
  return { kind: 'events', events: Array.isArray(parsed.data) ? parsed.data : [parsed.data] };
}

const schema = z
  .object({
    type: z.literal('mqtt'),
    topic: z
      .string()
      .min(1)
      .describe('MQTT topic: ON/OFF (true/false, 1/0) or JSON {start, end, title?, effect?} or a list'),
    title: z.string().min(1).default('grid event').describe('title of the event an ON state starts'),
    ...effectRulesShape,
    maxMinutes: z
      .number()
      .positive()
      .default(240)
      .describe('an ON state ends after this long even if OFF never comes (a safety end, min)'),
    lookAheadDays: z
      .number()
      .positive()
      .max(366)
      .default(7)
      .describe('JSON events starting up to this far ahead (days)'),
  })
  .strict();

/**
 * Grid events pushed over MQTT: a binary state (a §14a relay contact, an HA `binary_sensor` via
 * statestream, a demand-response flag: active from the ON message until OFF or `maxMinutes`) or JSON
 * events with their own window (and optionally effect). A malformed payload is logged once and the last
 * good list stays.
 */
export const mqttEvents = defineSource({
  type: 'mqtt',
  description: 'grid events from an MQTT topic (ON/OFF state or JSON events)',
  schema,
  create(config, deps): Source {
    const watch = new InputWatch(deps, { source: deps.id, topic: config.topic });
    const state: { activeSince?: number; unsubscribe?: () => void } = {};

    const fromState = (on: boolean, now: number): GridEvent[] | string => {
      if (!on) {
        delete state.activeSince;
        return [];
      }
      const effect = effectFor(config.title, config);
      if (!effect) return `no effect for "${config.title}": set effect`;
      // A repeated ON (a retained message replayed on reconnect, a periodic publish) keeps its start.
      state.activeSince ??= now;
      const start = state.activeSince;
      return [
        {
          id: `${deps.id}@${start}`,
          title: config.title,
          start,
          end: start + config.maxMinutes * 60_000,
          effect,
        },
      ];
    };
    const fromJson = (events: z.infer<typeof payloadEvent>[]): GridEvent[] =>
      events.flatMap((e) => {
        const title = e.title ?? config.title;
        const effect = e.effect !== undefined ? toEffect(e.effect) : effectFor(title, config);
        const [start, end] = [toMs(e.start), toMs(e.end)];
        return effect ? [{ id: `${deps.id}:${start}-${end}`, title, start, end, effect }] : [];
      });

    return {
      id: deps.id,
      keys: ['events'],
      async start(emit: Emit) {
        if (!deps.mqtt)
          throw new DeviceError(
            'UNSUPPORTED',
            'an mqtt events source needs the mqtt section in the config',
            false,
          );
        state.unsubscribe = deps.mqtt.subscribe(config.topic, (message) => {
          const parsed = parseEventsPayload(message.payload);
          if (parsed.kind === 'bad') return watch.bad(parsed.reason);
          const now = deps.clock.now();
          const events = parsed.kind === 'state' ? fromState(parsed.on, now) : fromJson(parsed.events);
          if (typeof events === 'string') return watch.bad(events);
          if (parsed.kind === 'events' && events.some((e) => e.end <= e.start))
            return watch.bad('an event does not end after it starts');
          watch.good(now);
          const window = windowAround(now, 24 * HOUR_MS, config.lookAheadDays * 24 * HOUR_MS);
          emit({
            key: 'events',
            reading: { value: windowedEvents(events, window), at: now, source: deps.id },
          });
        });
      },
      async close() {
        state.unsubscribe?.();
        watch.close();
      },
    };
  },
});

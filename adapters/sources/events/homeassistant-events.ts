import { z } from 'zod';
import type { GridEvent } from '../../../src/core/grid-events.js';
import { DeviceError, errorText } from '../../../src/errors.js';
import type { Emit, SignalUpdate, Source } from '../../../src/ports.js';
import { ENTITY_ID, type HaState, isNoData } from '../../homeassistant/entity-state.js';
import { defineSource } from '../../plugin.js';
import { InputWatch } from '../input-watch.js';
import { effectFor, effectRulesShape, hasSomeEffect, windowAround, windowedEvents } from './event-rules.js';
import { haApiEvents, haCalendarEvent } from './ha-calendar.js';

const HOUR_MS = 3_600_000;

const schema = z
  .object({
    type: z.literal('homeassistant'),
    entity: z
      .string()
      .regex(ENTITY_ID, 'an entity id such as binary_sensor.grid_dimming or calendar.grid')
      .describe('a calendar.* entity (its current or next event), or an on/off entity (on = an event now)'),
    mode: z
      .enum(['websocket', 'rest'])
      .default('websocket')
      .describe('websocket: push + REST refresh; rest: poll only'),
    intervalSeconds: z.number().positive().default(60).describe('REST poll interval (s)'),
    calendar: z
      .enum(['events', 'state'])
      .default('events')
      .describe(
        'calendar.*: events = every event ahead from the calendar API; state = only the current or next one (its attributes)',
      ),
    lookAheadDays: z
      .number()
      .positive()
      .max(366)
      .default(7)
      .describe('calendar events starting up to this far ahead (days)'),
    title: z
      .string()
      .min(1)
      .optional()
      .describe('title of an on/off entity’s event (default: the entity id)'),
    ...effectRulesShape,
    maxMinutes: z
      .number()
      .positive()
      .default(240)
      .describe(
        'an on/off entity’s event ends after this long even if it never turns off (a safety end, min)',
      ),
    timeZone: z
      .string()
      .optional()
      .describe('Home Assistant’s time zone, when it is not site.timeZone (calendar times are HA-local)'),
  })
  .strict()
  .refine(hasSomeEffect, { message: 'give effect, or effects with at least one rule' });

/**
 * Grid events from a Home Assistant entity: a `calendar.*` (every event of the look-ahead window from
 * HA's calendar API, read again when the entity's state changes; or, with `calendar: state`, only the
 * current or next event its state attributes describe), the effect by a keyword in the title; or an
 * on/off entity such as a `binary_sensor` or `input_boolean` (on = an event from when it turned on
 * until off or `maxMinutes`). `unknown`/`unavailable` or unusable replies are logged once (a failed
 * poll by the runner) and the last good list stays.
 */
export const homeAssistantEvents = defineSource({
  type: 'homeassistant',
  description: 'grid events from a Home Assistant calendar or on/off entity',
  schema,
  create(config, deps): Source {
    const watch = new InputWatch(deps, { source: deps.id, entity: config.entity });
    const zone = config.timeZone ?? deps.timeZone;
    const calendar = config.entity.startsWith('calendar.');
    const title = config.title ?? config.entity;
    const held: { onSince?: number; closers: (() => void)[] } = { closers: [] };

    const windowAt = (now: number) => windowAround(now, 24 * HOUR_MS, config.lookAheadDays * 24 * HOUR_MS);
    const withEffects = (list: { key: string; title: string; start: number; end: number }[]): GridEvent[] =>
      list.flatMap((e) => {
        const effect = effectFor(e.title, config);
        const event = {
          id: `${deps.id}:${e.key}`,
          title: e.title || config.entity,
          start: e.start,
          end: e.end,
        };
        return effect ? [{ ...event, effect }] : [];
      });
    const calendarEvents = (state: HaState): GridEvent[] | string => {
      const event = haCalendarEvent(state, zone);
      if (typeof event === 'string') return event;
      return event ? withEffects([{ key: String(event.start), ...event }]) : [];
    };
    const switchEvents = (state: HaState, now: number): GridEvent[] | string => {
      const on = state.state.toLowerCase();
      if (on !== 'on' && on !== 'off') return `state is "${state.state}", not on/off`;
      if (on === 'off') {
        delete held.onSince;
        return [];
      }
      const effect = effectFor(title, config);
      if (!effect) return `no effect for "${title}": set effect`;
      // From when it turned on as HA says (last_updated), else now; kept while it stays on.
      held.onSince ??= Math.min(now, state.lastUpdatedAt ?? now);
      const start = held.onSince;
      return [{ id: `${deps.id}@${start}`, title, start, end: start + config.maxMinutes * 60_000, effect }];
    };

    /** The calendar API's events over the window; a broken reply throws (the runner keeps the last list). */
    const listUpdate = async (): Promise<SignalUpdate> => {
      const now = deps.clock.now();
      const window = windowAt(now);
      const range = { start: new Date(window.from).toISOString(), end: new Date(window.to).toISOString() };
      const events = haApiEvents(await client().getCalendarEvents(config.entity, range), zone);
      if (typeof events === 'string')
        throw new DeviceError('BAD_RESPONSE', `${config.entity}: ${events}`, true);
      watch.good(now);
      return {
        key: 'events',
        reading: { value: windowedEvents(withEffects(events), window), at: now, source: deps.id },
      };
    };
    const listed = calendar && config.calendar === 'events';

    /** One state → at most one update; problems go to the watch (logged once). */
    const toUpdate = (state: HaState): SignalUpdate | undefined => {
      if (isNoData(state.state)) return void watch.bad(`state is "${state.state || 'empty'}"`);
      const now = deps.clock.now();
      const events = calendar ? calendarEvents(state) : switchEvents(state, now);
      if (typeof events === 'string') return void watch.bad(events);
      watch.good(now);
      return {
        key: 'events',
        reading: { value: windowedEvents(events, windowAt(now)), at: now, source: deps.id },
      };
    };
    const client = () => {
      if (deps.homeassistant) return deps.homeassistant;
      throw new DeviceError(
        'UNSUPPORTED',
        'a homeassistant events source needs the homeassistant section',
        false,
      );
    };

    const source: Source = {
      id: deps.id,
      keys: ['events'],
      intervalMs: config.intervalSeconds * 1000,
      async poll() {
        if (listed) return [await listUpdate()];
        const update = toUpdate(await client().getState(config.entity));
        return update ? [update] : [];
      },
      async close() {
        for (const close of held.closers.splice(0)) close();
        watch.close();
      },
    };
    if (config.mode === 'websocket') {
      source.start = async (emit: Emit) => {
        const sub = client().subscribeEntities([config.entity], (state) => {
          // A listed calendar's state changes when an event starts or ends, or the next one changes:
          // read the list again then.
          if (listed && !isNoData(state.state))
            return void listUpdate().then(emit, (error: unknown) => watch.bad(errorText(error)));
          const update = toUpdate(state);
          if (update) emit(update);
        });
        held.closers.push(sub.unsubscribe);
        await sub.ready;
      };
    }
    return source;
  },
});

import { DateTime } from 'luxon';
import { z } from 'zod';
import type { GridEvent } from '../../../src/core/grid-events.js';
import { defineSource } from '../../plugin.js';
import { effectSchema, toEffect } from './effect.js';

/** An ISO 8601 date-time with an offset or Z (an event must not depend on the machine's time zone). */
const isoInstant = z
  .string()
  .refine((s) => DateTime.fromISO(s, { setZone: true }).isValid && /(Z|[+-]\d\d:?\d\d)$/.test(s), {
    message: 'an ISO 8601 date-time with an offset, e.g. 2026-12-05T13:00:00+01:00',
  });

/** Events written in the config: known sessions, a planned outage, a test calendar. */
export const staticEvents = defineSource({
  type: 'static',
  description: 'grid events listed in the config',
  schema: z
    .object({
      type: z.literal('static'),
      events: z
        .array(
          z
            .object({
              title: z.string().default('event'),
              start: isoInstant,
              end: isoInstant,
              effect: effectSchema,
            })
            .strict(),
        )
        .min(1),
    })
    .strict(),
  create(config, deps) {
    const events: GridEvent[] = config.events.map((e, i) => ({
      id: `${deps.id}#${i}`,
      title: e.title,
      start: DateTime.fromISO(e.start).toMillis(),
      end: DateTime.fromISO(e.end).toMillis(),
      effect: toEffect(e.effect),
    }));
    return {
      id: deps.id,
      keys: ['events'],
      intervalMs: 3_600_000,
      async poll() {
        return [{ key: 'events', reading: { value: events, at: deps.clock.now(), source: deps.id } }];
      },
    };
  },
});

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { GridEvent } from '../../../src/core/grid-events.js';
import { DeviceError } from '../../../src/errors.js';
import type { Source } from '../../../src/ports.js';
import { createHttp } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { requestText } from '../request-text.js';
import { effectFor, effectRulesShape, hasSomeEffect, windowAround, windowedEvents } from './event-rules.js';

const HOUR_MS = 3_600_000;

/** `webcal://` is how calendar apps hand out a feed: it is plain HTTPS. */
export function feedUrl(url: string): string {
  return url.replace(/^webcals?:\/\//i, 'https://');
}

const schema = z
  .object({
    type: z.literal('ics'),
    url: z
      .string()
      .regex(/^(https?|webcals?):\/\//i, 'an http(s):// or webcal:// address')
      .optional()
      .describe(
        'iCalendar feed address (Google "secret address in iCal format", Outlook "publish calendar")',
      ),
    file: z.string().min(1).optional().describe('an .ics file instead of url, read again at every poll'),
    ...effectRulesShape,
    intervalMinutes: z.number().positive().default(15).describe('how often the feed is read (min)'),
    lookBehindHours: z
      .number()
      .nonnegative()
      .default(24)
      .describe('events that ended up to this long ago (h)'),
    lookAheadDays: z
      .number()
      .positive()
      .max(366)
      .default(7)
      .describe('events starting up to this far ahead (days)'),
    timeoutMs: z.number().int().positive().default(10_000).describe('per-request timeout (ms)'),
  })
  .strict()
  .refine((c) => (c.url === undefined) !== (c.file === undefined), {
    message: 'give url or file (one of them)',
  })
  .refine(hasSomeEffect, { message: 'give effect, or effects with at least one rule' });

/**
 * Grid events from an iCalendar (RFC 5545) feed or file: every VEVENT occurrence in the look-ahead
 * window, with an effect by a keyword in its SUMMARY or the configured one (events matching neither
 * are someone's dentist appointment and are skipped). A feed that fails or does not parse throws:
 * the source runner logs it once and the store keeps the last good list.
 */
export const icsEvents = defineSource({
  type: 'ics',
  description: 'grid events from an iCalendar feed (URL) or .ics file',
  schema,
  create(config, deps): Source {
    const what = config.url ? `calendar ${new URL(feedUrl(config.url)).host}` : `calendar ${config.file}`;
    const http = config.url ? createHttp(feedUrl(config.url), config.timeoutMs) : undefined;
    const read = async (): Promise<string> => {
      if (http) return (await requestText(http, { method: 'GET', url: '' }, what)).body;
      try {
        return await readFile(config.file!, 'utf8');
      } catch (error) {
        throw new DeviceError('UNREACHABLE', `${what}: ${(error as Error).message}`, true, { cause: error });
      }
    };
    return {
      id: deps.id,
      keys: ['events'],
      intervalMs: config.intervalMinutes * 60_000,
      async poll() {
        const text = await read();
        // ical.js is loaded with the first calendar read, not at start (issue 16: resident memory).
        const { icsOccurrences } = await import('./ics-parse.js');
        const now = deps.clock.now();
        const window = windowAround(
          now,
          config.lookBehindHours * HOUR_MS,
          config.lookAheadDays * 24 * HOUR_MS,
        );
        const events: GridEvent[] = [];
        for (const o of icsOccurrences(text, { window, timeZone: deps.timeZone, what })) {
          const effect = effectFor(o.title, config);
          if (effect)
            events.push({
              id: `${deps.id}:${o.id}`,
              title: o.title || 'calendar event',
              start: o.start,
              end: o.end,
              effect,
            });
        }
        return [
          { key: 'events', reading: { value: windowedEvents(events, window), at: now, source: deps.id } },
        ];
      },
    };
  },
});

import { DateTime } from 'luxon';
import { z } from 'zod';
import { createHttp } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, jsonOrNothing, parseInstant, requestText } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import { normaliseSeries, type RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Nord Pool';

/** Parses one `DayAheadPrices` reply into rows (currency per MWh) for one delivery area; null = no price. */
export function parseNordpool(body: unknown, area: string, currency: string): RawPrice[] {
  const reply = body as { multiAreaEntries?: unknown; currency?: unknown } | null;
  if (!Array.isArray(reply?.multiAreaEntries)) throw badShape(WHAT, 'no multiAreaEntries');
  if (typeof reply.currency === 'string' && reply.currency !== currency)
    throw badShape(WHAT, `prices in ${reply.currency}, asked for ${currency}`);
  return reply.multiAreaEntries.map((entry: Record<string, unknown>) => {
    const value = (entry.entryPerArea as Record<string, unknown> | undefined)?.[area];
    return {
      start: parseInstant(entry.deliveryStart, WHAT),
      end: parseInstant(entry.deliveryEnd, WHAT),
      value: typeof value === 'number' ? value : null,
    };
  });
}

/** The delivery dates (CET, `YYYY-MM-DD`) touching [from, to). */
export function cetDates(from: number, to: number): string[] {
  const dates: string[] = [];
  let day = DateTime.fromMillis(from, { zone: 'Europe/Berlin' }).startOf('day');
  while (day.toMillis() < to) {
    dates.push(day.toISODate() as string);
    day = day.plus({ days: 1 });
  }
  return dates;
}

/** Nord Pool data portal: day-ahead prices per delivery area (15-min since the MTU switch), no key. */
export const nordpoolTariff = defineSource({
  type: 'nordpool',
  description: 'Nord Pool day-ahead prices (data portal), per delivery area',
  schema: z
    .object({
      type: z.literal('nordpool'),
      area: z
        .string()
        .regex(/^[A-Z0-9-]+$/)
        .describe('delivery area, e.g. SE3, NO1, FI, DK1, EE'),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/)
        .optional()
        .describe('price currency (EUR, SEK, NOK, DKK…); default site.currency'),
      baseUrl: z
        .url()
        .default('https://dataportal-api.nordpoolgroup.com')
        .describe('API root (a mirror or test server); check Nord Pool’s terms of use'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    const currency = config.currency ?? deps.currency;
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      async fetch(range) {
        const rows: RawPrice[] = [];
        for (const date of cetDates(range.from, range.to)) {
          const params = { date, market: 'DayAhead', deliveryArea: config.area, currency };
          const reply = await requestText(http, { url: '/api/DayAheadPrices', params }, WHAT);
          // HTTP 204 / empty body = not published yet (tomorrow before ~13:00 CET); the coverage check
          // still rejects a reply that lacks today.
          const body = jsonOrNothing(reply, WHAT);
          if (body !== undefined) rows.push(...parseNordpool(body, config.area, currency));
        }
        return normaliseSeries(rows, { unit: 'perMWh' });
      },
    });
  },
});

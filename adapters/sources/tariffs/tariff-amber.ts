import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import type { RawPrice } from './price-series.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Amber Electric';

/** Amber price channels. */
export type AmberChannel = 'general' | 'feedIn' | 'controlledLoad';

/**
 * Parses `/prices/current` (a list of interval objects for every channel) into rows in c/kWh for
 * one channel. Starts come from `endTime − duration` because Amber stamps `startTime` one second
 * late. Feed-in prices are what you pay (negative = you earn, energy.md §5.8), so they are negated
 * into what exporting earns.
 */
export function parseAmber(body: unknown, channel: AmberChannel): RawPrice[] {
  if (!Array.isArray(body)) throw badShape(WHAT, 'not a list of intervals');
  return body
    .filter((i: Record<string, unknown>) => i.channelType === channel)
    .map((i: Record<string, unknown>) => {
      const end = parseInstant(i.endTime, WHAT);
      const durationMin = parseNumber(i.duration, WHAT, 'duration');
      const perKwh = parseNumber(i.perKwh, WHAT, 'perKwh');
      return { start: end - durationMin * 60_000, end, value: channel === 'feedIn' ? -perKwh : perKwh };
    });
}

/** Amber Electric (AU): 5- or 30-min prices per channel incl. GST, Bearer token, rolling forecast. */
export const amberTariff = defineSource({
  type: 'amber',
  description: 'Amber Electric prices (Australia), 5 or 30 min, API token',
  schema: z
    .object({
      type: z.literal('amber'),
      token: z
        .string()
        .min(1)
        .describe('API token (app.amber.com.au/developers), best from an environment variable'),
      siteId: z.string().min(1).describe('site id from GET /v1/sites'),
      channel: z
        .enum(['general', 'feedIn', 'controlledLoad'])
        .optional()
        .describe('price channel; default feedIn for prices.export, else general'),
      resolution: z
        .union([z.literal(5), z.literal(30)])
        .default(30)
        .describe('interval length (min)'),
      intervalSeconds: z.number().positive().default(300).describe('poll interval; prices move every 5 min'),
      baseUrl: z.url().default('https://api.amber.com.au').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const channel = config.channel ?? (deps.role === 'price.export' ? 'feedIn' : 'general');
    const stepMs = config.resolution * 60_000;
    return marketTariff({
      deps,
      config,
      what: WHAT,
      intervalMs: config.intervalSeconds * 1000,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      headers: { Authorization: `Bearer ${config.token}` },
      url: `/v1/sites/${encodeURIComponent(config.siteId)}/prices/current`,
      params: (range) => ({
        previous: Math.ceil((range.now - range.from) / stepMs),
        next: Math.ceil((range.to - range.now) / stepMs),
        resolution: config.resolution,
      }),
      parse: (body) => parseAmber(body, channel),
      unit: 'centsPerKWh',
    });
  },
});

import { z } from 'zod';
import { DeviceError } from '../../src/errors.js';
import { createHttp, requestJson } from '../http.js';
import { defineSource } from '../plugin.js';
import { marketTariff } from './market-tariff.js';
import { normaliseSeries, type RawPrice } from './price-series.js';
import { OCTOPUS_AGILE } from './publication.js';
import { badShape, parseInstant, parseNumber } from './request-text.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Octopus Energy';
const MAX_PAGES = 10;

/** One page of `standard-unit-rates` (newest first) into rows in p/kWh; an open `valid_to` ends at `openEnd`. */
export function parseOctopusPage(
  body: unknown,
  vat: 'inc' | 'exc',
  openEnd: number,
): { rows: RawPrice[]; next?: string } {
  const page = body as { results?: unknown; next?: unknown } | null;
  if (!Array.isArray(page?.results)) throw badShape(WHAT, 'no results list');
  const field = vat === 'inc' ? 'value_inc_vat' : 'value_exc_vat';
  const rows = page.results.map((r: Record<string, unknown>) => ({
    start: parseInstant(r.valid_from, WHAT),
    end: r.valid_to === null ? openEnd : parseInstant(r.valid_to, WHAT),
    value: parseNumber(r[field], WHAT, field),
  }));
  return { rows, ...(typeof page.next === 'string' && page.next ? { next: page.next } : {}) };
}

/** The tariff code for a product and region letter: `E-1R-<product>-<region>`. */
export function octopusTariffCode(product: string, region: string): string {
  return `E-1R-${product}-${region}`;
}

/** Octopus Energy (UK): public unit rates of any product (Agile, Go, Outgoing…), 30-min slots in p/kWh. */
export const octopusTariff = defineSource({
  type: 'octopus',
  description: 'Octopus Energy unit rates (Agile and other products), public API',
  schema: z
    .object({
      type: z.literal('octopus'),
      product: z
        .string()
        .regex(/^[A-Z0-9-]+$/, 'a product code such as AGILE-24-10-01')
        .describe('product code; look it up at /v1/products/'),
      region: z
        .string()
        .regex(/^[A-P]$/, 'a region letter A…P')
        .optional()
        .describe('grid supply point region letter (C = London)'),
      tariff: z.string().optional().describe('full tariff code, instead of region (E-1R-<product>-<region>)'),
      vat: z.enum(['inc', 'exc']).default('inc').describe('value_inc_vat or value_exc_vat'),
      baseUrl: z.url().default('https://api.octopus.energy').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict()
    .refine((c) => c.region !== undefined || c.tariff !== undefined, {
      message: 'give region (a letter A…P) or tariff (the full code)',
    }),
  create(config, deps) {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    const tariff = config.tariff ?? octopusTariffCode(config.product, config.region!);
    const path = `/v1/products/${config.product}/electricity-tariffs/${tariff}/standard-unit-rates/`;
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: OCTOPUS_AGILE,
      async fetch(range) {
        const params = {
          period_from: new Date(range.from).toISOString(),
          period_to: new Date(range.to).toISOString(),
        };
        const rows: RawPrice[] = [];
        let url: string | undefined = path;
        for (let page = 0; url; page++) {
          if (page === MAX_PAGES)
            throw new DeviceError('BAD_RESPONSE', `${WHAT}: more than ${MAX_PAGES} pages`, false);
          // `next` is absolute on the real host; keep only its path and query so a mirror keeps working.
          const request = page === 0 ? { url, params } : { url: new URL(url).pathname + new URL(url).search };
          const parsed = parseOctopusPage(await requestJson(http, request, WHAT), config.vat, range.to);
          rows.push(...parsed.rows);
          url = parsed.next;
        }
        return normaliseSeries(rows, { unit: 'centsPerKWh', splitMs: 30 * 60_000 });
      },
    });
  },
});

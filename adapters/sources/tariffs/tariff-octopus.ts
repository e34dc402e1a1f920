import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { createHttp, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import { normaliseSeries, type RawPrice } from './price-series.js';
import { OCTOPUS_AGILE } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Octopus Energy';
const MAX_PAGES = 10;

/** How the customer pays; two-rate products (Go, Flexible, Cosy…) quote a rate for each. */
export type OctopusPaymentMethod = 'DIRECT_DEBIT' | 'NON_DIRECT_DEBIT';

/** Options of `parseOctopusPage`. */
export interface OctopusPageOptions {
  vat: 'inc' | 'exc';
  /** Rows for another payment method are skipped; rows with `payment_method: null` apply to all. */
  paymentMethod: OctopusPaymentMethod;
  /** Where an open `valid_to` (null) ends. */
  openEnd: number;
}

/**
 * One page of `standard-unit-rates` (newest first) into rows in p/kWh. Products such as Flexible
 * Octopus return a DIRECT_DEBIT and a NON_DIRECT_DEBIT row for the same start (springfall2008/batpred#5144;
 * evcc `tariff/octopus/rest/api.go` `RatePaymentMethod*`): only the configured method's rows are kept.
 */
export function parseOctopusPage(
  body: unknown,
  options: OctopusPageOptions,
): { rows: RawPrice[]; next?: string } {
  const page = body as { results?: unknown; next?: unknown } | null;
  if (!Array.isArray(page?.results)) throw badShape(WHAT, 'no results list');
  const { vat, openEnd, paymentMethod } = options;
  const field = vat === 'inc' ? 'value_inc_vat' : 'value_exc_vat';
  const applies = (r: Record<string, unknown>) =>
    r.payment_method === null || r.payment_method === undefined || r.payment_method === paymentMethod;
  const rows = page.results.filter(applies).map((r: Record<string, unknown>) => ({
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
      paymentMethod: z
        .enum(['DIRECT_DEBIT', 'NON_DIRECT_DEBIT'])
        .default('DIRECT_DEBIT')
        .describe('how you pay: two-rate products quote a rate per payment method (payment_method)'),
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
          const parsed = parseOctopusPage(await requestJson(http, request, WHAT), {
            vat: config.vat,
            paymentMethod: config.paymentMethod,
            openEnd: range.to,
          });
          rows.push(...parsed.rows);
          url = parsed.next;
        }
        return normaliseSeries(rows, { unit: 'centsPerKWh', splitMs: 30 * 60_000 });
      },
    });
  },
});

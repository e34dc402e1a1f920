import { DateTime } from 'luxon';
import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { createHttp, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import { normaliseSeries, type RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'EnergyZero';

/** Price types of `/public/v1/prices` and the reply stream holding each (python-energyzero `REST_PRICE_STREAMS`). */
export const ENERGYZERO_STREAMS = {
  market: 'base',
  'market-vat': 'base_with_vat',
  'all-in-excl-vat': 'all_in',
  'all-in': 'all_in_with_vat',
} as const;

/** Which price an EnergyZero source reads. */
export type EnergyZeroPrice = keyof typeof ENERGYZERO_STREAMS;

/**
 * Parses one `/public/v1/prices` reply (`{base: [{start, end, price: {value: "0.07994"}}], base_with_vat,
 * all_in, all_in_with_vat}`, python-energyzero tests/fixtures/rest/) into rows in EUR/kWh.
 */
export function parseEnergyZero(body: unknown, price: EnergyZeroPrice): RawPrice[] {
  const stream = ENERGYZERO_STREAMS[price];
  const rows = (body as Record<string, unknown> | null)?.[stream];
  if (!Array.isArray(rows)) throw badShape(WHAT, `no ${stream} list`);
  return rows.map((r: { start?: unknown; end?: unknown; price?: { value?: unknown } }) => ({
    start: parseInstant(r.start, WHAT),
    end: parseInstant(r.end, WHAT),
    value: parseNumber(r.price?.value, WHAT, `${stream}.price.value`),
  }));
}

/** `DD-MM-YYYY` of the local day starting at `at`, the API's `date` format. */
function apiDate(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toFormat('dd-MM-yyyy');
}

/** EnergyZero (NL): day-ahead electricity prices per kWh, quarter-hourly or hourly, market or all-in, no key. */
export const energyZeroTariff = defineSource({
  type: 'energyzero',
  description: 'EnergyZero day-ahead electricity prices (Netherlands)',
  schema: z
    .object({
      type: z.literal('energyzero'),
      price: z
        .enum(['market', 'market-vat', 'all-in', 'all-in-excl-vat'])
        .default('market-vat')
        .describe(
          'market = spot; market-vat = spot incl. 21 % BTW; all-in = with energy tax and fees incl. BTW',
        ),
      interval: z.enum(['quarter', 'hour']).default('quarter').describe('15-minute or hourly prices'),
      baseUrl: z
        .url()
        .default('https://public.api.energyzero.nl')
        .describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const http = createHttp(config.baseUrl, config.timeoutMs, { Accept: 'application/json' });
    const interval = config.interval === 'quarter' ? 'INTERVAL_QUARTER' : 'INTERVAL_HOUR';
    // One date per call (python-energyzero api/rest.py); tomorrow answers 404 until it is published.
    const day = async (date: string, optional: boolean): Promise<RawPrice[]> => {
      const params = { energyType: 'ENERGY_TYPE_ELECTRICITY', date, interval };
      try {
        return parseEnergyZero(
          await requestJson(http, { url: '/public/v1/prices', params }, WHAT),
          config.price,
        );
      } catch (error) {
        if (optional && error instanceof DeviceError && /HTTP 404/.test(error.message)) return [];
        throw error;
      }
    };
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      async fetch(range) {
        const today = await day(apiDate(range.from, range.timeZone), false);
        const tomorrowStart = DateTime.fromMillis(range.from, { zone: range.timeZone }).plus({ days: 1 });
        const tomorrow = await day(apiDate(tomorrowStart.toMillis(), range.timeZone), true);
        return normaliseSeries([...today, ...tomorrow], { unit: 'perKWh' });
      },
    });
  },
});

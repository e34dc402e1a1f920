import { z } from 'zod';
import { createHttp, requestJson } from '../http.js';
import { defineSource } from '../plugin.js';
import { marketTariff } from './market-tariff.js';
import { normaliseSeries, type RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { badShape, parseInstant, parseNumber } from './request-text.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'EnergyZero';

/** Parses `/v1/energyprices` (`{Prices: [{price, readingDate}]}`) into rows in EUR/kWh. */
export function parseEnergyZero(body: unknown): RawPrice[] {
  const prices = (body as { Prices?: unknown } | null)?.Prices;
  if (!Array.isArray(prices)) throw badShape(WHAT, 'no Prices list');
  return prices.map((p: Record<string, unknown>) => ({
    start: parseInstant(p.readingDate, WHAT),
    value: parseNumber(p.price, WHAT, 'price'),
  }));
}

/** EnergyZero (NL): hourly day-ahead electricity prices per kWh, optionally incl. BTW, no key. */
export const energyZeroTariff = defineSource({
  type: 'energyzero',
  description: 'EnergyZero day-ahead electricity prices (Netherlands)',
  schema: z
    .object({
      type: z.literal('energyzero'),
      vat: z.boolean().default(true).describe('inclBtw: prices including 21 % BTW'),
      baseUrl: z.url().default('https://api.energyzero.nl').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      async fetch(range) {
        const params = {
          fromDate: new Date(range.from).toISOString(),
          tillDate: new Date(range.to - 1).toISOString(),
          interval: 4, // hourly (energy.md §5.5)
          usageType: 1, // electricity
          inclBtw: config.vat,
        };
        const body = await requestJson(http, { url: '/v1/energyprices', params }, WHAT);
        return normaliseSeries(parseEnergyZero(body), { unit: 'perKWh' });
      },
    });
  },
});

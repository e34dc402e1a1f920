import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import type { RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'aWATTar';

/** Parses `/v1/marketdata` (`{data: [{start_timestamp, end_timestamp, marketprice, unit}]}`) into rows in €/MWh. */
export function parseAwattar(body: unknown): RawPrice[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw badShape(WHAT, 'no data list');
  return data.map((row: Record<string, unknown>) => {
    if (typeof row.unit === 'string' && row.unit.toLowerCase() !== 'eur/mwh')
      throw badShape(WHAT, `unit ${row.unit}`);
    return {
      start: parseNumber(row.start_timestamp, WHAT, 'start_timestamp'),
      end: parseNumber(row.end_timestamp, WHAT, 'end_timestamp'),
      value: parseNumber(row.marketprice, WHAT, 'marketprice'),
    };
  });
}

/** aWATTar (DE, AT): hourly EPEX day-ahead prices in €/MWh, no key (fair use ~100 requests/day). */
export const awattarTariff = defineSource({
  type: 'awattar',
  description: 'aWATTar day-ahead market prices (Germany, Austria)',
  schema: z
    .object({
      type: z.literal('awattar'),
      country: z.enum(['de', 'at']).default('de').describe('api.awattar.de or api.awattar.at'),
      baseUrl: z.url().optional().describe('API root (a mirror or test server); default by country'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      baseUrl: config.baseUrl ?? `https://api.awattar.${config.country}`,
      timeoutMs: config.timeoutMs,
      url: '/v1/marketdata',
      params: (range) => ({ start: range.from, end: range.to }),
      parse: parseAwattar,
      unit: 'perMWh',
    });
  },
});

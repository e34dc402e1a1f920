import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import type { RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Elering';

/** Parses `/api/nps/price` (`{success, data: {ee: [{timestamp, price}], fi, lv, lt}}`) for one region, EUR/MWh. */
export function parseElering(body: unknown, region: string): RawPrice[] {
  const reply = body as { success?: unknown; data?: Record<string, unknown> } | null;
  if (reply?.success === false) throw new DeviceError('BAD_RESPONSE', `${WHAT}: success=false`, true);
  const rows = reply?.data?.[region];
  if (!Array.isArray(rows)) throw badShape(WHAT, `no data.${region} list`);
  return rows.map((r: Record<string, unknown>) => ({
    start: parseNumber(r.timestamp, WHAT, 'timestamp') * 1000,
    value: parseNumber(r.price, WHAT, 'price'),
  }));
}

/** Elering dashboard (EE, FI, LV, LT): Nord Pool day-ahead prices in EUR/MWh, slot length from spacing. */
export const eleringTariff = defineSource({
  type: 'elering',
  description: 'Elering day-ahead prices (Estonia, Finland, Latvia, Lithuania), no key',
  schema: z
    .object({
      type: z.literal('elering'),
      region: z.enum(['ee', 'fi', 'lv', 'lt']).default('ee'),
      baseUrl: z.url().default('https://dashboard.elering.ee').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      url: '/api/nps/price',
      params: (range) => ({
        start: new Date(range.from).toISOString(),
        end: new Date(range.to - 1).toISOString(),
      }),
      parse: (body) => parseElering(body, config.region),
      unit: 'perMWh',
    });
  },
});

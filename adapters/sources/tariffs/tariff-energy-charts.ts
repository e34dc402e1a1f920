import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import type { RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Energy-Charts';

/** Parses `/price` (`{unix_seconds: [], price: [], unit: "EUR / MWh"}`) into rows; a null price stays a gap. */
export function parseEnergyCharts(body: unknown): RawPrice[] {
  const reply = body as { unix_seconds?: unknown; price?: unknown; unit?: unknown } | null;
  const seconds = reply?.unix_seconds;
  const prices = reply?.price;
  if (!Array.isArray(seconds) || !Array.isArray(prices) || seconds.length !== prices.length)
    throw badShape(WHAT, 'unix_seconds and price lists missing or of different length');
  const unit = String(reply?.unit ?? '').replace(/\s/g, '');
  if (unit !== 'EUR/MWh') throw badShape(WHAT, `unit ${String(reply?.unit)}`);
  return seconds.map((s, i) => ({
    start: parseNumber(s, WHAT, 'unix_seconds') * 1000,
    value: prices[i] === null ? null : parseNumber(prices[i], WHAT, 'price'),
  }));
}

/** An instant as `YYYY-MM-DDTHH:MM+00:00`. */
export function utcBound(at: number): string {
  return `${DateTime.fromMillis(at, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm")}+00:00`;
}

/** Energy-Charts (Fraunhofer ISE): free EPEX day-ahead per bidding zone in EUR/MWh; slot length from spacing. */
export const energyChartsTariff = defineSource({
  type: 'energy-charts',
  description: 'Energy-Charts day-ahead prices per bidding zone (CC BY 4.0, no key)',
  schema: z
    .object({
      type: z.literal('energy-charts'),
      zone: z.string().min(2).default('DE-LU').describe('bidding zone (bzn), e.g. DE-LU, AT, NL, FR, DK1'),
      baseUrl: z
        .url()
        .default('https://api.energy-charts.info')
        .describe('API root (a mirror or test server)'),
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
      url: '/price',
      // A bare date is read as a CET day, which starts after local midnight east of CET (Helsinki,
      // Athens): send the site's day as UTC instants, in the API's ISO 8601 form with an offset
      // (`2025-01-10T00:00+01:00`, api.energy-charts.info /price `start`/`end`).
      params: (range) => ({ bzn: config.zone, start: utcBound(range.from), end: utcBound(range.to) }),
      parse: parseEnergyCharts,
      unit: 'perMWh',
    });
  },
});

import { z } from 'zod';
import { createHttp, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import type { DetailedSource, SourceDetails } from '../source-details.js';
import { spotPrice, spotPriceSchema } from './spot-price.js';

const WHAT = 'Braiins Insights';

/** `hash_price` (USD per TH/s per day) and its companions from `/api/v1.0/hashrate-stats`. */
export function parseHashrateStats(body: unknown): { usdPerThsDay: number; feesBtcPerBlock?: number } {
  const stats = body as { hash_price?: unknown; avg_fees_per_block?: unknown } | null;
  const usdPerThsDay = parseNumber(stats?.hash_price, WHAT, 'hash_price');
  if (usdPerThsDay <= 0) throw badShape(WHAT, `hash_price ${usdPerThsDay}`);
  const fees = stats?.avg_fees_per_block;
  return { usdPerThsDay, ...(typeof fees === 'number' ? { feesBtcPerBlock: fees } : {}) };
}

/**
 * Braiins Insights' published hashprice (USD per TH/s per day). For another site currency it is
 * converted by the BTC price ratio: spot BTC in the currency / Braiins' own BTC price in USD.
 */
export const braiinsHashprice = defineSource({
  type: 'braiins-insights',
  description: 'published BTC hashprice from Braiins Insights (USD, converted by BTC price)',
  schema: z
    .object({
      type: z.literal('braiins-insights'),
      baseUrl: z.url().default('https://insights.braiins.com').describe('API root (a mirror or test server)'),
      price: spotPriceSchema
        .prefault({ exchange: 'coinbase' })
        .describe('BTC price in the site currency, for the USD conversion'),
      intervalSeconds: z.number().positive().default(600),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .strict(),
  create(config, deps): DetailedSource {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    const local = spotPrice(config.price, 'btc', deps.currency, config.timeoutMs);
    let details: SourceDetails | undefined;
    return {
      id: deps.id,
      keys: ['hashprice'],
      intervalMs: config.intervalSeconds * 1000,
      details: () => details,
      async poll() {
        const stats = parseHashrateStats(await requestJson(http, { url: '/api/v1.0/hashrate-stats' }, WHAT));
        let rate = 1;
        const extra: SourceDetails = {};
        if (deps.currency !== 'USD') {
          const [usdBody, localPrice] = await Promise.all([
            requestJson(http, { url: '/api/v1.0/price-stats' }, WHAT),
            local(),
          ]);
          const usd = parseNumber((usdBody as { price?: unknown } | null)?.price, WHAT, 'price');
          if (usd <= 0) throw badShape(WHAT, `price ${usd}`);
          rate = localPrice / usd;
          Object.assign(extra, {
            btcPriceUsd: usd,
            btcPrice: localPrice,
            usdRate: Math.round(rate * 1e6) / 1e6,
          });
        }
        const value = stats.usdPerThsDay * rate;
        details = {
          hashpriceUsd: stats.usdPerThsDay,
          ...(stats.feesBtcPerBlock !== undefined ? { feesBtcPerBlock: stats.feesBtcPerBlock } : {}),
          ...extra,
          currency: deps.currency,
        };
        return [{ key: 'hashprice', reading: { value, at: deps.clock.now(), source: deps.id } }];
      },
    };
  },
});

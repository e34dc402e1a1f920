import { z } from 'zod';
import { errorText } from '../../../src/errors.js';
import { createHttp, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import type { DetailedSource, SourceDetails } from '../source-details.js';
import { btcHashprice, btcHashvaluePerThsDay, btcSubsidy, SATS_PER_BTC } from './hashprice-math.js';
import { spotPrice, spotPriceSchema } from './spot-price.js';

const WHAT = 'mempool';

/** Fees per block (BTC) from `/api/v1/mining/reward-stats/N`: totalFee (sats) over the blocks it spans. */
export function feesPerBlock(body: unknown): number {
  const stats = body as { totalFee?: unknown; startBlock?: unknown; endBlock?: unknown } | null;
  const totalFee = parseNumber(stats?.totalFee, WHAT, 'totalFee');
  const blocks =
    parseNumber(stats?.endBlock, WHAT, 'endBlock') - parseNumber(stats?.startBlock, WHAT, 'startBlock') + 1;
  if (blocks <= 0 || totalFee < 0) throw badShape(WHAT, `reward stats over ${blocks} blocks`);
  return totalFee / blocks / SATS_PER_BTC;
}

/**
 * BTC hashprice from a mempool.space-compatible API: difficulty, subsidy of the next block from the
 * tip height, mean fees of the last 144 blocks, BTC price in the site currency (from the same API,
 * else from a spot ticker). Refreshed every 10 minutes.
 */
export const mempoolHashprice = defineSource({
  type: 'mempool',
  description: 'BTC hashprice from difficulty, subsidy, fees and price (mempool.space API)',
  schema: z
    .object({
      type: z.literal('mempool'),
      baseUrl: z
        .url()
        .default('https://mempool.space')
        .describe('mempool.space or your own mempool instance'),
      feeBlocks: z.number().int().min(1).max(2016).default(144).describe('blocks to average fees over'),
      priceFallback: spotPriceSchema
        .prefault({ exchange: 'coinbase' })
        .describe('spot ticker used when the API has no price in the site currency'),
      intervalSeconds: z.number().positive().default(600),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .strict(),
  create(config, deps): DetailedSource {
    const http = createHttp(config.baseUrl, config.timeoutMs);
    const fallback = spotPrice(config.priceFallback, 'btc', deps.currency, config.timeoutMs);
    let details: SourceDetails | undefined;

    async function price(): Promise<{ price: number; from: string }> {
      try {
        const prices = (await requestJson(http, { url: '/api/v1/prices' }, WHAT)) as Record<
          string,
          unknown
        > | null;
        const value = prices?.[deps.currency];
        if (typeof value === 'number' && value > 0) return { price: value, from: WHAT };
      } catch (error) {
        deps.logger.debug(
          { source: deps.id, error: errorText(error) },
          'mempool price unavailable, using fallback',
        );
      }
      return { price: await fallback(), from: config.priceFallback.exchange };
    }

    return {
      id: deps.id,
      keys: ['hashprice'],
      intervalMs: config.intervalSeconds * 1000,
      details: () => details,
      async poll() {
        const [hashrate, height, rewardStats, spot] = await Promise.all([
          requestJson(http, { url: '/api/v1/mining/hashrate/3d' }, WHAT),
          requestJson(http, { url: '/api/blocks/tip/height' }, WHAT),
          requestJson(http, { url: `/api/v1/mining/reward-stats/${config.feeBlocks}` }, WHAT),
          price(),
        ]);
        const difficulty = parseNumber(
          (hashrate as { currentDifficulty?: unknown } | null)?.currentDifficulty,
          WHAT,
          'currentDifficulty',
        );
        if (difficulty <= 0) throw badShape(WHAT, `difficulty ${difficulty}`);
        const tip = parseNumber(height, WHAT, 'tip height');
        const subsidyBtc = btcSubsidy(tip + 1);
        const feesBtc = feesPerBlock(rewardStats);
        const value = btcHashprice({ difficulty, rewardBtc: subsidyBtc + feesBtc, price: spot.price });
        const at = deps.clock.now();
        details = {
          difficulty,
          height: tip,
          subsidyBtc,
          feesBtcPerBlock: Math.round(feesBtc * 1e8) / 1e8,
          hashvalueBtcPerThsDay: btcHashvaluePerThsDay(difficulty, subsidyBtc + feesBtc),
          btcPrice: spot.price,
          priceFrom: spot.from,
          currency: deps.currency,
        };
        return [{ key: 'hashprice', reading: { value, at, source: deps.id } }];
      },
    };
  },
});

import { z } from 'zod';
import { createHttp, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseNumber } from '../request-text.js';
import type { DetailedSource, SourceDetails } from '../source-details.js';
import { xmrHashprice } from './hashprice-math.js';
import { spotPrice, spotPriceSchema } from './spot-price.js';

const WHAT = 'Monero';
/** Atomic units per XMR. */
const ATOMIC_PER_XMR = 1e12;

/** Difficulty and height from an onion-monero-blockchain-explorer `/api/networkinfo` reply. */
export function parseNetworkInfo(body: unknown): { difficulty: number; height: number } {
  const reply = body as { status?: unknown; data?: { difficulty?: unknown; height?: unknown } } | null;
  if (reply?.status !== undefined && reply.status !== 'success')
    throw badShape(WHAT, `status ${String(reply.status)}`);
  return {
    difficulty: parseNumber(reply?.data?.difficulty, WHAT, 'data.difficulty'),
    height: parseNumber(reply?.data?.height, WHAT, 'data.height'),
  };
}

/** Difficulty, reward (XMR) and height from monerod's `get_last_block_header` JSON-RPC reply. */
export function parseBlockHeader(body: unknown): { difficulty: number; rewardXmr: number; height: number } {
  const header = (body as { result?: { block_header?: Record<string, unknown> } } | null)?.result
    ?.block_header;
  if (!header) throw badShape(WHAT, 'no result.block_header');
  return {
    difficulty: parseNumber(header.difficulty, WHAT, 'difficulty'),
    rewardXmr: parseNumber(header.reward, WHAT, 'reward') / ATOMIC_PER_XMR,
    height: parseNumber(header.height, WHAT, 'height'),
  };
}

/**
 * RandomX revenue for XMRig users as `hashprice.xmr` (currency per TH/s per day, like BTC): network
 * difficulty and block reward from a block explorer (reward = tail emission, configurable) or your own
 * monerod, XMR price from CoinGecko or Kraken. Refreshed every 10 minutes.
 */
export const moneroHashprice = defineSource({
  type: 'monero',
  description: 'Monero (RandomX) revenue per TH/s per day from difficulty, block reward and XMR price',
  schema: z
    .object({
      type: z.literal('monero'),
      api: z
        .enum(['explorer', 'monerod'])
        .default('explorer')
        .describe('explorer JSON API or monerod JSON-RPC'),
      baseUrl: z
        .url()
        .optional()
        .describe('default https://xmrchain.net (explorer) or http://127.0.0.1:18081 (monerod)'),
      rewardXmr: z
        .number()
        .positive()
        .default(0.6)
        .describe('block reward for the explorer API: the 0.6 XMR tail emission (fees are small)'),
      price: spotPriceSchema.prefault({ exchange: 'coingecko' }).describe('XMR price in the site currency'),
      intervalSeconds: z.number().positive().default(600),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .strict(),
  create(config, deps): DetailedSource {
    const defaultUrl = config.api === 'monerod' ? 'http://127.0.0.1:18081' : 'https://xmrchain.net';
    const http = createHttp(config.baseUrl ?? defaultUrl, config.timeoutMs);
    const xmrPrice = spotPrice(config.price, 'xmr', deps.currency, config.timeoutMs);
    let details: SourceDetails | undefined;

    async function network(): Promise<{ difficulty: number; rewardXmr: number; height: number }> {
      if (config.api === 'monerod') {
        const data = { jsonrpc: '2.0', id: '0', method: 'get_last_block_header' };
        return parseBlockHeader(await requestJson(http, { method: 'POST', url: '/json_rpc', data }, WHAT));
      }
      const info = parseNetworkInfo(await requestJson(http, { url: '/api/networkinfo' }, WHAT));
      return { ...info, rewardXmr: config.rewardXmr };
    }

    return {
      id: deps.id,
      keys: ['hashprice.xmr'],
      intervalMs: config.intervalSeconds * 1000,
      details: () => details,
      async poll() {
        const [net, price] = await Promise.all([network(), xmrPrice()]);
        if (net.difficulty <= 0) throw badShape(WHAT, `difficulty ${net.difficulty}`);
        const value = xmrHashprice({ difficulty: net.difficulty, rewardXmr: net.rewardXmr, price });
        details = {
          difficulty: net.difficulty,
          height: net.height,
          rewardXmr: net.rewardXmr,
          xmrPrice: price,
          priceFrom: config.price.exchange,
          perKhsDay: value / 1e9,
          currency: deps.currency,
        };
        return [{ key: 'hashprice.xmr', reading: { value, at: deps.clock.now(), source: deps.id } }];
      },
    };
  },
});

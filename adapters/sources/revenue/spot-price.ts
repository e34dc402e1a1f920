import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { createHttp, requestJson } from '../../http.js';
import { badShape, parseNumber } from '../request-text.js';

/** Where to read a coin's spot price: an exchange ticker or CoinGecko, optionally at a mirror. */
export const spotPriceSchema = z
  .object({
    exchange: z.enum(['coinbase', 'kraken', 'coingecko']).describe('price source'),
    baseUrl: z.url().optional().describe('API root (a mirror or test server)'),
    apiKey: z.string().optional().describe('CoinGecko demo key (x-cg-demo-api-key), optional'),
  })
  .strict();

/** A parsed spot-price source. */
export type SpotPriceConfig = z.infer<typeof spotPriceSchema>;

const DEFAULT_URL = {
  coinbase: 'https://api.coinbase.com',
  kraken: 'https://api.kraken.com',
  coingecko: 'https://api.coingecko.com',
};

/** A function returning the coin's last price in `currency` (per coin), or throwing a DeviceError. */
export type SpotPrice = () => Promise<number>;

/** Builds a spot-price reader for `btc` or `xmr` in `currency` (ISO code). */
export function spotPrice(
  config: SpotPriceConfig,
  coin: 'btc' | 'xmr',
  currency: string,
  timeoutMs: number,
): SpotPrice {
  const what = `${config.exchange} ${coin.toUpperCase()}-${currency} price`;
  const headers: Record<string, string> = config.apiKey ? { 'x-cg-demo-api-key': config.apiKey } : {};
  const http = createHttp(config.baseUrl ?? DEFAULT_URL[config.exchange], timeoutMs, headers);
  return async () => {
    if (config.exchange === 'coinbase') {
      const body = (await requestJson(
        http,
        { url: `/v2/prices/${coin.toUpperCase()}-${currency}/spot` },
        what,
      )) as {
        data?: { amount?: unknown };
      } | null;
      return positive(parseNumber(body?.data?.amount, what, 'data.amount'), what);
    }
    if (config.exchange === 'kraken') {
      const pair = `${coin === 'btc' ? 'XBT' : 'XMR'}${currency}`;
      const body = (await requestJson(http, { url: '/0/public/Ticker', params: { pair } }, what)) as {
        error?: unknown[];
        result?: Record<string, { c?: unknown[] }>;
      } | null;
      if (body?.error?.length)
        throw new DeviceError('BAD_RESPONSE', `${what}: ${body.error.join('; ')}`, false);
      // Kraken names the result key its own way (XXBTZEUR); there is one pair in the reply.
      const ticker = Object.values(body?.result ?? {})[0];
      return positive(parseNumber(ticker?.c?.[0], what, 'c[0]'), what);
    }
    const id = coin === 'btc' ? 'bitcoin' : 'monero';
    const vs = currency.toLowerCase();
    const body = (await requestJson(
      http,
      { url: '/api/v3/simple/price', params: { ids: id, vs_currencies: vs } },
      what,
    )) as Record<string, Record<string, unknown>> | null;
    return positive(parseNumber(body?.[id]?.[vs], what, `${id}.${vs}`), what);
  };
}

function positive(price: number, what: string): number {
  if (price <= 0) throw badShape(what, `price ${price}`);
  return price;
}

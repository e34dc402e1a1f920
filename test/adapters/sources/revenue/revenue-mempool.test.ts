import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mempoolHashprice } from '../../../../adapters/sources/revenue/revenue-mempool.js';
import { detailsOf } from '../../../../adapters/sources/source-details.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, makeSource, serveMempool } from '../tariffs/tariff-harness.js';

const NOW = Date.UTC(2025, 11, 14, 12);
const rev = (f: string) => fixture(f, 'revenue');

describe('mempool hashprice', () => {
  let server: FakeHttpServer;
  let exchange: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    exchange = await FakeHttpServer.start();
    serveMempool(server);
    exchange.file('/v2/prices/BTC-SEK/spot', rev('coinbase-btc-sek.json'));
    exchange.file('/0/public/Ticker', rev('kraken-xbteur.json'));
  });
  afterEach(async () => {
    await server.close();
    await exchange.close();
  });

  it('computes hashprice from difficulty, subsidy at the tip, mean fees and the USD price', async () => {
    const { source } = makeSource(
      mempoolHashprice,
      { type: 'mempool', baseUrl: server.url },
      { now: NOW, currency: 'USD' },
    );
    const updates = await source.poll!();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.key).toBe('hashprice');
    expect(updates[0]!.reading.value as number).toBeCloseTo(0.0373, 4);
    expect(updates[0]!.reading.at).toBe(NOW);
    expect(detailsOf(source)).toMatchObject({
      difficulty: 148260000000000,
      height: 928123,
      subsidyBtc: 3.125,
      feesBtcPerBlock: 0.02,
      btcPrice: 87500,
      priceFrom: 'mempool',
      currency: 'USD',
    });
    expect(source.intervalMs).toBe(600_000);
  });

  it('uses the site currency from the same API (EUR)', async () => {
    const { source } = makeSource(
      mempoolHashprice,
      { type: 'mempool', baseUrl: server.url },
      { now: NOW, currency: 'EUR' },
    );
    const [update] = await source.poll!();
    expect(update!.reading.value as number).toBeCloseTo((0.0373 * 80500) / 87500, 4);
  });

  it('falls back to a spot ticker when the API has no price in the currency (SEK via Coinbase)', async () => {
    const raw = {
      type: 'mempool',
      baseUrl: server.url,
      priceFallback: { exchange: 'coinbase', baseUrl: exchange.url },
    };
    const { source } = makeSource(mempoolHashprice, raw, { now: NOW, currency: 'SEK' });
    const [update] = await source.poll!();
    expect(detailsOf(source)).toMatchObject({ btcPrice: 1004250.5, priceFrom: 'coinbase' });
    expect(update!.reading.value as number).toBeCloseTo((0.0373 / 87500) * 1004250.5, 3);
  });

  it('falls back to Kraken when the price endpoint fails', async () => {
    server.fault('/api/v1/prices', 'http500');
    const raw = {
      type: 'mempool',
      baseUrl: server.url,
      priceFallback: { exchange: 'kraken', baseUrl: exchange.url },
    };
    const { source } = makeSource(mempoolHashprice, raw, { now: NOW, currency: 'EUR' });
    await source.poll!();
    expect(detailsOf(source)).toMatchObject({ btcPrice: 80507.3, priceFrom: 'kraken' });
    expect(exchange.seen('/0/public/Ticker')[0]!.query.get('pair')).toBe('XBTEUR');
  });

  it('fails with a typed error when difficulty is missing', async () => {
    server.route('/api/v1/mining/hashrate/3d', { body: '{"hashrates":[]}' });
    const { source } = makeSource(
      mempoolHashprice,
      { type: 'mempool', baseUrl: server.url },
      { now: NOW, currency: 'USD' },
    );
    await expect(source.poll!()).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
      message: /currentDifficulty/,
    });
  });
});

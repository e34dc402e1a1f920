import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { braiinsHashprice } from '../../../../adapters/sources/revenue/revenue-braiins.js';
import { detailsOf } from '../../../../adapters/sources/source-details.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, makeSource } from '../tariffs/tariff-harness.js';

const NOW = Date.UTC(2025, 11, 14, 12);
const rev = (f: string) => fixture(f, 'revenue');

describe('braiins-insights hashprice', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server
      .file('/api/v1.0/hashrate-stats', rev('braiins-hashrate-stats.json'))
      .file('/api/v1.0/price-stats', rev('braiins-price-stats.json'))
      .file('/v2/prices/BTC-EUR/spot', rev('coinbase-btc-eur.json'));
  });
  afterEach(() => server.close());

  it('passes the published USD hashprice through for a USD site', async () => {
    const { source } = makeSource(
      braiinsHashprice,
      { type: 'braiins-insights', baseUrl: server.url },
      { now: NOW, currency: 'USD' },
    );
    const [update] = await source.poll!();
    expect(update!.reading.value).toBe(0.039);
    expect(server.seen('/api/v1.0/price-stats')).toHaveLength(0);
  });

  it('converts to EUR by the BTC price ratio', async () => {
    const raw = {
      type: 'braiins-insights',
      baseUrl: server.url,
      price: { exchange: 'coinbase', baseUrl: server.url },
    };
    const { source } = makeSource(braiinsHashprice, raw, { now: NOW, currency: 'EUR' });
    const [update] = await source.poll!();
    expect(update!.reading.value as number).toBeCloseTo((0.039 * 76000) / 89316, 9);
    expect(detailsOf(source)).toMatchObject({
      hashpriceUsd: 0.039,
      btcPriceUsd: 89316,
      btcPrice: 76000,
      feesBtcPerBlock: 0.016,
    });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moneroHashprice } from '../../../../adapters/sources/revenue/revenue-monero.js';
import { detailsOf } from '../../../../adapters/sources/source-details.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, makeSource } from '../tariffs/tariff-harness.js';

const NOW = Date.UTC(2025, 11, 14, 12);
const rev = (f: string) => fixture(f, 'revenue');

describe('monero hashprice', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server
      .file('/api/networkinfo', rev('monero-networkinfo.json'))
      .file('/json_rpc', rev('monerod-last-block-header.json'))
      .file('/api/v3/simple/price', rev('coingecko-monero-eur.json'));
  });
  afterEach(() => server.close());

  const price = () => ({ exchange: 'coingecko', baseUrl: server.url, apiKey: 'demo-key' });

  it('feeds hashprice.xmr per TH/s per day from explorer difficulty, tail emission and the XMR price', async () => {
    const raw = { type: 'monero', baseUrl: server.url, price: price() };
    const { source } = makeSource(moneroHashprice, raw, { now: NOW, currency: 'EUR' });
    const [update] = await source.poll!();
    expect(update!.key).toBe('hashprice.xmr');
    const perKhsDay = (86_400 * 1000 * 0.6 * 300) / 6.6e11;
    expect(update!.reading.value as number).toBeCloseTo(perKhsDay * 1e9, 6);
    expect(detailsOf(source)).toMatchObject({
      difficulty: 6.6e11,
      height: 3512345,
      rewardXmr: 0.6,
      xmrPrice: 300,
    });
    const q = server.seen('/api/v3/simple/price')[0]!;
    expect(Object.fromEntries(q.query)).toEqual({ ids: 'monero', vs_currencies: 'eur' });
    expect(q.headers['x-cg-demo-api-key']).toBe('demo-key');
  });

  it('reads difficulty and the real block reward from monerod JSON-RPC', async () => {
    const raw = { type: 'monero', api: 'monerod', baseUrl: server.url, price: price() };
    const { source } = makeSource(moneroHashprice, raw, { now: NOW, currency: 'EUR' });
    const [update] = await source.poll!();
    expect(detailsOf(source)).toMatchObject({ rewardXmr: 0.612345678901 });
    expect(update!.reading.value as number).toBeCloseTo(((86_400 * 1e12 * 0.612345678901) / 6.6e11) * 300, 3);
    expect(JSON.parse(server.seen('/json_rpc')[0]!.body).method).toBe('get_last_block_header');
  });
});

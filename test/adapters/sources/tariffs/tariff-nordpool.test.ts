import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cetDates, nordpoolTariff } from '../../../../adapters/sources/tariffs/tariff-nordpool.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, pollSeries } from './tariff-harness.js';

describe('nordpool tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    const today = readFileSync(fixture('nordpool/se-2024-10-27.json'), 'utf8');
    // Tomorrow is not published yet: the portal answers 204 No Content.
    server.route('/api/DayAheadPrices', (req) =>
      req.query.get('date') === '2024-10-27' ? { body: today } : { status: 204, body: '' },
    );
  });
  afterEach(() => server.close());

  it('reads one area of a 25-hour day in SEK/kWh and treats 204 for tomorrow as not yet published', async () => {
    const raw = { type: 'nordpool', area: 'SE3', currency: 'SEK', baseUrl: server.url };
    const { source } = makeSource(nordpoolTariff, raw, {
      now: local('2024-10-27T12:00', 'Europe/Stockholm'),
      timeZone: 'Europe/Stockholm',
    });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(25);
    expect(slots[5]!.perKWh).toBeCloseTo(
      Math.round(curvePerMWh(slots[5]!.start) * 11.5 * 100) / 100 / 1000,
      7,
    );
    expect(server.seen('/api/DayAheadPrices').map((r) => r.query.get('date'))).toEqual([
      '2024-10-27',
      '2024-10-28',
    ]);
    expect(server.seen('/api/DayAheadPrices')[0]!.query.get('deliveryArea')).toBe('SE3');
  });

  it('rejects a reply in another currency', async () => {
    const raw = { type: 'nordpool', area: 'SE3', baseUrl: server.url };
    const { source } = makeSource(nordpoolTariff, raw, { now: local('2024-10-27T12:00'), currency: 'EUR' });
    await expect(source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: /prices in SEK/ });
  });

  it('lists the CET delivery dates of a range', () => {
    expect(cetDates(local('2024-10-27T00:00'), local('2024-10-29T00:00'))).toEqual([
      '2024-10-27',
      '2024-10-28',
    ]);
    expect(
      cetDates(local('2024-10-27T00:00', 'Europe/Helsinki'), local('2024-10-29T00:00', 'Europe/Helsinki')),
    ).toEqual(['2024-10-26', '2024-10-27', '2024-10-28']);
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { energyZeroTariff } from '../../../../adapters/sources/tariffs/tariff-energyzero.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

// Replies in the shape of python-energyzero tests/fixtures/rest/electricity_quarter_response.json
// (public.api.energyzero.nl/public/v1/prices, one date per call); written by make-fixtures.ts.
const AMS = 'Europe/Amsterdam';
const PATH = '/public/v1/prices';
const byDate: Record<string, string> = {
  '26-10-2025': 'energyzero/rest-2025-10-26-quarter.json',
  '27-10-2025': 'energyzero/rest-2025-10-27-quarter.json',
  '31-03-2024': 'energyzero/rest-2024-03-31-hour.json',
};

describe('energyzero tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.route(PATH, (req) => {
      const file = byDate[req.query.get('date') ?? ''];
      // A day not yet published answers 404 (python-energyzero test_rest_future_date_returns_no_data).
      if (!file) return { status: 404, body: '{"code":3,"message":"not found"}' };
      return { body: readFileSync(fixture(file), 'utf8') };
    });
  });
  afterEach(() => server.close());

  const make = (extra: Record<string, unknown>, now: number) =>
    makeSource(
      energyZeroTariff,
      { type: 'energyzero', baseUrl: server.url, ...extra },
      { now, timeZone: AMS },
    );

  it('asks one date per call on the public API and reads 100 + 96 quarters across the autumn DST day', async () => {
    const slots = await pollSeries(make({}, local('2025-10-26T14:00', AMS)).source);
    expect(slots).toHaveLength(196);
    expect(minutesOf(slots)).toEqual([15]);
    expect(slots[5]!.perKWh).toBeCloseTo((curvePerMWh(slots[5]!.start) / 1000) * 1.21, 5);
    const asked = server.seen(PATH).map((r) => Object.fromEntries(r.query));
    expect(asked).toEqual([
      { energyType: 'ENERGY_TYPE_ELECTRICITY', date: '26-10-2025', interval: 'INTERVAL_QUARTER' },
      { energyType: 'ENERGY_TYPE_ELECTRICITY', date: '27-10-2025', interval: 'INTERVAL_QUARTER' },
    ]);
  });

  it('reads hourly prices of the spring DST day (23 h) and takes tomorrow as not yet published on 404', async () => {
    const { source } = make({ interval: 'hour', price: 'market' }, local('2024-03-31T09:00', AMS));
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(23);
    expect(minutesOf(slots)).toEqual([60]);
    expect(slots[3]!.perKWh).toBeCloseTo(curvePerMWh(slots[3]!.start) / 1000, 5);
    expect(server.seen(PATH)[0]!.query.get('interval')).toBe('INTERVAL_HOUR');
  });

  it('picks the all-in stream on request', async () => {
    const now = local('2025-10-26T14:00', AMS);
    const allIn = await pollSeries(make({ price: 'all-in' }, now).source);
    const expected = ((curvePerMWh(allIn[7]!.start) / 1000 + 0.13165) * 1.21 * 1e5) / 1e5;
    expect(allIn[7]!.perKWh).toBeCloseTo(expected, 5);
  });
});

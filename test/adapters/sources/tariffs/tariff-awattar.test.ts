import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awattarTariff } from '../../../../adapters/sources/tariffs/tariff-awattar.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

describe('awattar tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(() => server.close());

  it('reads a DST spring day as 23 hourly slots in €/kWh and asks for local today + tomorrow', async () => {
    server.file('/v1/marketdata', fixture('awattar/de-2024-03-31.json'));
    const { source } = makeSource(
      awattarTariff,
      { type: 'awattar', baseUrl: server.url },
      { now: local('2024-03-31T10:30') },
    );
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(23);
    expect(minutesOf(slots)).toEqual([60]);
    expect(slots[0]!.start).toBe(Date.UTC(2024, 2, 30, 23));
    expect(slots[12]!.perKWh).toBeCloseTo(curvePerMWh(slots[12]!.start) / 1000, 9);
    const query = server.seen('/v1/marketdata')[0]!.query;
    expect(Number(query.get('start'))).toBe(Date.UTC(2024, 2, 30, 23));
    expect(Number(query.get('end'))).toBe(Date.UTC(2024, 3, 1, 22));
  });

  it('reads a 25-hour autumn day plus tomorrow and applies retail composition', async () => {
    server.file('/v1/marketdata', fixture('awattar/at-2024-10-27.json'));
    const raw = { type: 'awattar', country: 'at', baseUrl: server.url, charges: 0.1, tax: 0.2 };
    const { source } = makeSource(awattarTariff, raw, { now: local('2024-10-27T15:00') });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(49);
    const first = slots[0]!;
    expect(first.perKWh).toBeCloseTo((curvePerMWh(first.start) / 1000 + 0.1) * 1.2, 6);
    expect(source.nextPollInMs?.(local('2024-10-27T15:00'))).toBe(3_600_000);
  });

  it('polls again inside the publication window while tomorrow is missing', async () => {
    server.file('/v1/marketdata', fixture('awattar/de-2024-03-31.json'));
    const { source } = makeSource(
      awattarTariff,
      { type: 'awattar', baseUrl: server.url },
      { now: local('2024-03-31T13:10') },
    );
    await pollSeries(source);
    expect(source.nextPollInMs?.(local('2024-03-31T13:10'))).toBe(12 * 60_000);
  });

  it('rejects a reply in another unit', async () => {
    server.route('/v1/marketdata', {
      body: JSON.stringify({
        data: [{ start_timestamp: 1, end_timestamp: 2, marketprice: 3, unit: 'Eur/kWh' }],
      }),
    });
    const { source } = makeSource(
      awattarTariff,
      { type: 'awattar', baseUrl: server.url },
      { now: local('2024-03-31T10:30') },
    );
    await expect(source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: /unit Eur\/kWh/ });
  });
});

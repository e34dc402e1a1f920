import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { energyChartsTariff } from '../../../../adapters/sources/tariffs/tariff-energy-charts.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

describe('energy-charts tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file('/price', fixture('energy-charts/de-lu-2025-10-26.json'));
  });
  afterEach(() => server.close());

  it('infers 15-min slots on a 100-quarter day and leaves the null price as a gap', async () => {
    const { source } = makeSource(
      energyChartsTariff,
      { type: 'energy-charts', baseUrl: server.url },
      { now: local('2025-10-26T08:00') },
    );
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(99);
    expect(minutesOf(slots)).toEqual([15]);
    const gapStart = local('2025-10-26T00:00') + 41 * 15 * 60_000;
    expect(slots.some((s) => s.start === gapStart)).toBe(false);
    expect(slots[40]!.end).toBe(gapStart);
    expect(slots[41]!.start).toBe(gapStart + 15 * 60_000);
    expect(Object.fromEntries(server.seen('/price')[0]!.query)).toEqual({
      bzn: 'DE-LU',
      start: '2025-10-25T22:00+00:00',
      end: '2025-10-27T23:00+00:00',
    });
  });

  // The API reads a bare date as a CET day and an ISO 8601 instant with offset as that instant
  // (api.energy-charts.info /price: start/end "YYYY-MM-DD" or "2025-01-10T00:00+01:00"). This route
  // answers like that with 15-min prices, so a site east of CET sees what the real API would send.
  it('asks UTC bounds so a site east of CET (Helsinki) gets its first local hour', async () => {
    const bound = (text: string, end: boolean) => {
      if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        const day = DateTime.fromISO(text, { zone: 'Europe/Berlin' });
        return (end ? day.plus({ days: 1 }) : day).toMillis();
      }
      return DateTime.fromISO(text, { setZone: true }).toMillis();
    };
    server.route('/price', (req) => {
      const from = bound(req.query.get('start')!, false);
      const to = bound(req.query.get('end')!, true);
      const starts: number[] = [];
      for (let t = from; t < to; t += 15 * 60_000) starts.push(t);
      return {
        body: JSON.stringify({
          license_info: 'CC BY 4.0 (creativecommons.org/licenses/by/4.0) from Bundesnetzagentur | SMARD.de',
          unix_seconds: starts.map((t) => t / 1000),
          price: starts.map(curvePerMWh),
          unit: 'EUR / MWh',
          deprecated: false,
        }),
      };
    });
    const HEL = 'Europe/Helsinki';
    const now = local('2025-10-26T00:30', HEL);
    const { source } = makeSource(
      energyChartsTariff,
      { type: 'energy-charts', zone: 'FI', baseUrl: server.url },
      { now, timeZone: HEL },
    );
    const slots = await pollSeries(source);
    expect(slots[0]!.start).toBe(local('2025-10-26T00:00', HEL));
    expect(slots.some((s) => s.start <= now && now < s.end)).toBe(true);
    expect(server.seen('/price')[0]!.query.get('start')).toBe('2025-10-25T21:00+00:00');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { energyChartsTariff } from '../../../adapters/sources/tariff-energy-charts.js';
import { FakeHttpServer } from '../../fakes/http-server.js';
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
      start: '2025-10-26',
      end: '2025-10-27',
    });
  });
});

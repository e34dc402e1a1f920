import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { amberTariff, parseAmber } from '../../../../adapters/sources/tariffs/tariff-amber.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

const SYDNEY = 'Australia/Sydney';
const SAMPLE = {
  type: 'ForecastInterval',
  date: '2025-07-17',
  duration: 30,
  startTime: '2025-07-16T22:30:01Z',
  endTime: '2025-07-16T23:00:00Z',
  perKwh: -8.30172,
  spotPerKwh: 8.71696,
  channelType: 'feedIn',
};

describe('amber tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file('/v1/sites/site-1/prices/current', fixture('amber/prices-2025-07-17.json'));
  });
  afterEach(() => server.close());

  it('inverts feed-in (Amber: negative = you earn) and starts slots on the half-hour', () => {
    expect(parseAmber([SAMPLE], 'feedIn')).toEqual([
      { start: Date.UTC(2025, 6, 16, 22, 30), end: Date.UTC(2025, 6, 16, 23), value: 8.30172 },
    ]);
    expect(parseAmber([SAMPLE], 'general')).toEqual([]);
  });

  it('reads the general channel for import and feedIn for export, in AUD/kWh', async () => {
    const now = local('2025-07-17T10:10', SYDNEY);
    const raw = { type: 'amber', token: 'psk_x', siteId: 'site-1', baseUrl: server.url };
    const imp = makeSource(amberTariff, raw, { now, timeZone: SYDNEY, currency: 'AUD' });
    const exp = makeSource(amberTariff, raw, {
      now,
      timeZone: SYDNEY,
      currency: 'AUD',
      role: 'price.export',
    });
    const general = await pollSeries(imp.source);
    const feedIn = await pollSeries(exp.source);
    expect(general).toHaveLength(48);
    expect(minutesOf(general)).toEqual([30]);
    expect(general[0]!.start).toBe(local('2025-07-17T00:00', SYDNEY));
    expect(general[20]!.perKWh).toBeGreaterThan(0.18);
    expect(feedIn[0]!.perKWh).toBeGreaterThan(0);
    const request = server.seen('/v1/sites/site-1/prices/current')[0]!;
    expect(request.headers.authorization).toBe('Bearer psk_x');
    expect(request.query.get('resolution')).toBe('30');
    expect(request.query.get('previous')).toBe('21');
    expect(imp.source.nextPollInMs?.(now)).toBe(300_000);
  });
});

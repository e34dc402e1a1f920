import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttp } from '../../adapters/http.js';
import { fetchHourlyTemperature } from '../../src/backtest/fetch/sources.js';
import { FakeHttpServer } from '../fakes/http-server.js';

// Open-Meteo `GET /v1/archive` replies (open-meteo.com/en/docs/historical-weather-api): naive local
// `hourly.time` at one `utc_offset_seconds` for the whole reply, as the shared Frankfurt archive files
// (/work/shared/data/weather-hourly: `timezone: Europe/Berlin, utc_offset_seconds: 3600`).
const reply = (offsetSeconds: number) =>
  JSON.stringify({
    latitude: 50.1,
    longitude: 8.7,
    utc_offset_seconds: offsetSeconds,
    timezone: offsetSeconds === 0 ? 'GMT' : 'Europe/Berlin',
    hourly_units: { time: 'iso8601', temperature_2m: '°C' },
    hourly: {
      time: ['2024-07-01T00:00', '2024-07-01T01:00', '2024-07-01T02:00'],
      temperature_2m: [18.2, null, 17.6],
    },
  });

describe('Open-Meteo archive times', () => {
  let server: FakeHttpServer;
  beforeAll(async () => {
    server = await FakeHttpServer.start();
  });
  afterAll(async () => {
    await server.close();
  });

  it('reads the naive times at the reply’s own utc_offset_seconds (GMT asked, +01:00 honoured), nulls skipped', async () => {
    const http = createHttp(server.url, 5000);
    const place = { latitude: 50.1, longitude: 8.7 };
    server.route('/v1/archive', { body: reply(0) });
    const gmt = await fetchHourlyTemperature(http, place, 2024);
    expect(gmt).toEqual([
      { at: Date.UTC(2024, 6, 1, 0), value: 18.2 },
      { at: Date.UTC(2024, 6, 1, 2), value: 17.6 },
    ]);
    server.route('/v1/archive', { body: reply(3600) });
    const plusOne = await fetchHourlyTemperature(http, place, 2024);
    expect(plusOne.map((p) => p.at)).toEqual([Date.UTC(2024, 5, 30, 23), Date.UTC(2024, 6, 1, 1)]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMeteoForecast, parseOpenMeteo } from '../../../adapters/sources/forecast-open-meteo.js';
import { loadConfig } from '../../../config/loader.js';
import { forecastAsSource } from '../../../src/agent/forecast-sources.js';
import { ForecastStore } from '../../../src/agent/forecast-store.js';
import { SourceRunner } from '../../../src/agent/source-runner.js';
import { DeviceError } from '../../../src/errors.js';
import type { ForecastUpdate } from '../../../src/forecast-ports.js';
import { testAdapterDeps } from '../../fakes/adapter-deps.js';
import { FakeClock, pollEnds } from '../../fakes/clock.js';
import { FakeHttpServer, type Fault } from '../../fakes/http-server.js';

const FIXTURE = 'test/fixtures/forecasts/open-meteo-berlin.json';
const PATH = '/v1/forecast';
const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 0, 15, 11);
const at = (iso: string) => Date.parse(`${iso}Z`);

function make(server: FakeHttpServer, extra: Record<string, unknown> = {}) {
  const clock = new FakeClock(NOW);
  const { deps, log } = testAdapterDeps({ clock, id: 'forecasts[0]' });
  const raw = { type: 'open-meteo', latitude: 52.52, longitude: 13.41, baseUrl: server.url, ...extra };
  const source = openMeteoForecast.create(openMeteoForecast.schema.parse(raw) as { type: string }, deps);
  return { source, clock, log };
}

const kind = (updates: ForecastUpdate[], k: ForecastUpdate['kind']) => updates.find((u) => u.kind === k)!;

describe('open-meteo forecast', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file(PATH, FIXTURE);
  });
  afterEach(async () => {
    await server.close();
  });

  it('asks for hourly temperature and horizontal radiation in UTC for two days', async () => {
    const { source } = make(server, { pv: { peakPowerW: 5000 } });
    await source.poll();
    const query = server.seen(PATH)[0]!.query;
    expect(Object.fromEntries(query)).toEqual({
      latitude: '52.52',
      longitude: '13.41',
      hourly: 'temperature_2m,shortwave_radiation',
      timezone: 'UTC',
      forecast_days: '2',
    });
    expect(source.kinds).toEqual(['outdoor.tempC', 'pv.powerW']);
    expect(source.intervalMs).toBe(HOUR);
  });

  it('parses a recorded-style reply: centred temperature slots, PV over the preceding hour', async () => {
    const { source } = make(server, { pv: { peakPowerW: 5000, performanceRatio: 0.8 } });
    const updates = await source.poll();
    const temp = kind(updates, 'outdoor.tempC');
    expect(temp).toMatchObject({ at: NOW, source: 'forecasts[0]' });
    expect(temp.points).toHaveLength(48);
    // 11:00 UTC read 0.1 °C: it stands for 10:30–11:30.
    expect(temp.points[11]).toEqual({
      start: at('2025-01-15T10:30'),
      end: at('2025-01-15T11:30'),
      value: 0.1,
    });
    const pv = kind(updates, 'pv.powerW');
    // 209.1 W/m² is the mean of 11:00–12:00 (stamped 12:00): 209.1/1000 × 5000 W × 0.8.
    expect(pv.points[12]).toMatchObject({ start: at('2025-01-15T11:00'), end: at('2025-01-15T12:00') });
    expect(pv.points[12]!.value).toBeCloseTo(836.4, 6);
    expect(pv.points[3]!.value).toBe(0);
  });

  it('fetches horizontal irradiance for window gains, once when PV reads it too', async () => {
    const { source } = make(server, { irradiance: true, pv: { peakPowerW: 5000 } });
    const updates = await source.poll();
    expect(server.seen(PATH)[0]!.query.get('hourly')).toBe('temperature_2m,shortwave_radiation');
    expect(source.kinds).toEqual(['outdoor.tempC', 'pv.powerW', 'solar.irradianceWPerM2']);
    // The fixture's 209.1 W/m² stamped 12:00 is the mean of 11:00–12:00.
    const sun = kind(updates, 'solar.irradianceWPerM2');
    expect(sun.points[12]).toEqual({
      start: at('2025-01-15T11:00'),
      end: at('2025-01-15T12:00'),
      value: 209.1,
    });
    const alone = make(server, { temperature: false, irradiance: true }).source;
    expect(alone.kinds).toEqual(['solar.irradianceWPerM2']);
  });

  it('uses the tilted irradiance with tilt and azimuth when the panel tilt is set', async () => {
    server.route(PATH, {
      body: JSON.stringify({
        utc_offset_seconds: 0,
        hourly: { time: ['2025-01-15T12:00', '2025-01-15T13:00'], global_tilted_irradiance: [400, -1.6] },
      }),
    });
    const { source } = make(server, {
      temperature: false,
      pv: { peakPowerW: 4000, performanceRatio: 1, tiltDeg: 35, azimuthDeg: -20 },
    });
    const updates = await source.poll();
    const query = server.seen(PATH)[0]!.query;
    expect(query.get('hourly')).toBe('global_tilted_irradiance');
    expect([query.get('tilt'), query.get('azimuth')]).toEqual(['35', '-20']);
    expect(updates.map((u) => u.kind)).toEqual(['pv.powerW']);
    // Slightly negative night-time irradiance (an Open-Meteo quirk) is no PV, not negative power.
    expect(kind(updates, 'pv.powerW').points.map((p) => p.value)).toEqual([1600, 0]);
  });

  it('skips null values (past the model range) and honours a non-zero UTC offset', () => {
    const body = {
      utc_offset_seconds: 3600,
      hourly: {
        time: ['2025-01-15T12:00', '2025-01-15T13:00', '2025-01-15T14:00'],
        temperature_2m: [2, null, 4],
      },
    };
    const [temp] = parseOpenMeteo(body, { temperature: true }, { at: NOW, source: 's' });
    expect(temp!.points.map((p) => [p.start, p.value])).toEqual([
      [at('2025-01-15T10:30'), 2],
      [at('2025-01-15T12:30'), 4],
    ]);
  });

  it.each([
    ['an error reply', { error: true, reason: 'Latitude must be in range of -90 to 90°.' }, /Latitude must/],
    ['no hourly block', { latitude: 52.5 }, /no hourly block/],
    ['a missing variable', { hourly: { time: ['2025-01-15T00:00'] } }, /hourly.temperature_2m missing/],
    ['a bad time', { hourly: { time: ['tomorrow'], temperature_2m: [1] } }, /bad time/],
    [
      'times out of order',
      { hourly: { time: ['2025-01-15T01:00', '2025-01-15T00:00'], temperature_2m: [1, 2] } },
      /not increasing/,
    ],
    [
      'a text value',
      { hourly: { time: ['2025-01-15T00:00'], temperature_2m: ['cold'] } },
      /temperature_2m "cold"/,
    ],
  ])('rejects %s with BAD_RESPONSE', (_name, body, message) => {
    const parse = () => parseOpenMeteo(body, { temperature: true }, { at: NOW, source: 's' });
    expect(parse).toThrow(DeviceError);
    expect(parse).toThrow(message);
    try {
      parse();
    } catch (error) {
      expect((error as DeviceError).code).toBe('BAD_RESPONSE');
    }
  });

  it('rejects a config that fetches nothing', () => {
    const raw = { type: 'open-meteo', latitude: 52.5, longitude: 13.4, temperature: false };
    expect(() => openMeteoForecast.schema.parse(raw)).toThrow(/fetches nothing/);
  });

  const faults: { fault: Fault; error: RegExp }[] = [
    { fault: 'http500', error: /BAD_RESPONSE: .*HTTP 500/ },
    { fault: 'html', error: /BAD_RESPONSE/ },
    { fault: 'empty', error: /BAD_RESPONSE/ },
    { fault: 'truncated', error: /BAD_RESPONSE/ },
    { fault: 'timeout', error: /TIMEOUT/ },
  ];

  it.each(faults)('$fault keeps the last good forecast and is logged once', async ({ fault, error }) => {
    const { source, clock, log } = make(server, { timeoutMs: 200, pv: { peakPowerW: 5000 } });
    const store = new ForecastStore({ maxAgeMs: 6 * HOUR, reserveW: 0 });
    const polls = pollEnds(clock);
    const runner = new SourceRunner([forecastAsSource(source, (u) => store.update(u))], () => undefined, {
      clock: polls.runnerClock,
      logger: log.logger,
    });
    await runner.start();
    const good = store.get('outdoor.tempC')!;
    expect(good.at).toBe(NOW);
    const failures = () => runner.healthAll()[0]!.failures;

    server.fault(PATH, fault);
    await clock.advance(HOUR);
    await polls.until(() => failures() >= 1, 'the first failure');
    await clock.advance(15_000);
    await polls.until(() => failures() >= 2, 'a retry');
    expect(store.get('outdoor.tempC')).toBe(good);
    expect(store.forecastsAt(clock.now()).outdoorC?.(at('2025-01-15T13:00'))).toBe(1.3);
    expect(runner.healthAll()[0]!.lastError).toMatch(error);
    expect(log.messages().filter((m) => m === 'source failed; keeping its last good reading')).toHaveLength(
      1,
    );

    server.fault(PATH, undefined);
    await clock.advance(HOUR);
    await polls.until(() => runner.healthAll()[0]!.ok, 'the recovery');
    expect(store.get('outdoor.tempC')!.at).toBeGreaterThan(good.at);
    await runner.stop();
  });
});

describe('config/example-planner.yaml forecasts', () => {
  it('configures an Open-Meteo temperature and tilted PV forecast', () => {
    const config = loadConfig('config/example-planner.yaml', {});
    expect(config.forecasts).toEqual([
      expect.objectContaining({ type: 'open-meteo', latitude: 52.52, temperature: true, forecastDays: 2 }),
    ]);
    expect(config.forecasts[0]!.pv).toEqual({
      peakPowerW: 4000,
      performanceRatio: 0.8,
      tiltDeg: 30,
      azimuthDeg: 0,
    });
    expect(config.maxAge.forecast).toBe(21_600);
  });
});

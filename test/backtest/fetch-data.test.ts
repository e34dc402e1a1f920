import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseBacktestConfig } from '../../src/backtest/config.js';
import { mempoolPeriod } from '../../src/backtest/fetch/sources.js';
import { buildFrames } from '../../src/backtest/frames.js';
import { parseCsv } from '../../src/backtest/series.js';
import { dataFetchCommand } from '../../src/cli/data.js';
import { FakeHttpServer, type SeenRequest } from '../fakes/http-server.js';

// `hashheat data fetch` against a local server answering in the public APIs' formats:
// - Energy-Charts `GET /price?bzn=&start=&end=` (api.energy-charts.info/#/prices): `{license_info,
//   unix_seconds[], price[], unit: "EUR / MWh", deprecated}`, as test/fixtures/tariffs/energy-charts and
//   shared/reference/economics.md; start/end are local days of the zone, nulls are gaps.
// - Open-Meteo `GET /v1/archive` (open-meteo.com/en/docs/historical-weather-api) with timezone=GMT:
//   `{latitude, longitude, generationtime_ms, utc_offset_seconds: 0, timezone: "GMT", hourly_units, hourly:{time, temperature_2m}}`.
// - mempool.space (mempool.space/docs/api/rest, samples in mempool/mempool frontend api-docs-data.ts):
//   `/api/v1/mining/hashrate/:period` → `{hashrates[], difficulty: [{timestamp, difficulty, height}], currentHashrate,
//   currentDifficulty}`; `/api/v1/mining/blocks/rewards/:period` → `[{avgHeight, timestamp, avgRewards}]` (sats);
//   `/api/v1/historical-price?currency=USD` → `{prices: [{time, USD}], exchangeRates: {USDEUR, …}}`.
// Difficulty and BTC price per day are the real 2024 values of backtest-data/hashprice-2024.csv, so the
// fetched subsidy hashprice must equal that file's column (computed independently from other sources).
const shipped = parseCsv(readFileSync('backtest-data/hashprice-2024.csv', 'utf8'));
const col = (name: string) => shipped.header.indexOf(name);
const rows = shipped.rows.map((r) => ({
  at: Date.parse(`${r[col('date')]}T00:00:00Z`),
  date: r[col('date')]!,
  usd: Number(r[col('btc_usd')]),
  difficulty: Number(r[col('difficulty')]),
  subsidy: Number(r[col('hashprice_subsidy_usd_per_th_day')]),
}));
const HALVING_DAY = Date.UTC(2024, 3, 20);
// Block height at a day: 144 blocks a day, the 840,000th (the fourth halving) on 2024-04-20.
const heightAt = (at: number) => 840_072 + Math.round(((at - HALVING_DAY) / 86_400_000) * 144);

const priceAt = (seconds: number) => Math.round((60 + 40 * Math.sin(seconds / 20_000)) * 100) / 100;

function energyCharts(r: SeenRequest) {
  const zone = 'Europe/Berlin';
  const from = DateTime.fromISO(r.query.get('start')!, { zone });
  const to = DateTime.fromISO(r.query.get('end')!, { zone }).plus({ days: 1 });
  const seconds: number[] = [];
  for (let t = from.toSeconds(); t < to.toSeconds(); t += 3600) seconds.push(t);
  // One hour without a price (2024-06-01 12:00 local): a gap, as Energy-Charts sends null.
  const gap = DateTime.fromISO('2024-06-01T12:00', { zone }).toSeconds();
  const body = {
    license_info: 'CC BY 4.0 (creativecommons.org/licenses/by/4.0) from Bundesnetzagentur | SMARD.de',
    unix_seconds: seconds,
    price: seconds.map((s) => (s === gap ? null : priceAt(s))),
    unit: 'EUR / MWh',
    deprecated: false,
  };
  return { body: JSON.stringify(body) };
}

function openMeteo(r: SeenRequest) {
  const time: string[] = [];
  const temperature: (number | null)[] = [];
  const end = Date.parse(`${r.query.get('end_date')}T23:00:00Z`);
  for (let t = Date.parse(`${r.query.get('start_date')}T00:00:00Z`); t <= end; t += 3_600_000) {
    time.push(new Date(t).toISOString().slice(0, 16));
    temperature.push(Math.round(100 * (10 + 12 * Math.sin((t / 86_400_000 / 365) * 2 * Math.PI))) / 100);
  }
  const body = {
    latitude: Number(r.query.get('latitude')),
    longitude: Number(r.query.get('longitude')),
    generationtime_ms: 42.1,
    utc_offset_seconds: 0,
    timezone: 'GMT',
    timezone_abbreviation: 'GMT',
    elevation: 112,
    hourly_units: { time: 'iso8601', temperature_2m: '°C' },
    hourly: { time, temperature_2m: temperature },
  };
  return { body: JSON.stringify(body) };
}

const changes = rows.filter((r, i) => i === 0 || r.difficulty !== rows[i - 1]!.difficulty);
const mempool = {
  hashrate: {
    hashrates: rows.map((r) => ({ timestamp: r.at / 1000, avgHashrate: 6.1e20 })),
    difficulty: changes.map((r) => ({
      timestamp: r.at / 1000,
      difficulty: r.difficulty,
      height: heightAt(r.at),
    })),
    currentHashrate: 6.3e20,
    currentDifficulty: rows.at(-1)!.difficulty,
  },
  // Subsidy + 0.1 BTC of fees per block.
  rewards: rows.map((r) => ({
    avgHeight: heightAt(r.at),
    timestamp: r.at / 1000 + 600,
    avgRewards: (heightAt(r.at) >= 840_000 ? 312_500_000 : 625_000_000) + 10_000_000,
  })),
  prices: {
    prices: [
      { time: rows[0]!.at / 1000 - 86_400, USD: -1 },
      ...rows.map((r) => ({ time: r.at / 1000, USD: r.usd })),
    ],
    exchangeRates: { USDEUR: 0.92, USDGBP: 0.78, USDCAD: 1.36, USDCHF: 0.88, USDAUD: 1.53, USDJPY: 146.62 },
  },
};

describe('hashheat data fetch', () => {
  let server: FakeHttpServer;
  beforeAll(async () => {
    server = await FakeHttpServer.start();
    server
      .route('/price', energyCharts)
      .route('/v1/archive', openMeteo)
      .route('/api/v1/mining/hashrate/3y', { body: JSON.stringify(mempool.hashrate) })
      .route('/api/v1/mining/blocks/rewards/3y', { body: JSON.stringify(mempool.rewards) })
      .route('/api/v1/historical-price', { body: JSON.stringify(mempool.prices) });
  });
  afterAll(() => server.close());

  async function fetch(extra: Partial<Parameters<typeof dataFetchCommand>[0]> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-data-'));
    let stdout = '';
    let stderr = '';
    const code = await dataFetchCommand(
      {
        zone: 'DE-LU',
        year: '2024',
        dir,
        energyChartsUrl: server.url,
        openMeteoUrl: server.url,
        mempoolUrl: server.url,
        ...extra,
      },
      {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t) },
        now: () => new Date('2026-06-01T00:00:00Z'),
      },
    );
    return { code, stdout, stderr, dir };
  }

  it('writes prices, weather and hashprice that the backtest loads, for a whole local year', async () => {
    const { code, stdout, stderr, dir } = await fetch();
    expect(code, stderr).toBe(0);
    // One request per month, the first from New Year's Eve; the weather at Frankfurt for the zone.
    const months = server.seen('/price').map((r) => `${r.query.get('start')}..${r.query.get('end')}`);
    expect(months[0]).toBe('2023-12-31..2024-01-31');
    expect(months.at(-1)).toBe('2024-12-01..2025-01-01');
    expect(months).toHaveLength(12);
    expect(server.seen('/price')[0]!.query.get('bzn')).toBe('DE-LU');
    const weather = server.seen('/v1/archive')[0]!.query;
    expect([weather.get('latitude'), weather.get('longitude'), weather.get('timezone')]).toEqual([
      '50.11',
      '8.68',
      'GMT',
    ]);

    // The files in the shipped formats, used through the real backtest config loader and frames.
    const nano = parse(readFileSync('config/backtest-nano.yaml', 'utf8')) as {
      backtest: Record<string, unknown>;
    };
    const files = {
      prices: 'prices-DE-LU-2024.csv',
      weather: 'weather-DE-LU-2024.csv',
      hashprice: 'hashprice-2024.csv',
    };
    expect(stdout).toContain(
      `prices: { import: { file: ${files.prices}, format: time-value-csv, unit: per-MWh } }`,
    );
    nano.backtest = {
      ...nano.backtest,
      dataDir: dir,
      prices: { import: { file: files.prices, format: 'time-value-csv', unit: 'per-MWh' } },
      outdoor: { file: files.weather, format: 'time-value-csv' },
      hashprice: { file: files.hashprice, column: 'hashprice_total_usd_per_th_day' },
    };
    const frames = buildFrames(parseBacktestConfig(stringify(nano), dir));
    expect(frames.start.length).toBe(366 * 24);
    for (const series of [frames.wholesalePerKWh, frames.outdoorC, frames.hashprice])
      expect(series.every(Number.isFinite)).toBe(true);
    expect(frames.warnings).toEqual([]); // the one null hour is held from the hour before, not a day gap
    const noon = Date.UTC(2024, 2, 15, 11); // 12:00 CET
    const i = frames.start.indexOf(noon);
    expect(frames.wholesalePerKWh[i]).toBeCloseTo(priceAt(noon / 1000) / 1000, 9);
  });

  it('computes hashprice from difficulty and rewards as the shipped 2024 table does (subsidy column equal)', async () => {
    const { code, dir } = await fetch();
    expect(code).toBe(0);
    const out = parseCsv(readFileSync(join(dir, 'hashprice-2024.csv'), 'utf8'));
    expect(out.header).toEqual([
      'date',
      'btc_usd',
      'difficulty',
      'hashprice_subsidy_usd_per_th_day',
      'hashprice_total_usd_per_th_day',
    ]);
    const fetched = new Map(out.rows.map((r) => [r[0]!, r]));
    expect(fetched.size).toBe(rows.length);
    for (const r of rows) {
      const row = fetched.get(r.date)!;
      expect(Number(row[3]) / r.subsidy, r.date).toBeCloseTo(1, 4);
      // Total = subsidy + 0.1 BTC of fees: 86400·1e12·reward/(difficulty·2³²)·price.
      const reward = (r.at >= HALVING_DAY ? 3.125 : 6.25) + 0.1;
      expect(
        Number(row[4]) / (((86_400e12 * reward) / (r.difficulty * 2 ** 32)) * r.usd),
        r.date,
      ).toBeCloseTo(1, 4);
    }
  });

  it('reports a failing service and leaves no half-written file; needs a place for unknown zones', async () => {
    server.fault('/v1/archive', 'http500');
    const failed = await fetch();
    server.fault('/v1/archive', undefined);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/hashheat data fetch: .*Open-Meteo archive: HTTP 500/);
    expect(existsSync(join(failed.dir, 'prices-DE-LU-2024.csv'))).toBe(true);
    expect(existsSync(join(failed.dir, 'weather-DE-LU-2024.csv'))).toBe(false);
    expect(existsSync(join(failed.dir, 'weather-DE-LU-2024.csv.tmp'))).toBe(false);

    const unknown = await fetch({ zone: 'GR' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no default place for zone GR: pass --lat and --lon');
    const placed = await fetch({ zone: 'GR', lat: '37.98', lon: '23.73' });
    expect(placed.code, placed.stderr).toBe(0);
    expect(server.seen('/v1/archive').at(-1)!.query.get('latitude')).toBe('37.98');
    expect((await fetch({ year: '2031' })).stderr).toContain('--year: 2031 is not a year from 2015 to 2026');
  });

  it('asks mempool.space for the shortest period that reaches back to the December before the year', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(mempoolPeriod(2026, now)).toBe('1y');
    expect(mempoolPeriod(2025, now)).toBe('2y');
    expect(mempoolPeriod(2024, now)).toBe('3y');
    expect(mempoolPeriod(2022, now)).toBe('all');
  });
});

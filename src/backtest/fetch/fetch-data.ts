import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttp } from '../../../adapters/http.js';
import type { DataBaseUrls } from './base-urls.js';
import { fetchDayAheadPrices, fetchHashprice, fetchHourlyTemperature, type Point } from './sources.js';
import { ZONE_PLACES } from './zones.js';

export { type DataBaseUrls, DEFAULT_BASE_URLS } from './base-urls.js';

/** What to fetch and where to write it. */
export interface FetchRequest {
  zone: string;
  year: number;
  latitude?: number;
  longitude?: number;
  dir: string;
  baseUrls: DataBaseUrls;
  timeoutMs: number;
  now: Date;
  /** One line per step, for progress. */
  log: (line: string) => void;
}

/** The files written (relative to `dir`) and a `backtest:` section using them. */
export interface FetchResult {
  files: { prices: string; weather: string; hashprice: string };
  snippet: string;
}

const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** Writes atomically (temp + rename): an interrupted fetch never leaves half a file behind. */
function writeCsv(path: string, header: string, lines: string[]): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${[header, ...lines].join('\n')}\n`);
  renameSync(tmp, path);
}

const series = (points: Point[]) => points.map((p) => `${iso(p.at)},${p.value}`);

/**
 * Downloads a zone's day-ahead prices, hourly weather at the zone's (or the given) place and the daily
 * hashprice for a year, in the formats of backtest-data/ (UTC `time,value` CSVs and the hashprice table).
 */
export async function fetchBacktestData(req: FetchRequest): Promise<FetchResult> {
  const place =
    req.latitude !== undefined && req.longitude !== undefined
      ? { latitude: req.latitude, longitude: req.longitude, place: `${req.latitude},${req.longitude}` }
      : ZONE_PLACES[req.zone];
  if (!place)
    throw new Error(
      `no default place for zone ${req.zone}: pass --lat and --lon (known zones: ${Object.keys(ZONE_PLACES).join(', ')})`,
    );
  mkdirSync(req.dir, { recursive: true });
  const files = {
    prices: `prices-${req.zone}-${req.year}.csv`,
    weather: `weather-${req.zone}-${req.year}.csv`,
    hashprice: `hashprice-${req.year}.csv`,
  };
  const http = (base: string) => createHttp(base, req.timeoutMs, { 'user-agent': 'hashheat data fetch' });

  req.log(`prices: Energy-Charts day-ahead ${req.zone} ${req.year} …`);
  const prices = await fetchDayAheadPrices(http(req.baseUrls.energyCharts), req.zone, req.year);
  writeCsv(join(req.dir, files.prices), 'time,price_eur_per_mwh', series(prices));
  req.log(`  ${prices.length} prices → ${files.prices}`);

  req.log(`weather: Open-Meteo archive at ${place.place} (${place.latitude}, ${place.longitude}) …`);
  const weather = await fetchHourlyTemperature(http(req.baseUrls.openMeteoArchive), place, req.year);
  writeCsv(join(req.dir, files.weather), 'time,temperature_2m', series(weather));
  req.log(`  ${weather.length} hours → ${files.weather}`);

  req.log('hashprice: mempool.space difficulty, block rewards and BTC price …');
  const days = await fetchHashprice(http(req.baseUrls.mempool), req.year, req.now);
  writeCsv(
    join(req.dir, files.hashprice),
    'date,btc_usd,difficulty,hashprice_subsidy_usd_per_th_day,hashprice_total_usd_per_th_day',
    days.map((d) =>
      [
        d.date,
        d.btcUsd,
        d.difficulty,
        d.subsidyPerThsDay.toPrecision(6),
        d.totalPerThsDay.toPrecision(6),
      ].join(','),
    ),
  );
  req.log(`  ${days.length} days → ${files.hashprice}`);

  const snippet = [
    'backtest:',
    `  dataDir: ${req.dir}`,
    `  from: ${req.year}-01-01`,
    `  to: ${req.year + 1}-01-01`,
    `  prices: { import: { file: ${files.prices}, format: time-value-csv, unit: per-MWh } }`,
    `  outdoor: { file: ${files.weather}, format: time-value-csv }`,
    `  hashprice: { file: ${files.hashprice}, column: hashprice_total_usd_per_th_day, unitsPerCurrency: 1 } # USD; set USD per your currency`,
  ].join('\n');
  return { files, snippet };
}

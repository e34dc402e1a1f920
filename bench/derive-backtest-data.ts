/**
 * Derives the compact default backtest data in `backtest-data/` from the full research data set
 * (the `shared/data` folder beside the repository where it was developed; its READMEs name the sources
 * and licences). Run once by hand: `npx tsx bench/derive-backtest-data.ts /path/to/shared/data`. Times become absolute UTC so the files
 * read the same in any time zone; values are copied unchanged (only rows and columns are dropped).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, timeParser } from '../src/backtest/series.js';

const source = process.argv[2] ?? '';
if (source === '') {
  console.error(
    'usage: npx tsx bench/derive-backtest-data.ts <research data dir (elec-prices-hourly/, weather-hourly/, …)>',
  );
  process.exit(2);
}
const out = 'backtest-data';
const iso = (ms: number) => `${new Date(ms).toISOString().slice(0, 16)}Z`;

/** Day-ahead prices: naive local hour-beginning EUR/MWh → `time,price_eur_per_mwh` in UTC. */
function prices(): void {
  const parse = timeParser('Europe/Berlin');
  const { rows } = parseCsv(readFileSync(join(source, 'elec-prices-hourly/DE-LU/DE-LU_2024.csv'), 'utf8'));
  const seen = new Set<number>();
  const lines = ['time,price_eur_per_mwh'];
  for (const r of rows) {
    const at = parse(r[0]!);
    if (seen.has(at)) continue; // the filled spring-forward hour maps onto 03:00; the first row wins, as in the loader
    seen.add(at);
    lines.push(`${iso(at)},${r[1]}`);
  }
  writeFileSync(join(out, 'prices-DE-LU-2024.csv'), `${lines.join('\n')}\n`);
}

/** Open-Meteo JSON (local times of Europe/Berlin) → `time,temperature_2m` in UTC. */
function weather(): void {
  const data = JSON.parse(readFileSync(join(source, 'weather-hourly/DE-LU/2024.json'), 'utf8')) as {
    timezone: string;
    hourly: { time: string[]; temperature_2m: (number | null)[] };
  };
  const parse = timeParser(data.timezone);
  const seen = new Set<number>();
  const lines = ['time,temperature_2m'];
  data.hourly.time.forEach((t, i) => {
    const at = parse(t);
    const c = data.hourly.temperature_2m[i];
    if (seen.has(at) || c === null || c === undefined) return;
    seen.add(at);
    lines.push(`${iso(at)},${c}`);
  });
  writeFileSync(join(out, 'weather-frankfurt-2024.csv'), `${lines.join('\n')}\n`);
}

/** Daily hashprice 2023-12-01 .. 2025-01-31 (UTC days), the columns the backtests read plus their inputs. */
function hashprice(): void {
  const { header, rows } = parseCsv(
    readFileSync(join(source, 'btc-network/hashprice_daily_derived.csv'), 'utf8'),
  );
  const col = (name: string) => header.indexOf(name);
  const keep = [
    ['date', 'date'],
    ['btc_usd', 'btc_usd'],
    ['difficulty', 'difficulty'],
    ['hashprice_subsidy_usd_per_th_day', 'hashprice_subsidy_usd_per_th_day'],
    ['hashprice_total_usd_per_th_day_bcinfo', 'hashprice_total_usd_per_th_day'],
  ] as const;
  const lines = [keep.map(([, to]) => to).join(',')];
  for (const r of rows) {
    const date = r[col('date')]!;
    if (date < '2023-12-01' || date > '2025-01-31') continue;
    lines.push(keep.map(([from]) => r[col(from)]).join(','));
  }
  writeFileSync(join(out, 'hashprice-2024.csv'), `${lines.join('\n')}\n`);
}

/** One of the Konstanz household's meters (cumulative kWh), 2015-12-01 .. 2017-01-31 UTC. */
function konstanz(column: string, name: string): void {
  const file = 'household-pv-heatpump-konstanz/household_data_60min_residential4.csv';
  const { header, rows } = parseCsv(readFileSync(join(source, file), 'utf8'));
  const time = header.indexOf('utc_timestamp');
  const meter = header.indexOf(column);
  const lines = [`utc_timestamp,${column}`];
  for (const r of rows) {
    const t = r[time]!;
    if (t < '2015-12-01' || t >= '2017-02-01' || r[meter] === '') continue;
    lines.push(`${t},${r[meter]}`);
  }
  writeFileSync(join(out, name), `${lines.join('\n')}\n`);
}

prices();
weather();
hashprice();
// The export meter: PV minus the house's own load, i.e. the surplus.
konstanz('DE_KN_residential4_grid_export', 'pv-export-konstanz-2016.csv');
// The import meter: what the house draws from the grid without the miners (issue 18, the capacity tariff).
konstanz('DE_KN_residential4_grid_import', 'house-import-konstanz-2016.csv');

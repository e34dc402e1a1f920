import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_BASE_URLS, fetchBacktestData } from '../backtest/fetch/fetch-data.js';
import { errorText } from '../errors.js';

/** Flags of `hashheat data fetch` (commander passes strings). */
export interface DataFetchOptions {
  zone: string;
  year: string;
  lat?: string;
  lon?: string;
  dir?: string;
  timeout?: string;
  energyChartsUrl?: string;
  openMeteoUrl?: string;
  mempoolUrl?: string;
}

/** Where the command writes, and its clock and environment (tests pass their own). */
export interface DataIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: Record<string, string | undefined>;
  now?: () => Date;
}

/** The default cache: $XDG_CACHE_HOME/hashheat/backtest-data, else ~/.cache/hashheat/backtest-data. */
export function defaultDataDir(env: Record<string, string | undefined>): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'hashheat', 'backtest-data');
}

function number(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`${name}: "${text}" is not a number`);
  return n;
}

/** `hashheat data fetch`: downloads a zone/year for the backtest. Exit 0 on success, 1 with the reason otherwise. */
export async function dataFetchCommand(options: DataFetchOptions, io: DataIo): Promise<number> {
  try {
    const now = (io.now ?? (() => new Date()))();
    const year = number(options.year, '--year')!;
    if (!Number.isInteger(year) || year < 2015 || year > now.getUTCFullYear())
      throw new Error(`--year: ${options.year} is not a year from 2015 to ${now.getUTCFullYear()}`);
    const latitude = number(options.lat, '--lat');
    const longitude = number(options.lon, '--lon');
    if ((latitude === undefined) !== (longitude === undefined)) throw new Error('give both --lat and --lon');
    const dir = resolve(options.dir ?? defaultDataDir(io.env ?? process.env));
    const result = await fetchBacktestData({
      zone: options.zone,
      year,
      ...(latitude !== undefined && longitude !== undefined ? { latitude, longitude } : {}),
      dir,
      baseUrls: {
        energyCharts: options.energyChartsUrl ?? DEFAULT_BASE_URLS.energyCharts,
        openMeteoArchive: options.openMeteoUrl ?? DEFAULT_BASE_URLS.openMeteoArchive,
        mempool: options.mempoolUrl ?? DEFAULT_BASE_URLS.mempool,
      },
      timeoutMs: number(options.timeout, '--timeout') ?? 30_000,
      now,
      log: (line) => io.stderr.write(`${line}\n`),
    });
    io.stdout.write(
      `wrote ${dir}. In a backtest config (e.g. a copy of config/backtest-nano.yaml) use:\n${result.snippet}\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`hashheat data fetch: ${errorText(error)}\n`);
    return 1;
  }
}

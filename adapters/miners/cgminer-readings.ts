import { toNumber } from '../sources/scalar-value.js';
/** Numbers a generic cgminer reports, normalised: hashrate TH/s, hottest chip °C, uptime s. */
export interface CgminerReadings {
  ths?: number;
  chipTempC?: number;
  uptimeS?: number;
}

type Row = Record<string, unknown>;

/** A finite number from a number or numeric string (`"78.5"`), else undefined (also for inf/nan/null). */
export { toNumber };

// Short windows first: `MHS av` is an average since start and stays up long after a pause.
const WINDOWS = ['5s', '30s', '1m', '5m', '15m', 'av'];
const UNITS: [string, number][] = [
  ['MHS', 1e6],
  ['GHS', 1e3],
  ['THS', 1],
];

/** Hashrate of one row in TH/s from `MHS 5s`, `GHS 5s`, `MHS av`, ... (shortest window present wins). */
export function hashrateThs(row: Row): number | undefined {
  for (const window of WINDOWS) {
    for (const [unit, perThs] of UNITS) {
      const value = toNumber(row[`${unit} ${window}`]);
      if (value !== undefined) return Math.max(0, value / perThs);
    }
  }
  return undefined;
}

// Chip/board temperature keys: devs `Temperature`, bmminer `temp_chip1` ("78-50-69-70"), `temp2_1`, `temp1`.
const TEMP_KEY = /^(temperature|temp_chip\d*|temp2_\d+|temp\d+|chip temp(erature)?( max)?)$/i;

function temperaturesOf(value: unknown): number[] {
  if (typeof value === 'string' && value.includes('-') && !/^-\d/.test(value)) {
    return value.split('-').flatMap((part) => temperaturesOf(part));
  }
  const n = toNumber(value);
  // 0 and -273 mean "no sensor" on these firmwares; above 150 °C is a bogus reading.
  return n !== undefined && n > 0 && n < 150 ? [n] : [];
}

/** The hottest plausible chip temperature across rows (°C). */
export function maxTempC(rows: readonly Row[]): number | undefined {
  const all = rows.flatMap((row) =>
    Object.entries(row).flatMap(([key, value]) => (TEMP_KEY.test(key) ? temperaturesOf(value) : [])),
  );
  return all.length > 0 ? Math.max(...all) : undefined;
}

/** Combines `summary`, `devs` and `stats` rows: hashrate from SUMMARY (else STATS, else the sum of DEVS). */
export function readingsOf(
  summary: Row | undefined,
  devs: readonly Row[],
  stats: readonly Row[],
): CgminerReadings {
  const readings: CgminerReadings = {};
  const fromDevs = devs.map(hashrateThs).filter((t): t is number => t !== undefined);
  const ths =
    (summary && hashrateThs(summary)) ??
    stats.map(hashrateThs).find((t) => t !== undefined) ??
    (fromDevs.length > 0 ? fromDevs.reduce((a, b) => a + b, 0) : undefined);
  if (ths !== undefined) readings.ths = ths;
  const chipTempC = maxTempC([...devs, ...stats]);
  if (chipTempC !== undefined) readings.chipTempC = chipTempC;
  const uptimeS =
    toNumber(summary?.Elapsed) ?? stats.map((s) => toNumber(s.Elapsed)).find((e) => e !== undefined);
  if (uptimeS !== undefined) readings.uptimeS = uptimeS;
  return readings;
}

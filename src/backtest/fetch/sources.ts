import { DateTime } from 'luxon';
import type { HttpClient } from '../../../adapters/http.js';
import { requestJson } from '../../../adapters/http.js';
import { btcHashprice, btcSubsidy, SATS_PER_BTC } from '../../../adapters/sources/revenue/hashprice-math.js';
import { parseEnergyCharts } from '../../../adapters/sources/tariffs/tariff-energy-charts.js';

/** One value at an instant (epoch ms). */
export interface Point {
  at: number;
  value: number;
}

/**
 * Day-ahead prices (EUR/MWh) of a bidding zone for a year from Energy-Charts `GET /price?bzn=&start=&end=`
 * (api.energy-charts.info, Fraunhofer ISE, CC BY 4.0), one request per month; 15-min data since late 2025
 * stay 15-min. Covers the local year in any European zone (the first request starts on 31 December).
 */
export async function fetchDayAheadPrices(http: HttpClient, zone: string, year: number): Promise<Point[]> {
  const points = new Map<number, number>();
  for (let month = 0; month < 12; month++) {
    const first = DateTime.utc(year, month + 1, 1);
    const start = month === 0 ? first.minus({ days: 1 }) : first;
    const end = month === 11 ? first.endOf('month').plus({ days: 1 }) : first.endOf('month');
    const params = { bzn: zone, start: start.toISODate(), end: end.toISODate() };
    const body = await requestJson(http, { url: '/price', params }, `Energy-Charts ${zone} ${params.start}`);
    for (const row of parseEnergyCharts(body))
      if (row.value !== null && !points.has(row.start)) points.set(row.start, row.value);
  }
  return [...points].map(([at, value]) => ({ at, value })).sort((a, b) => a.at - b.at);
}

/**
 * Hourly 2 m temperature (°C) at a place for a year (plus a day either side) from the Open-Meteo archive,
 * `GET /v1/archive?latitude=&longitude=&start_date=&end_date=&hourly=temperature_2m&timezone=GMT`
 * (open-meteo.com/en/docs/historical-weather-api, CC BY 4.0): `hourly.time` naive at `utc_offset_seconds`
 * (0 for GMT), nulls are gaps.
 */
export async function fetchHourlyTemperature(
  http: HttpClient,
  place: { latitude: number; longitude: number },
  year: number,
): Promise<Point[]> {
  const params = {
    latitude: place.latitude,
    longitude: place.longitude,
    start_date: `${year - 1}-12-31`,
    end_date: `${year + 1}-01-01`,
    hourly: 'temperature_2m',
    timezone: 'GMT',
  };
  const body = (await requestJson(http, { url: '/v1/archive', params }, 'Open-Meteo archive')) as {
    hourly?: { time?: unknown; temperature_2m?: unknown };
    utc_offset_seconds?: unknown;
  };
  const times = body.hourly?.time;
  const values = body.hourly?.temperature_2m;
  if (!Array.isArray(times) || !Array.isArray(values) || times.length !== values.length)
    throw new Error('Open-Meteo archive: no hourly.time / hourly.temperature_2m of equal length');
  // We ask for GMT; should a reply still carry an offset, its naive times are at that one offset.
  const offsetSeconds = body.utc_offset_seconds ?? 0;
  if (typeof offsetSeconds !== 'number' || !Number.isFinite(offsetSeconds))
    throw new Error(`Open-Meteo archive: utc_offset_seconds is not a number: ${String(offsetSeconds)}`);
  return times.flatMap((t, i) => {
    const value = values[i];
    const at = Date.parse(`${String(t)}:00Z`) - offsetSeconds * 1000;
    return typeof value === 'number' && Number.isFinite(at) ? [{ at, value }] : [];
  });
}

/** One UTC day of the hashprice table (USD). */
export interface HashpriceDay {
  date: string;
  btcUsd: number;
  difficulty: number;
  subsidyPerThsDay: number;
  totalPerThsDay: number;
}

/** The shortest mempool.space period (1y, 2y, 3y, all) that reaches back to 1 December before `year`. */
export function mempoolPeriod(year: number, now: Date): string {
  const days = (now.getTime() - Date.UTC(year - 1, 11, 1)) / 86_400_000;
  return days <= 365 ? '1y' : days <= 730 ? '2y' : days <= 1095 ? '3y' : 'all';
}

/** The last point at or before `t` (points sorted), or undefined. */
function stepAt<T extends { at: number }>(points: readonly T[], t: number): T | undefined {
  let found: T | undefined;
  for (const p of points) {
    if (p.at > t) break;
    found = p;
  }
  return found;
}

/**
 * Daily hashprice for a year (1 December before to 31 January after) from mempool.space
 * (mempool.space/docs/api/rest): difficulty from `GET /api/v1/mining/hashrate/:period` (`difficulty[]`:
 * timestamp, difficulty, height), subsidy + fees per block from `GET /api/v1/mining/blocks/rewards/:period`
 * (`avgRewards` sats, `avgHeight`, `timestamp`), BTC price from `GET /api/v1/historical-price?currency=USD`
 * (`prices[]`: time, USD; −1 = no value). Hashprice = 86400·1e12·reward/(difficulty·2³²)·price, never hashrate.
 */
export async function fetchHashprice(http: HttpClient, year: number, now: Date): Promise<HashpriceDay[]> {
  const period = mempoolPeriod(year, now);
  const hashrate = (await requestJson(
    http,
    { url: `/api/v1/mining/hashrate/${period}` },
    'mempool hashrate',
  )) as {
    difficulty?: { timestamp?: number; time?: number; difficulty?: number }[];
  };
  const rewards = (await requestJson(
    http,
    { url: `/api/v1/mining/blocks/rewards/${period}` },
    'mempool rewards',
  )) as {
    timestamp?: number;
    avgRewards?: number;
    avgHeight?: number;
  }[];
  const prices = (await requestJson(
    http,
    { url: '/api/v1/historical-price', params: { currency: 'USD' } },
    'mempool historical price',
  )) as { prices?: { time?: number; USD?: number }[] };
  if (!Array.isArray(hashrate.difficulty) || !Array.isArray(rewards) || !Array.isArray(prices.prices))
    throw new Error('mempool: expected difficulty[], a rewards list and prices[]');
  const seconds = (s: unknown) => (typeof s === 'number' ? s * 1000 : Number.NaN);
  const difficulty = hashrate.difficulty
    .map((d) => ({ at: seconds(d.timestamp ?? d.time), value: Number(d.difficulty) }))
    .filter((d) => Number.isFinite(d.at) && d.value > 0)
    .sort((a, b) => a.at - b.at);
  const reward = rewards
    .map((r) => ({ at: seconds(r.timestamp), sats: Number(r.avgRewards), height: Number(r.avgHeight) }))
    .filter((r) => Number.isFinite(r.at) && r.sats > 0 && r.height > 0)
    .sort((a, b) => a.at - b.at);
  const price = prices.prices
    .map((p) => ({ at: seconds(p.time), value: Number(p.USD) }))
    .filter((p) => Number.isFinite(p.at) && p.value > 0)
    .sort((a, b) => a.at - b.at);
  const days: HashpriceDay[] = [];
  for (
    let day = DateTime.utc(year - 1, 12, 1);
    day < DateTime.utc(year + 1, 2, 1);
    day = day.plus({ days: 1 })
  ) {
    const noon = day.toMillis() + 43_200_000;
    const d = stepAt(difficulty, noon);
    const r = stepAt(reward, noon);
    const p = stepAt(price, noon);
    if (!d || !r || !p || noon > now.getTime()) continue;
    const total = btcHashprice({ difficulty: d.value, rewardBtc: r.sats / SATS_PER_BTC, price: p.value });
    const subsidy = btcHashprice({ difficulty: d.value, rewardBtc: btcSubsidy(r.height), price: p.value });
    days.push({
      date: day.toISODate()!,
      btcUsd: p.value,
      difficulty: d.value,
      subsidyPerThsDay: subsidy,
      totalPerThsDay: total,
    });
  }
  if (days.length === 0) throw new Error(`mempool: no difficulty, reward and price data for ${year}`);
  return days;
}

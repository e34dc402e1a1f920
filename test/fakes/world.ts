import { standardPolicies } from '../../policies/index.js';
import { localTimeOf } from '../../src/agent/local-time.js';
import { type MinerModel, type Model, OFF, type ZoneModel } from '../../src/core/model.js';
import type { Policy } from '../../src/core/policy.js';
import type { Instant, MinerStatus, PriceSlot, Reading, Snapshot } from '../../src/core/types.js';

/** 2025-01-15 12:00 Europe/Berlin. */
export const NOON: Instant = Date.UTC(2025, 0, 15, 11, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 3_600_000;

/** Late-2025 hashprice in EUR per TH/s per day (≈ 0.037 USD). */
export const HASHPRICE_2025 = 0.034;

/** A Nano 3S-class heater: three levels up to 140 W. */
export function nanoMiner(overrides: Partial<MinerModel> = {}): MinerModel {
  return {
    id: 'nano',
    name: 'Nano 3S',
    levels: [
      OFF,
      { id: 'low', powerW: 80, ths: 4 },
      { id: 'mid', powerW: 110, ths: 5.2 },
      { id: 'high', powerW: 140, ths: 6 },
    ],
    zoneId: 'living',
    revenueKey: 'hashprice',
    poolFee: 0.02,
    priority: 100,
    staleFallback: 'off',
    guards: {
      minOnMs: 0,
      minOffMs: 0,
      minDwellMs: 0,
      hysteresisPerHour: 0,
      maxStartsPerDay: Number.POSITIVE_INFINITY,
      enableDelayMs: 0,
      disableDelayMs: 0,
      disableThresholdW: 0,
    },
    ...overrides,
  };
}

/** The living room: target 21 °C, max 23 °C. */
export function livingZone(overrides: Partial<ZoneModel> = {}): ZoneModel {
  return {
    id: 'living',
    name: 'Living room',
    targetC: 21,
    maxC: 23,
    bandC: 0.5,
    heater: { type: 'resistive' },
    ...overrides,
  };
}

/** A model with the standard policies. */
export function makeModel(overrides: Partial<Model> = {}, policies: Policy[] = standardPolicies()): Model {
  return {
    currency: 'EUR',
    miners: [nanoMiner()],
    zones: [livingZone()],
    reserveW: 0,
    maxAgeMs: {
      price: 36 * HOUR,
      hashprice: 24 * HOUR,
      grid: 2 * MINUTE,
      zoneTemp: 30 * MINUTE,
      outdoor: 3 * HOUR,
      heatDemand: 30 * MINUTE,
    },
    policies,
    ...overrides,
  };
}

/** Hourly slots at one price from 24 h before `at` to 24 h after. */
export function flatSeries(at: Instant, perKWh: number, fetchedAt = at): Reading<PriceSlot[]> {
  const start = Math.floor(at / HOUR) * HOUR - 24 * HOUR;
  const slots = Array.from({ length: 48 }, (_, i) => ({
    start: start + i * HOUR,
    end: start + (i + 1) * HOUR,
    perKWh,
  }));
  return { value: slots, at: fetchedAt, source: 'test' };
}

/** A reading observed at `at`. */
export function reading(value: number, at: Instant): Reading<number> {
  return { value, at, source: 'test' };
}

/** A snapshot at `now`: import price, hashprice, room temperature, and optional extras. */
export function makeSnapshot(options: {
  now?: Instant;
  importPerKWh?: number;
  exportPerKWh?: number;
  hashprice?: number;
  roomC?: number;
  scalars?: Record<string, Reading<number>>;
  miners?: Record<string, MinerStatus>;
  overrides?: Snapshot['overrides'];
}): Snapshot {
  const now = options.now ?? NOON;
  const scalars: Record<string, Reading<number>> = { ...options.scalars };
  if (options.hashprice !== undefined) scalars.hashprice = reading(options.hashprice, now);
  if (options.roomC !== undefined) scalars['zone.living.tempC'] = reading(options.roomC, now);
  const series: Snapshot['series'] = {};
  if (options.importPerKWh !== undefined) series['price.import'] = flatSeries(now, options.importPerKWh);
  if (options.exportPerKWh !== undefined) series['price.export'] = flatSeries(now, options.exportPerKWh);
  return {
    now,
    local: localTimeOf(now, 'Europe/Berlin'),
    scalars,
    series,
    miners: options.miners ?? {},
    overrides: options.overrides ?? {},
    zoneTargetsC: {},
  };
}

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  EU_DAY_AHEAD,
  hasTomorrow,
  nextPollInMs,
  OCTOPUS_AGILE,
} from '../../../../adapters/sources/tariffs/publication.js';
import { applyRetail, retailPrice } from '../../../../adapters/sources/tariffs/tariff-common.js';

const MIN = 60_000;
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: 'Europe/Berlin' }).toMillis();
const today = [{ start: berlin('2024-10-27T00:00'), end: berlin('2024-10-28T00:00'), perKWh: 0.1 }];
const withTomorrow = [
  ...today,
  { start: berlin('2024-10-28T00:00'), end: berlin('2024-10-29T00:00'), perKWh: 0.1 },
];
const base = { siteTimeZone: 'Europe/Berlin', window: EU_DAY_AHEAD };

describe('nextPollInMs', () => {
  it('polls hourly in the morning but no later than the window start', () => {
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T09:00'), slots: today })).toBe(60 * MIN);
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T12:20'), slots: today })).toBe(40 * MIN);
  });

  it('polls every 12 minutes inside the window until tomorrow is present, then hourly', () => {
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T13:05'), slots: today })).toBe(12 * MIN);
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T14:59'), slots: today })).toBe(12 * MIN);
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T13:05'), slots: withTomorrow })).toBe(60 * MIN);
    expect(nextPollInMs({ ...base, now: berlin('2024-10-27T15:00'), slots: today })).toBe(60 * MIN);
  });

  it('uses the market time zone for the window (Octopus: 16:00 London = 17:00 Berlin)', () => {
    const options = { ...base, window: OCTOPUS_AGILE, slots: today };
    expect(nextPollInMs({ ...options, now: berlin('2024-10-27T16:30') })).toBe(30 * MIN);
    expect(nextPollInMs({ ...options, now: berlin('2024-10-27T17:10') })).toBe(12 * MIN);
  });

  it('knows when tomorrow is present', () => {
    expect(hasTomorrow(today, berlin('2024-10-27T13:00'), 'Europe/Berlin')).toBe(false);
    expect(hasTomorrow(withTomorrow, berlin('2024-10-27T13:00'), 'Europe/Berlin')).toBe(true);
  });
});

describe('retail composition', () => {
  const retail = { multiplier: 1, charges: 0.12, tax: 0.19, negative: 'pay' as const };

  it('is (spot × multiplier + charges) × (1 + tax)', () => {
    expect(retailPrice(0.1, retail)).toBe(0.2618);
    expect(retailPrice(0.1, { ...retail, multiplier: 1.5 })).toBe(0.3213);
    expect(retailPrice(-0.05, retail)).toBe(0.0833);
  });

  it('zeroes negative prices with negative: zero (feed-in not paid at negative spot)', () => {
    const feedIn = { multiplier: 1, charges: 0, tax: 0, negative: 'zero' as const };
    expect(retailPrice(-0.02, feedIn)).toBe(0);
    expect(retailPrice(-0.02, { ...feedIn, charges: 0.05 })).toBe(0);
    expect(retailPrice(0.03, { ...feedIn, charges: -0.05 })).toBe(0);
    expect(applyRetail([{ start: 0, end: 1, perKWh: 0.07 }], feedIn, 'UTC')).toEqual([
      { start: 0, end: 1, perKWh: 0.07 },
    ]);
    expect(retailPrice(-0.02, { ...feedIn, negative: 'pay' })).toBe(-0.02);
  });
});

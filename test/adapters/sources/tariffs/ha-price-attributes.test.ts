import { describe, expect, it } from 'vitest';
import { parsePriceAttributes } from '../../../../adapters/sources/tariffs/ha-price-attributes.js';
import { normaliseSeries } from '../../../../adapters/sources/tariffs/price-series.js';

const at = (iso: string) => Date.parse(iso);

describe('parsePriceAttributes', () => {
  it('reads Nord Pool HACS raw_today + raw_tomorrow (negative values kept)', () => {
    const attributes = {
      current_price: 0.05,
      raw_today: [{ start: '2024-10-10T22:00:00+03:00', end: '2024-10-10T23:00:00+03:00', value: -0.001 }],
      raw_tomorrow: [{ start: '2024-10-11T00:00:00+03:00', end: '2024-10-11T00:15:00+03:00', value: 0.0123 }],
      tomorrow_valid: true,
    };
    const parsed = parsePriceAttributes(attributes);
    expect(parsed).toEqual({
      ok: true,
      from: ['raw_today', 'raw_tomorrow'],
      rows: [
        { start: at('2024-10-10T19:00:00Z'), end: at('2024-10-10T20:00:00Z'), value: -0.001 },
        { start: at('2024-10-10T21:00:00Z'), end: at('2024-10-10T21:15:00Z'), value: 0.0123 },
      ],
    });
  });

  it('reads HA Amber forecasts and ENTSO-E prices_today with string values', () => {
    const amber = parsePriceAttributes({
      forecasts: [
        {
          start_time: '2025-07-16T22:30:01+00:00',
          end_time: '2025-07-16T23:00:00+00:00',
          duration: 30,
          per_kwh: 0.28,
        },
      ],
    });
    expect(amber.ok && amber.rows[0]).toEqual({
      start: at('2025-07-16T22:30:00Z'),
      end: at('2025-07-16T23:00:00Z'),
      value: 0.28,
    });
    const entsoe = parsePriceAttributes({
      prices_today: [
        { time: '2024-03-31T00:00:00+01:00', price: '0.081' },
        { time: '2024-03-31T01:00:00+01:00', price: '0.079' },
        { time: '2024-03-31T03:00:00+02:00', price: 'unavailable' },
      ],
    });
    expect(entsoe.ok && entsoe.rows.map((r) => r.value)).toEqual([0.081, 0.079, null]);
    // 00:00 and 01:00 CET, then 03:00 CEST: consecutive hours on the spring DST day; the unusable price is a gap.
    const slots = normaliseSeries(entsoe.ok ? entsoe.rows : [], { unit: 'perKWh' });
    expect(slots).toHaveLength(2);
    expect(slots[1]!.end).toBe(at('2024-03-31T01:00:00Z'));
  });

  it('takes a bare list (one mqtt_statestream attribute topic) and Tibber action replies', () => {
    const list = parsePriceAttributes([{ start_time: '2025-10-26T00:00:00+02:00', price: 0.25 }]);
    expect(list).toEqual({
      ok: true,
      from: ['(list)'],
      rows: [{ start: at('2025-10-25T22:00:00Z'), value: 0.25 }],
    });
  });

  it('says why nothing could be read', () => {
    expect(parsePriceAttributes({ today: [1, 2, 3] })).toMatchObject({ ok: false, reason: /no price list/ });
    expect(parsePriceAttributes({ raw_today: [{ value: 1 }] })).toEqual({
      ok: false,
      reason: 'raw_today[0] has no start time',
    });
    expect(parsePriceAttributes({ raw_today: [3] })).toEqual({
      ok: false,
      reason: 'raw_today[0] is not an object',
    });
    expect(parsePriceAttributes('0.25')).toMatchObject({ ok: false });
  });
});

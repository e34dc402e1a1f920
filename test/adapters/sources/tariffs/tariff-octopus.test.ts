import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { octopusTariff } from '../../../../adapters/sources/tariffs/tariff-octopus.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

const PATH = '/v1/products/AGILE-24-10-01/electricity-tariffs/E-1R-AGILE-24-10-01-C/standard-unit-rates/';
const LONDON = 'Europe/London';

describe('octopus tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    const pages = [1, 2].map((n) =>
      readFileSync(fixture(`octopus/agile-c-2024-03-31-page${n}.json`), 'utf8'),
    );
    server.route(PATH, (req) => ({ body: req.query.get('page') === '2' ? pages[1] : pages[0] }));
  });
  afterEach(() => server.close());

  it('follows pages on the configured host and reads a DST day as 46 half-hours in £/kWh', async () => {
    const raw = { type: 'octopus', product: 'AGILE-24-10-01', region: 'C', baseUrl: server.url };
    const { source } = makeSource(octopusTariff, raw, {
      now: local('2024-03-31T09:00', LONDON),
      timeZone: LONDON,
      currency: 'GBP',
    });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(46);
    expect(minutesOf(slots)).toEqual([30]);
    expect(slots[0]!.start).toBe(Date.UTC(2024, 2, 31, 0));
    const requests = server.seen(PATH);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.query.get('period_from')).toBe('2024-03-31T00:00:00.000Z');
    expect(requests[1]!.query.get('page')).toBe('2');
    const page1 = JSON.parse(readFileSync(fixture('octopus/agile-c-2024-03-31-page1.json'), 'utf8'));
    const newest = page1.results[0];
    expect(slots.at(-1)!.perKWh).toBeCloseTo(newest.value_inc_vat / 100, 9);
  });

  it('splits a two-rate tariff into half-hours and ends an open rate at the range end', async () => {
    const twoRate = [
      {
        value_exc_vat: 10,
        value_inc_vat: 10.5,
        valid_from: '2024-03-31T04:30:00Z',
        valid_to: null,
        payment_method: null,
      },
      {
        value_exc_vat: 27.5796,
        value_inc_vat: 28.95858,
        valid_from: '2024-03-30T23:30:00Z',
        valid_to: '2024-03-31T04:30:00Z',
        payment_method: null,
      },
    ];
    server.route('/v1/products/GO-1/electricity-tariffs/E-1R-GO-1-A/standard-unit-rates/', {
      body: JSON.stringify({ count: 2, next: null, results: twoRate }),
    });
    const raw = { type: 'octopus', product: 'GO-1', tariff: 'E-1R-GO-1-A', vat: 'exc', baseUrl: server.url };
    const { source } = makeSource(octopusTariff, raw, {
      now: local('2024-03-31T09:00', LONDON),
      timeZone: LONDON,
    });
    const slots = await pollSeries(source);
    expect(minutesOf(slots)).toEqual([30]);
    expect(slots[0]).toEqual({
      start: Date.UTC(2024, 2, 31, 0),
      end: Date.UTC(2024, 2, 31, 0, 30),
      perKWh: 0.275796,
    });
    expect(slots.at(-1)!.end).toBe(Date.UTC(2024, 3, 1, 23));
    expect(slots.at(-1)!.perKWh).toBe(0.1);
  });

  // Flexible Octopus answers one row per payment method for the same validity (values observed
  // 2026-09-17 for E-1R-VAR-22-11-01-A, springfall2008/batpred#5144; field names as in evcc
  // tariff/octopus/rest/api.go `Rate`). Newest first; the NON_DIRECT_DEBIT row comes last.
  const flexible = {
    count: 2,
    next: null,
    previous: null,
    results: [
      {
        value_exc_vat: 25.1251,
        value_inc_vat: 26.381355,
        valid_from: '2024-03-30T23:00:00Z',
        valid_to: null,
        payment_method: 'DIRECT_DEBIT',
      },
      {
        value_exc_vat: 26.5227,
        value_inc_vat: 27.848835,
        valid_from: '2024-03-30T23:00:00Z',
        valid_to: null,
        payment_method: 'NON_DIRECT_DEBIT',
      },
    ],
  };
  const flexPath = '/v1/products/VAR-22-11-01/electricity-tariffs/E-1R-VAR-22-11-01-A/standard-unit-rates/';

  it('keeps the direct-debit rate of a two-rate product by default, the other on request', async () => {
    server.route(flexPath, { body: JSON.stringify(flexible) });
    const raw = { type: 'octopus', product: 'VAR-22-11-01', region: 'A', baseUrl: server.url };
    const now = local('2024-03-31T09:00', LONDON);
    const direct = await pollSeries(makeSource(octopusTariff, raw, { now, timeZone: LONDON }).source);
    expect(direct).toHaveLength(46 + 48); // the spring DST day, then tomorrow
    for (const slot of direct) expect(slot.perKWh).toBeCloseTo(0.26381355, 6);
    const other = { ...raw, paymentMethod: 'NON_DIRECT_DEBIT' };
    const prepaid = await pollSeries(makeSource(octopusTariff, other, { now, timeZone: LONDON }).source);
    for (const slot of prepaid) expect(slot.perKWh).toBeCloseTo(0.27848835, 6);
  });

  it('needs a region or a tariff code', () => {
    expect(() => octopusTariff.schema.parse({ type: 'octopus', product: 'AGILE-24-10-01' })).toThrow(
      /region/,
    );
  });
});

import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEntsoe } from '../../../../adapters/sources/tariffs/entsoe-xml.js';
import { entsoeTariff } from '../../../../adapters/sources/tariffs/tariff-entsoe.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

const read = (f: string) => readFileSync(fixture(f), 'utf8');

describe('ENTSO-E XML', () => {
  it('forward-fills A03 gaps up to the period end and keeps only the lowest classificationSequence', () => {
    const rows = parseEntsoe(read('entsoe/de-lu-2024-10-27.xml'));
    // Sequence 2 (curve + 500) is dropped entirely: 25 rows of sequence 1.
    expect(rows).toHaveLength(25);
    expect(rows[2]!.value).toBe(rows[1]!.value);
    expect(rows[3]!.value).toBe(rows[1]!.value);
    expect(rows[24]!.value).toBe(rows[23]!.value);
    expect(rows[0]!.value).toBe(curvePerMWh(rows[0]!.start));
    expect(rows.every((r) => r.value! < 400)).toBe(true);
  });

  // 2024-style DE-LU: SDAC (sequence 1, PT60M) out for today only, EXAA (sequence 2, PT15M) for today
  // and tomorrow, an intraday A07 series; EXAA listed first (make-fixtures.ts, energy.md §5.4).
  it('takes the day-ahead SDAC series only: never EXAA or intraday slots, not even for a missing day', () => {
    const rows = parseEntsoe(read('entsoe/de-lu-2024-06-12-exaa.xml'));
    expect(rows).toHaveLength(24);
    expect(rows.every((r) => r.end! - r.start === 3_600_000)).toBe(true);
    for (const row of rows) expect(row.value).toBe(curvePerMWh(row.start));
    expect(rows.at(-1)!.start).toBe(local('2024-06-12T23:00'));
  });

  it('reads an intraday-only sequence 1 as no day-ahead price rather than taking it', () => {
    const xml = read('entsoe/de-lu-2024-06-12-exaa.xml');
    const rows = parseEntsoe(
      xml.replaceAll('<contract_MarketAgreement.type>A01<', '<contract_MarketAgreement.type>A07<'),
    );
    expect(rows).toEqual([]);
  });

  it('turns an acknowledgement into a DeviceError with its reason', () => {
    expect(() => parseEntsoe(read('entsoe/acknowledgement-no-data.xml'))).toThrow(/No matching data found/);
  });

  it('rejects truncated XML and HTML', () => {
    const xml = read('entsoe/de-lu-2024-10-27.xml');
    expect(() => parseEntsoe(xml.slice(0, 900))).toThrow(/not XML/);
    expect(() => parseEntsoe('<html><body>Service unavailable</body></html>')).toThrow(
      /no Publication_MarketDocument/,
    );
  });
});

describe('entsoe tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(() => server.close());

  it('asks A44 for the zone in UTC periods and reads 25 hourly slots', async () => {
    server.file('/api', fixture('entsoe/de-lu-2024-10-27.xml'));
    const raw = { type: 'entsoe', token: 'tok', zone: 'DE-LU', baseUrl: server.url };
    const { source } = makeSource(entsoeTariff, raw, { now: local('2024-10-27T11:00') });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(25);
    expect(slots[0]!.perKWh).toBeCloseTo(curvePerMWh(slots[0]!.start) / 1000, 9);
    const q = server.seen('/api')[0]!.query;
    expect(Object.fromEntries(q)).toEqual({
      securityToken: 'tok',
      documentType: 'A44',
      in_Domain: '10Y1001A1001A82H',
      out_Domain: '10Y1001A1001A82H',
      periodStart: '202410262200',
      periodEnd: '202410282300',
    });
  });

  it('reads a PT15M day with omitted points as 100 quarters, hourly-averaged on request', async () => {
    server.file('/api', fixture('entsoe/nl-2025-10-26-pt15m.xml'));
    const raw = { type: 'entsoe', token: 'tok', zone: '10YNL----------L', baseUrl: server.url };
    const now = local('2025-10-26T11:00', 'Europe/Amsterdam');
    const quarters = await pollSeries(makeSource(entsoeTariff, raw, { now }).source);
    expect(quarters).toHaveLength(100);
    expect(minutesOf(quarters)).toEqual([15]);
    expect(quarters[1]!.perKWh).toBe(quarters[0]!.perKWh);
    const hourly = await pollSeries(makeSource(entsoeTariff, { ...raw, average: 'hourly' }, { now }).source);
    expect(hourly).toHaveLength(25);
    const mean = quarters.slice(4, 8).reduce((a, s) => a + s.perKWh, 0) / 4;
    expect(hourly[1]!.perKWh).toBeCloseTo(mean, 6);
  });

  it('keeps polling fast when tomorrow is out from EXAA only (SDAC not yet published)', async () => {
    server.file('/api', fixture('entsoe/de-lu-2024-06-12-exaa.xml'));
    const raw = { type: 'entsoe', token: 'tok', zone: 'DE-LU', baseUrl: server.url };
    const now = local('2024-06-12T13:30');
    const { source } = makeSource(entsoeTariff, raw, { now });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(24);
    expect(minutesOf(slots)).toEqual([60]);
    expect(source.nextPollInMs!(now)).toBe(12 * 60_000);
  });

  it('validates the zone', () => {
    expect(() => entsoeTariff.schema.parse({ type: 'entsoe', token: 't', zone: 'Germany' })).toThrow(/EIC/);
  });
});

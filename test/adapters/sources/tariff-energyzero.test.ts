import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { energyZeroTariff } from '../../../adapters/sources/tariff-energyzero.js';
import { FakeHttpServer } from '../../fakes/http-server.js';
import { curvePerMWh } from '../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, pollSeries } from './tariff-harness.js';

describe('energyzero tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file('/v1/energyprices', fixture('energyzero/2024-03-31.json'));
  });
  afterEach(() => server.close());

  it('reads 23 hourly prices per kWh incl. BTW on the spring DST day', async () => {
    const now = local('2024-03-31T09:00', 'Europe/Amsterdam');
    const { source } = makeSource(
      energyZeroTariff,
      { type: 'energyzero', baseUrl: server.url },
      { now, timeZone: 'Europe/Amsterdam' },
    );
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(23);
    expect(slots[3]!.perKWh).toBeCloseTo((curvePerMWh(slots[3]!.start) / 1000) * 1.21, 5);
    const q = server.seen('/v1/energyprices')[0]!.query;
    expect(q.get('fromDate')).toBe('2024-03-30T23:00:00.000Z');
    expect(q.get('inclBtw')).toBe('true');
    expect(q.get('usageType')).toBe('1');
  });
});

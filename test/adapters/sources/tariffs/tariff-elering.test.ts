import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eleringTariff } from '../../../../adapters/sources/tariffs/tariff-elering.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { curvePerMWh } from '../../../fixtures/tariffs/curve.js';
import { fixture, local, makeSource, pollSeries } from './tariff-harness.js';

describe('elering tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
    server.file('/api/nps/price', fixture('elering/2024-10-27.json'));
  });
  afterEach(() => server.close());

  it('reads the chosen region with slot length inferred from timestamps (25 h)', async () => {
    const { source } = makeSource(
      eleringTariff,
      { type: 'elering', region: 'fi', baseUrl: server.url },
      { now: local('2024-10-27T20:00') },
    );
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(25);
    expect(slots[0]!.perKWh).toBeCloseTo(
      Math.round(curvePerMWh(slots[0]!.start) * 0.6 * 100) / 100 / 1000,
      9,
    );
    expect(server.seen('/api/nps/price')[0]!.query.get('start')).toBe('2024-10-26T22:00:00.000Z');
  });

  it('rejects success=false', async () => {
    server.route('/api/nps/price', { body: '{"success":false,"data":null}' });
    const { source } = makeSource(
      eleringTariff,
      { type: 'elering', baseUrl: server.url },
      { now: local('2024-10-27T20:00') },
    );
    await expect(source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tibberTariff } from '../../../../adapters/sources/tariffs/tariff-tibber.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';
import { fixture, local, makeSource, minutesOf, pollSeries } from './tariff-harness.js';

describe('tibber tariff', () => {
  let server: FakeHttpServer;
  beforeEach(async () => {
    server = await FakeHttpServer.start();
  });
  afterEach(() => server.close());

  const config = () => ({ type: 'tibber', token: 'secret-token', baseUrl: server.url });

  it('reads a quarter-hourly DST day (100 quarters) plus tomorrow (96) with the bearer token', async () => {
    server.file('/v1-beta/gql', fixture('tibber/quarter-2025-10-26.json'));
    const { source } = makeSource(tibberTariff, config(), { now: local('2025-10-26T14:00') });
    const slots = await pollSeries(source);
    expect(slots).toHaveLength(196);
    expect(minutesOf(slots)).toEqual([15]);
    const request = server.seen('/v1-beta/gql')[0]!;
    expect(request.method).toBe('POST');
    expect(request.headers.authorization).toBe('Bearer secret-token');
    expect(JSON.parse(request.body).query).toContain('priceInfo(resolution: QUARTER_HOURLY)');
  });

  it('uses total by default and energy on request', async () => {
    server.file('/v1-beta/gql', fixture('tibber/hourly-2024-03-31.json'));
    const now = local('2024-03-31T10:00');
    const total = await pollSeries(makeSource(tibberTariff, config(), { now }).source);
    const energy = await pollSeries(
      makeSource(tibberTariff, { ...config(), price: 'energy' }, { now }).source,
    );
    expect(total).toHaveLength(23);
    expect(total[10]!.perKWh).toBeGreaterThan(energy[10]!.perKWh + 0.19);
  });

  it('maps a GraphQL authentication error to AUTH', async () => {
    server.route('/v1-beta/gql', {
      body: JSON.stringify({
        errors: [
          { message: 'Context creation failed: invalid token', extensions: { code: 'UNAUTHENTICATED' } },
        ],
      }),
    });
    const { source } = makeSource(tibberTariff, config(), { now: local('2024-03-31T10:00') });
    await expect(source.poll!()).rejects.toMatchObject({ code: 'AUTH' });
  });

  // A bad token is answered with HTTP 400 and the GraphQL error in the body (pyTibber
  // tibber/response_handler.py: 400 is in HTTP_CODES_FATAL, errors[0].extensions.code
  // UNAUTHENTICATED → InvalidLoginError).
  it('says "token rejected" for HTTP 400 with UNAUTHENTICATED, not a bare HTTP 400', async () => {
    server.route('/v1-beta/gql', {
      status: 400,
      body: JSON.stringify({
        errors: [
          {
            message: 'invalid token',
            locations: [{ line: 1, column: 3 }],
            path: ['viewer'],
            extensions: { code: 'UNAUTHENTICATED' },
          },
        ],
        data: null,
      }),
    });
    const { source } = makeSource(tibberTariff, config(), { now: local('2024-03-31T10:00') });
    const error = await source.poll!().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'AUTH', retryable: false });
    expect((error as Error).message).toMatch(/token rejected/);
  });

  it('still reports another HTTP 400 as BAD_RESPONSE', async () => {
    server.route('/v1-beta/gql', { status: 400, body: 'Bad Request', contentType: 'text/plain' });
    const { source } = makeSource(tibberTariff, config(), { now: local('2024-03-31T10:00') });
    await expect(source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE', message: /HTTP 400/ });
  });

  it('asks for the currency and refuses prices in another currency than site.currency', async () => {
    server.file('/v1-beta/gql', fixture('tibber/hourly-2024-03-31.json'));
    const now = local('2024-03-31T10:00');
    const { source } = makeSource(tibberTariff, config(), { now, currency: 'SEK' });
    await expect(source.poll!()).rejects.toMatchObject({
      message: /prices are in EUR, site.currency is SEK/,
    });
    expect(JSON.parse(server.seen('/v1-beta/gql')[0]!.body).query).toMatch(/startsAt currency/);
    const eur = await pollSeries(makeSource(tibberTariff, config(), { now, currency: 'EUR' }).source);
    expect(eur).toHaveLength(23);
  });
});

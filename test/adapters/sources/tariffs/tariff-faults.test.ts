import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import type { SourcePlugin } from '../../../../adapters/plugin.js';
import { amberTariff } from '../../../../adapters/sources/tariffs/tariff-amber.js';
import { awattarTariff } from '../../../../adapters/sources/tariffs/tariff-awattar.js';
import { eleringTariff } from '../../../../adapters/sources/tariffs/tariff-elering.js';
import { energyChartsTariff } from '../../../../adapters/sources/tariffs/tariff-energy-charts.js';
import { energyZeroTariff } from '../../../../adapters/sources/tariffs/tariff-energyzero.js';
import { entsoeTariff } from '../../../../adapters/sources/tariffs/tariff-entsoe.js';
import { nordpoolTariff } from '../../../../adapters/sources/tariffs/tariff-nordpool.js';
import { octopusTariff } from '../../../../adapters/sources/tariffs/tariff-octopus.js';
import { tibberTariff } from '../../../../adapters/sources/tariffs/tariff-tibber.js';
import { SignalStore } from '../../../../src/agent/signal-store.js';
import { SourceRunner } from '../../../../src/agent/source-runner.js';
import { pollEnds } from '../../../fakes/clock.js';
import { FakeHttpServer, type Fault } from '../../../fakes/http-server.js';
import { fixture, local, makeSource } from './tariff-harness.js';

const HOUR = 3_600_000;
const FAILED = 'source failed; keeping its last good reading';

interface Case {
  name: string;
  plugin: SourcePlugin;
  path: string;
  raw: Record<string, unknown>;
  now: number;
  timeZone?: string;
  serve(server: FakeHttpServer): void;
}

const octopusPath =
  '/v1/products/AGILE-24-10-01/electricity-tariffs/E-1R-AGILE-24-10-01-C/standard-unit-rates/';
const cases: Case[] = [
  {
    name: 'awattar',
    plugin: awattarTariff,
    path: '/v1/marketdata',
    raw: { type: 'awattar' },
    now: local('2024-03-31T10:00'),
    serve: (s) => s.file('/v1/marketdata', fixture('awattar/de-2024-03-31.json')),
  },
  {
    name: 'tibber',
    plugin: tibberTariff,
    path: '/v1-beta/gql',
    raw: { type: 'tibber', token: 't' },
    now: local('2025-10-26T10:00'),
    serve: (s) => s.file('/v1-beta/gql', fixture('tibber/quarter-2025-10-26.json')),
  },
  {
    name: 'octopus',
    plugin: octopusTariff,
    path: octopusPath,
    raw: { type: 'octopus', product: 'AGILE-24-10-01', region: 'C' },
    now: local('2024-03-31T10:00', 'Europe/London'),
    timeZone: 'Europe/London',
    serve: (s) => {
      const pages = [1, 2].map((n) =>
        readFileSync(fixture(`octopus/agile-c-2024-03-31-page${n}.json`), 'utf8'),
      );
      s.route(octopusPath, (req) => ({ body: req.query.get('page') === '2' ? pages[1] : pages[0] }));
    },
  },
  {
    name: 'entsoe',
    plugin: entsoeTariff,
    path: '/api',
    raw: { type: 'entsoe', token: 't', zone: 'DE-LU' },
    now: local('2024-10-27T10:00'),
    serve: (s) => s.file('/api', fixture('entsoe/de-lu-2024-10-27.xml')),
  },
  {
    name: 'nordpool',
    plugin: nordpoolTariff,
    path: '/api/DayAheadPrices',
    raw: { type: 'nordpool', area: 'SE3', currency: 'SEK' },
    now: local('2024-10-27T10:00'),
    serve: (s) => {
      const today = readFileSync(fixture('nordpool/se-2024-10-27.json'), 'utf8');
      s.route('/api/DayAheadPrices', (req) =>
        req.query.get('date') === '2024-10-27' ? { body: today } : { status: 204, body: '' },
      );
    },
  },
  {
    name: 'energy-charts',
    plugin: energyChartsTariff,
    path: '/price',
    raw: { type: 'energy-charts' },
    now: local('2025-10-26T10:00'),
    serve: (s) => s.file('/price', fixture('energy-charts/de-lu-2025-10-26.json')),
  },
  {
    name: 'energyzero',
    plugin: energyZeroTariff,
    path: '/public/v1/prices',
    raw: { type: 'energyzero' },
    now: local('2025-10-26T10:00'),
    // The same (today's) reply whatever date is asked: 'wrongDay' then sees yesterday's prices.
    serve: (s) => s.file('/public/v1/prices', fixture('energyzero/rest-2025-10-26-quarter.json')),
  },
  {
    name: 'elering',
    plugin: eleringTariff,
    path: '/api/nps/price',
    raw: { type: 'elering' },
    now: local('2024-10-27T10:00'),
    serve: (s) => s.file('/api/nps/price', fixture('elering/2024-10-27.json')),
  },
  {
    name: 'amber',
    plugin: amberTariff,
    path: '/v1/sites/s1/prices/current',
    raw: { type: 'amber', token: 't', siteId: 's1' },
    now: local('2025-07-17T10:10', 'Australia/Sydney'),
    timeZone: 'Australia/Sydney',
    serve: (s) => s.file('/v1/sites/s1/prices/current', fixture('amber/prices-2025-07-17.json')),
  },
];

const faults: { fault: Fault | 'wrongDay'; error: RegExp }[] = [
  { fault: 'http500', error: /BAD_RESPONSE: .*HTTP 500/ },
  { fault: 'html', error: /BAD_RESPONSE/ },
  { fault: 'empty', error: /BAD_RESPONSE/ },
  { fault: 'truncated', error: /BAD_RESPONSE/ },
  { fault: 'timeout', error: /TIMEOUT/ },
  { fault: 'wrongDay', error: /BAD_RESPONSE: .*reply does not cover/ },
];

// Concurrent: each test has its own server, clock, source and runner. The 'timeout' fault waits for
// real 400 ms HTTP timeouts (axios's own timer, not the clock), twice per tariff; one after the other
// they made this file the slowest of the suite.
describe.concurrent.each(cases)('$name under faults (real SourceRunner, fake clock)', (c) => {
  it.for(faults)(
    '$fault keeps the last good series and is logged once',
    async ({ fault, error }, { expect, onTestFinished }) => {
      const server = await FakeHttpServer.start();
      onTestFinished(() => server.close());
      c.serve(server);
      // A short timeout only where the fault is one: 54 cases at once on a busy machine made a good
      // first poll (ENTSO-E's first XML parse loads its parser) overrun 200 ms in CI.
      const raw = { ...c.raw, baseUrl: server.url, timeoutMs: fault === 'timeout' ? 400 : 10_000 };
      const { source, clock, log } = makeSource(c.plugin, raw, {
        now: c.now,
        ...(c.timeZone ? { timeZone: c.timeZone } : {}),
      });
      const store = new SignalStore();
      const polls = pollEnds(clock);
      const runner = new SourceRunner([source], (u) => store.update(u), {
        clock: polls.runnerClock,
        logger: log.logger,
      });
      await runner.start();
      const good = store.get('price.import')!;
      expect((good.value as unknown[]).length).toBeGreaterThan(20);

      const failures = () => runner.healthAll()[0]!.failures;
      if (fault === 'wrongDay') {
        // The same (yesterday's) reply two days later: polled directly, as the scheduled timer would
        // move the fake clock back to its own due time.
        clock.set(c.now + 48 * HOUR);
        await runner.pollAllOnce();
        await runner.pollAllOnce();
      } else {
        server.fault(c.path, fault);
        await clock.advance(HOUR);
        await polls.until(() => failures() >= 1, 'the first failure');
        await clock.advance(15_000);
        await polls.until(() => failures() >= 2, 'a retry');
      }

      expect(store.get('price.import')).toBe(good);
      expect(runner.healthAll()[0]!.lastError).toMatch(error);
      expect(log.messages().filter((m) => m === FAILED)).toHaveLength(1);
      if (fault !== 'wrongDay') {
        server.fault(c.path, undefined);
        // Backoff never exceeds the source's interval, so one interval always reaches the next try.
        await clock.advance(source.intervalMs ?? HOUR);
        await polls.until(() => runner.healthAll()[0]!.ok, 'the recovery');
        expect(log.messages().filter((m) => m === 'source recovered')).toHaveLength(1);
        expect(store.get('price.import')!.at).toBeGreaterThan(good.at);
      }
      await runner.stop();
    },
  );
});

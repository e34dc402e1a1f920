import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { octopusEvents } from '../../../../adapters/sources/events/octopus-events.js';
import type { GridEvent } from '../../../../src/core/grid-events.js';
import { type OctopusServer, startOctopusServer } from '../../../emulators/octopus-server.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';

// Queries and reply shapes: BottlecapDave/HomeAssistant-OctopusEnergy @ 4c25c7260ae26954eaebc16664797475c0523767,
// custom_components/octopus_energy/api_client/__init__.py (api_token_query, octoplus_saving_session_query,
// async_get_saving_sessions, async_get_free_electricity_sessions) and coordinators/saving_sessions.py
// (filter_available_events: region match); 8 Octopoints = 1p (octoplus/points.py rounds redeemable points to 8).
const NOW = Date.parse('2026-12-05T12:00:00Z');

let server: OctopusServer;
beforeAll(async () => {
  server = await startOctopusServer({ region: '_C' });
});
afterAll(() => server.close());
beforeEach(() => {
  server.revokeKey(false);
  server.fault('*', undefined);
  server.setSessions({
    free: [
      { code: 'FREE-2026-12-06', start: '2026-12-06T13:00:00Z', end: '2026-12-06T14:00:00Z' },
      { code: 'TEST-1', start: '2026-12-06T15:00:00Z', end: '2026-12-06T16:00:00Z', isTest: true },
      { code: 'FREE-2026-11-01', start: '2026-11-01T13:00:00Z', end: '2026-11-01T14:00:00Z' },
    ],
    saving: [
      {
        id: 7,
        code: 'EVENT_7',
        start: '2026-12-07T17:00:00Z',
        end: '2026-12-07T18:00:00Z',
        octopointsPerKWh: 1800,
        joined: true,
      },
      {
        id: 8,
        code: 'EVENT_8',
        start: '2026-12-08T17:30:00Z',
        end: '2026-12-08T18:30:00Z',
        octopointsPerKWh: 2400,
      },
      {
        id: 9,
        code: 'EVENT_9',
        start: '2026-12-06T17:00:00Z',
        end: '2026-12-06T18:00:00Z',
        octopointsPerKWh: 3200,
        joined: true,
        regions: ['_P'],
      },
      {
        id: 10,
        code: 'DEV',
        start: '2026-12-06T09:00:00Z',
        end: '2026-12-06T10:00:00Z',
        octopointsPerKWh: 1,
        joined: true,
        devEvent: true,
      },
    ],
  });
});

function source(fields: Record<string, unknown> = {}, clock = new FakeClock(NOW), currency = 'GBP') {
  const { deps, log } = testAdapterDeps({ clock, id: 'events[2]' });
  const config = octopusEvents.schema.parse({ type: 'octopus', ...server.sourceFields(), ...fields });
  return { source: octopusEvents.create(config as never, { ...deps, currency }), log, clock };
}

async function events(s: ReturnType<typeof source>['source']): Promise<GridEvent[]> {
  const [update] = await s.poll!();
  return update!.reading.value as GridEvent[];
}

describe('octopus grid events (issue 18)', () => {
  it('free sessions at price 0 and joined saving sessions with their reward in £ per kWh', async () => {
    const s = source();
    expect(await events(s.source)).toEqual([
      {
        id: 'events[2]:free:FREE-2026-12-06',
        title: 'Octopus free electricity',
        start: Date.parse('2026-12-06T13:00:00Z'),
        end: Date.parse('2026-12-06T14:00:00Z'),
        effect: { kind: 'price', perKWh: 0 },
      },
      {
        id: 'events[2]:saving:7',
        title: 'Octopus saving session EVENT_7',
        start: Date.parse('2026-12-07T17:00:00Z'),
        end: Date.parse('2026-12-07T18:00:00Z'),
        effect: { kind: 'reward', perKWh: 1800 / 800 },
      },
    ]);
  });

  it('all: unjoined sessions of the region too, never another region’s or a dev event', async () => {
    const s = source({ savingSessions: 'all' });
    expect((await events(s.source)).map((e) => e.id)).toEqual([
      'events[2]:free:FREE-2026-12-06',
      'events[2]:saving:7',
      'events[2]:saving:8',
    ]);
    const off = source({ savingSessions: 'off', freeElectricity: false });
    expect(await events(off.source)).toEqual([]);
  });

  it('asks for a token with the API key once an hour and sends it with the query', async () => {
    const s = source();
    const before = server.requests().length;
    await events(s.source);
    await s.clock.advance(30 * 60_000);
    await events(s.source);
    const graphql = server
      .requests()
      .slice(before)
      .filter((r) => r.path === '/v1/graphql/');
    const bodies = graphql.map((r) => (JSON.parse(r.body) as { query: string }).query);
    expect(bodies.filter((q) => q.includes('obtainKrakenToken')).length).toBe(1);
    expect(bodies[0]).toContain(`APIKey: "${server.apiKey}"`);
    expect(bodies[1]).toContain(`accountNumber: "${server.account}"`);
    expect(graphql[1]?.headers.authorization).toMatch(/^eyJ/);
    await s.clock.advance(60 * 60_000);
    await events(s.source);
    const later = server
      .requests()
      .slice(before)
      .filter((r) => r.body.includes('obtainKrakenToken'));
    expect(later.length).toBe(2);
  });

  it('renews a token the API stopped taking, once', async () => {
    const s = source();
    await events(s.source);
    server.expireTokens();
    expect((await events(s.source)).length).toBe(2);
  });

  it('a revoked key is AUTH; a broken list is BAD_RESPONSE: the runner keeps the last good list', async () => {
    const s = source();
    const first = await events(s.source);
    server.expireTokens();
    server.revokeKey(true);
    await expect(s.source.poll!()).rejects.toMatchObject({ code: 'AUTH', retryable: false });
    server.revokeKey(false);
    server.fault('/free_electricity.json', 'html');
    await expect(s.source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    server.fault('/free_electricity.json', undefined);
    expect(await events(s.source)).toEqual(first);
  });

  it('moves with its emulator: new sessions on the next poll, same ids', async () => {
    const s = source();
    const first = (await events(s.source)).map((e) => e.id);
    server.setSessions({
      free: [
        { code: 'FREE-2026-12-06', start: '2026-12-06T13:00:00Z', end: '2026-12-06T14:00:00Z' },
        { code: 'FREE-2026-12-09', start: '2026-12-09T12:00:00Z', end: '2026-12-09T13:30:00Z' },
      ],
    });
    const second = (await events(s.source)).map((e) => e.id);
    expect(second).toEqual([...first, 'events[2]:free:FREE-2026-12-09']);
  });

  it('refuses a site whose currency is not GBP', async () => {
    const s = source({}, new FakeClock(NOW), 'EUR');
    await expect(s.source.poll!()).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

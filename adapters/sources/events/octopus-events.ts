import { z } from 'zod';
import type { GridEvent } from '../../../src/core/grid-events.js';
import { DeviceError } from '../../../src/errors.js';
import type { Source } from '../../../src/ports.js';
import { createHttp, type HttpClient, requestJson } from '../../http.js';
import { defineSource } from '../../plugin.js';
import { windowAround, windowedEvents } from './event-rules.js';
import {
  krakenErrors,
  parseFreeSessions,
  parseSavingSessions,
  parseToken,
  savingSessionsQuery,
  tokenQuery,
} from './octopus-sessions.js';

const WHAT = 'Octopus Energy';
const HOUR_MS = 3_600_000;
/** Kraken tokens last an hour; the integration renews 5 min before (async_refresh_token). */
const TOKEN_LIFE_MS = 55 * 60_000;

const schema = z
  .object({
    type: z.literal('octopus'),
    apiKey: z
      .string()
      .min(1)
      .describe('API key (octopus.energy dashboard → API access), best from an environment variable'),
    account: z
      .string()
      .regex(/^A-[0-9A-F]+$/i, 'an account number such as A-1234ABCD')
      .describe('account number'),
    savingSessions: z
      .enum(['joined', 'all', 'off'])
      .default('joined')
      .describe(
        'saving sessions to plan for: joined (the reward is only paid for those), all in your region, or none',
      ),
    freeElectricity: z
      .boolean()
      .default(true)
      .describe('free electricity sessions (price 0 in their window)'),
    pointsPerPound: z
      .number()
      .positive()
      .default(800)
      .describe('Octopoints per £ of account credit (8 points = 1p when redeemed)'),
    url: z.url().default('https://api.octopus.energy').describe('API root for the token (a test server)'),
    backendUrl: z
      .url()
      .default('https://api.backend.octopus.energy')
      .describe('GraphQL root the integration reads saving sessions from'),
    freeElectricityUrl: z
      .url()
      .default('https://oe-api.davidskendall.co.uk/free_electricity.json')
      .describe(
        'the published free electricity list (the Octopus Home Assistant integration reads the same)',
      ),
    intervalMinutes: z.number().positive().default(30).describe('how often sessions are read (min)'),
    lookAheadDays: z
      .number()
      .positive()
      .max(366)
      .default(7)
      .describe('sessions starting up to this far ahead (days)'),
    timeoutMs: z.number().int().positive().default(10_000).describe('per-request timeout (ms)'),
  })
  .strict();

const graphql = (http: HttpClient, query: string, headers: Record<string, string> = {}) =>
  requestJson(http, { method: 'POST', url: '/v1/graphql/', data: JSON.stringify({ query }), headers }, WHAT);

/**
 * Octopus Energy (UK) sessions as grid events: free electricity sessions (price 0) and saving
 * sessions (each kWh not drawn earns `rewardPerKwhInOctoPoints / pointsPerPound` £). A failed read
 * throws, so the runner logs it once and the store keeps the last good list; a rejected token is
 * renewed once before the poll fails.
 */
export const octopusEvents = defineSource({
  type: 'octopus',
  description: 'Octopus Energy free electricity and saving sessions (API key + account)',
  schema,
  create(config, deps): Source {
    const json = { 'Content-Type': 'application/json' };
    const api = createHttp(config.url, config.timeoutMs, json);
    const backend = createHttp(config.backendUrl, config.timeoutMs, json);
    const free = createHttp(config.freeElectricityUrl, config.timeoutMs);
    const cache: { token?: string; until?: number } = {};

    const token = async (): Promise<string> => {
      const now = deps.clock.now();
      if (cache.token && cache.until !== undefined && now < cache.until) return cache.token;
      cache.token = parseToken(await graphql(api, tokenQuery(config.apiKey)));
      cache.until = now + TOKEN_LIFE_MS;
      return cache.token;
    };
    const savingReply = async (): Promise<unknown> => {
      const ask = async () =>
        graphql(backend, savingSessionsQuery(config.account), { Authorization: await token() });
      const reply = await ask();
      if (krakenErrors(reply)?.code !== 'AUTH') return reply;
      delete cache.token; // revoked or expired early: one fresh token, then the error stands
      return ask();
    };

    const savingEvents = async (): Promise<GridEvent[]> => {
      if (config.savingSessions === 'off') return [];
      const rows = parseSavingSessions(await savingReply());
      return rows
        .filter((r) => config.savingSessions === 'all' || r.joined)
        .map((r) => ({
          id: `${deps.id}:saving:${r.id}`,
          title: `Octopus saving session ${r.code}`,
          start: r.start,
          end: r.end,
          effect: { kind: 'reward' as const, perKWh: r.octopointsPerKWh / config.pointsPerPound },
        }));
    };
    const freeEvents = async (): Promise<GridEvent[]> => {
      if (!config.freeElectricity) return [];
      const body = await requestJson(free, { method: 'GET', url: '' }, `${WHAT} free electricity`);
      return parseFreeSessions(body).map((r) => ({
        id: `${deps.id}:free:${r.code}`,
        title: 'Octopus free electricity',
        start: r.start,
        end: r.end,
        effect: { kind: 'price' as const, perKWh: 0 },
      }));
    };

    return {
      id: deps.id,
      keys: ['events'],
      intervalMs: config.intervalMinutes * 60_000,
      async poll() {
        if (deps.currency !== 'GBP')
          throw new DeviceError(
            'UNSUPPORTED',
            `${WHAT}: sessions are in GBP, site.currency is ${deps.currency}`,
            false,
          );
        const [saving, freeList] = await Promise.all([savingEvents(), freeEvents()]);
        const now = deps.clock.now();
        const window = windowAround(now, 24 * HOUR_MS, config.lookAheadDays * 24 * HOUR_MS);
        const value = windowedEvents([...freeList, ...saving], window);
        return [{ key: 'events', reading: { value, at: now, source: deps.id } }];
      },
    };
  },
});

import { FakeHttpServer, type Fault, type SeenRequest } from '../fakes/http-server.js';

/**
 * A local "Octopus-format" server for grid-event tests (issue 18): Kraken's GraphQL endpoint
 * (`/v1/graphql/`: the `obtainKrakenToken` mutation and the `savingSessions` query) and the published
 * free-electricity list (`/free_electricity.json`). Reply shapes follow the Octopus Home Assistant
 * integration, BottlecapDave/HomeAssistant-OctopusEnergy @ 4c25c7260ae26954eaebc16664797475c0523767:
 * `custom_components/octopus_energy/api_client/__init__.py` (api_token_query, octoplus_saving_session_query,
 * async_get_saving_sessions, async_get_free_electricity_sessions, process_graphql_response's error codes).
 */

/** A free electricity session as the published list carries it. */
export interface FreeSession {
  code: string;
  /** ISO 8601 with offset, e.g. `2026-12-06T13:00:00Z`. */
  start: string;
  end: string;
  /** Octopus's test announcements; the integration skips them. */
  isTest?: boolean;
}

/** A saving session (an Octoplus event) and whether the emulated account joined it. */
export interface SavingSession {
  id: number;
  code: string;
  start: string;
  end: string;
  octopointsPerKWh: number;
  joined?: boolean;
  /** Grid supply point regions (`_A` … `_P`) it targets; absent = everyone. */
  regions?: string[];
  devEvent?: boolean;
}

/** The emulator a test (or an end-to-end test) drives. */
export interface OctopusServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly apiKey: string;
  readonly account: string;
  /** Source config fields pointing every endpoint here (url, backendUrl, freeElectricityUrl, apiKey, account). */
  sourceFields(): Record<string, string>;
  /** The sessions served from now on. */
  setSessions(sessions: { free?: FreeSession[]; saving?: SavingSession[] }): void;
  /** Makes the next token requests fail with a Kraken authentication error (a revoked key). */
  revokeKey(revoked: boolean): void;
  /** Expires every issued token: the next query answers KT-CT-1111 "Unauthorized.". */
  expireTokens(): void;
  /** A transport or body fault on a path (`/v1/graphql/`, `/free_electricity.json`), or `*`. */
  fault(path: string, fault: Fault | undefined): void;
  requests(): SeenRequest[];
  close(): Promise<void>;
}

const graphqlError = (message: string, errorCode: string) => ({
  status: 200, // Kraken answers GraphQL errors with HTTP 200 and an errors list
  body: JSON.stringify({
    errors: [{ message, locations: [{ line: 2, column: 3 }], extensions: { errorCode } }],
    data: null,
  }),
});

/** Starts the server on an ephemeral 127.0.0.1 port. */
export async function startOctopusServer(
  options: { apiKey?: string; account?: string; region?: string } = {},
): Promise<OctopusServer> {
  const apiKey = options.apiKey ?? 'sk_live_testkey0000000000000000';
  const account = options.account ?? 'A-1234ABCD';
  const region = options.region ?? '_C';
  const server = await FakeHttpServer.start();
  const sessions: { free: FreeSession[]; saving: SavingSession[] } = { free: [], saving: [] };
  const tokens = new Set<string>();
  const flags = { revoked: false, issued: 0 };

  function token(query: string) {
    if (flags.revoked || !query.includes(JSON.stringify(apiKey)))
      return graphqlError('Invalid data.', 'KT-CT-1139'); // "Authentication failed" in the integration
    const value = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.test${++flags.issued}`;
    tokens.add(value);
    const refreshExpiresIn = Math.floor(Date.now() / 1000) + 7 * 86_400;
    return {
      body: JSON.stringify({
        data: { obtainKrakenToken: { token: value, refreshToken: `r${flags.issued}`, refreshExpiresIn } },
      }),
    };
  }

  function savingSessions(request: SeenRequest, query: string) {
    const auth = String(request.headers.authorization ?? '').replace(/^JWT /, '');
    if (!tokens.has(auth)) return graphqlError('Unauthorized.', 'KT-CT-1111');
    if (!query.includes(JSON.stringify(account))) return graphqlError('Unauthorized.', 'KT-CT-1111');
    const events = sessions.saving.map((s) => ({
      id: s.id,
      code: s.code,
      rewardPerKwhInOctoPoints: s.octopointsPerKWh,
      startAt: s.start,
      endAt: s.end,
      devEvent: s.devEvent ?? false,
      targetRegion: s.regions ? s.regions.map((regionId) => ({ regionId })) : null,
    }));
    const joinedEvents = sessions.saving
      .filter((s) => s.joined)
      .map((s) => ({ eventId: s.id, startAt: s.start, endAt: s.end, rewardGivenInOctoPoints: 0 }));
    const data = {
      savingSessions: {
        events,
        account: { signedUpMeterPoint: { regionId: region }, hasJoinedCampaign: true, joinedEvents },
      },
    };
    return { body: JSON.stringify({ data }) };
  }

  server.route('/v1/graphql/', (request) => {
    let query = '';
    try {
      query = String((JSON.parse(request.body) as { query?: unknown }).query ?? '');
    } catch {
      return { status: 400, body: '{"errors":[{"message":"Must provide query string."}]}' };
    }
    if (query.includes('obtainKrakenToken')) return token(query);
    if (query.includes('savingSessions')) return savingSessions(request, query);
    return graphqlError('Cannot query field.', 'GRAPHQL_VALIDATION_FAILED');
  });
  server.route('/free_electricity.json', () => ({
    body: JSON.stringify({
      data: sessions.free.map((s) => ({
        code: s.code,
        start: s.start,
        end: s.end,
        is_test: s.isTest ?? false,
      })),
    }),
  }));

  return {
    url: server.url,
    apiKey,
    account,
    sourceFields: () => ({
      apiKey,
      account,
      url: server.url,
      backendUrl: server.url,
      freeElectricityUrl: `${server.url}/free_electricity.json`,
    }),
    setSessions(next) {
      if (next.free) sessions.free = next.free;
      if (next.saving) sessions.saving = next.saving;
    },
    revokeKey(revoked) {
      flags.revoked = revoked;
    },
    expireTokens: () => tokens.clear(),
    fault: (path, fault) => void server.fault(path, fault),
    requests: () => server.requests,
    close: () => server.close(),
  };
}

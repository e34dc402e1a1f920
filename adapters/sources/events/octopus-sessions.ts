import { DeviceError } from '../../../src/errors.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';

/**
 * Octopus Energy's sessions, as the Octopus Home Assistant integration reads them
 * (BottlecapDave/HomeAssistant-OctopusEnergy, custom_components/octopus_energy/api_client/__init__.py):
 * a Kraken token from `obtainKrakenToken` with the API key, the account's saving sessions from the
 * `savingSessions` query, free electricity sessions from a published JSON list.
 */

const WHAT = 'Octopus Energy';

/** Kraken error codes the integration treats as "authentication failed" (process_graphql_response). */
const AUTH_CODES = new Set(['KT-CT-1139', 'KT-CT-1111', 'KT-CT-1143', 'KT-CT-1134', 'KT-CT-1135', 'OE-0103']);

/** The token mutation; the key is a JSON string literal (escaped), as GraphQL strings are. */
export function tokenQuery(apiKey: string): string {
  return `mutation { obtainKrakenToken(input: { APIKey: ${JSON.stringify(apiKey)} }) { token refreshToken refreshExpiresIn } }`;
}

/** The saving sessions of the campaign and what the account joined. */
export function savingSessionsQuery(account: string): string {
  return `query { savingSessions { events(includeDev: false) { id code rewardPerKwhInOctoPoints startAt endAt devEvent targetRegion { regionId } } account(accountNumber: ${JSON.stringify(account)}) { signedUpMeterPoint { regionId } hasJoinedCampaign joinedEvents { eventId startAt endAt rewardGivenInOctoPoints } } } }`;
}

/** GraphQL errors (Kraken answers them with HTTP 200) → AUTH for the integration's auth codes, else BAD_RESPONSE. */
export function krakenErrors(body: unknown): DeviceError | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const list = errors as { message?: string; extensions?: { errorCode?: string } }[];
  const text = list.map((e) => `${e.extensions?.errorCode ?? ''} ${e.message ?? ''}`.trim()).join('; ');
  if (list.some((e) => AUTH_CODES.has(e.extensions?.errorCode ?? '')))
    return new DeviceError('AUTH', `${WHAT}: ${text} (check apiKey and account)`, false);
  return new DeviceError('BAD_RESPONSE', `${WHAT}: ${text}`, true);
}

/** The token from an `obtainKrakenToken` reply. */
export function parseToken(body: unknown): string {
  const error = krakenErrors(body);
  if (error) throw error;
  const token = (body as { data?: { obtainKrakenToken?: { token?: unknown } | null } } | null)?.data
    ?.obtainKrakenToken?.token;
  if (typeof token !== 'string' || token === '') throw badShape(WHAT, 'no obtainKrakenToken.token');
  return token;
}

/** One saving session the account can earn from. */
export interface SavingSessionRow {
  id: string;
  code: string;
  start: number;
  end: number;
  octopointsPerKWh: number;
  joined: boolean;
}

interface RawEvent {
  id?: unknown;
  code?: unknown;
  rewardPerKwhInOctoPoints?: unknown;
  startAt?: unknown;
  endAt?: unknown;
  devEvent?: unknown;
  targetRegion?: { regionId?: unknown }[] | null;
}

/**
 * The saving sessions of a `savingSessions` reply: every event in the account's region (an event
 * without target regions is for everyone; the integration's filter_available_events), dev events
 * dropped, `joined` from the account's joinedEvents (matched by id, as the integration does).
 */
export function parseSavingSessions(body: unknown): SavingSessionRow[] {
  const error = krakenErrors(body);
  if (error) throw error;
  const sessions = (body as { data?: { savingSessions?: unknown } } | null)?.data?.savingSessions as
    | {
        events?: RawEvent[];
        account?: {
          signedUpMeterPoint?: { regionId?: unknown } | null;
          joinedEvents?: { eventId?: unknown }[];
        };
      }
    | undefined;
  if (!sessions || !Array.isArray(sessions.events)) throw badShape(WHAT, 'no savingSessions.events');
  const region = sessions.account?.signedUpMeterPoint?.regionId;
  const joined = new Set((sessions.account?.joinedEvents ?? []).map((e) => String(e.eventId)));
  return sessions.events
    .filter((e) => e.devEvent !== true)
    .filter((e) => {
      const regions = (e.targetRegion ?? []).map((r) => String(r.regionId));
      return regions.length === 0 || (region !== undefined && regions.includes(String(region)));
    })
    .map((e) => ({
      id: String(e.id),
      code: String(e.code ?? e.id),
      start: parseInstant(e.startAt, WHAT),
      end: parseInstant(e.endAt, WHAT),
      octopointsPerKWh: parseNumber(e.rewardPerKwhInOctoPoints, WHAT, 'rewardPerKwhInOctoPoints'),
      joined: joined.has(String(e.id)),
    }));
}

/** One free electricity session. */
export interface FreeSessionRow {
  code: string;
  start: number;
  end: number;
}

/** The published free electricity list `{ data: [{ code, start, end, is_test }] }`, test sessions dropped. */
export function parseFreeSessions(body: unknown): FreeSessionRow[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw badShape(WHAT, 'free electricity list has no data');
  return (data as Record<string, unknown>[])
    .filter((item) => item.is_test !== true)
    .map((item) => ({
      code: String(item.code ?? item.start),
      start: parseInstant(item.start, WHAT),
      end: parseInstant(item.end, WHAT),
    }));
}

import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { defineSource } from '../../plugin.js';
import { badShape, parseInstant, parseNumber } from '../request-text.js';
import { marketTariff } from './market-tariff.js';
import type { RawPrice } from './price-series.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'Tibber';

/** The GraphQL query (energy.md §5.2): today and tomorrow at the requested resolution. */
export function tibberQuery(resolution: 'QUARTER_HOURLY' | 'HOURLY'): string {
  const fields = 'total energy tax startsAt currency';
  return `{ viewer { homes { id currentSubscription { priceInfo(resolution: ${resolution}) { today { ${fields} } tomorrow { ${fields} } } } } } }`;
}

interface TibberHome {
  id?: string;
  currentSubscription?: { priceInfo?: { today?: unknown[]; tomorrow?: unknown[] } | null } | null;
}

/** GraphQL errors → AUTH "token rejected" for a bad token, else BAD_RESPONSE. */
function graphqlError(errors: unknown): DeviceError {
  const list = Array.isArray(errors)
    ? (errors as { message?: string; extensions?: { code?: string } }[])
    : [];
  const messages = list.map((e) => `${e.extensions?.code ?? ''} ${e.message ?? ''}`.trim());
  const text = messages.join('; ');
  if (/unauthenticated|unauthori[sz]ed|token/i.test(text))
    return new DeviceError('AUTH', `${WHAT}: token rejected (${text}); check the token`, false);
  return new DeviceError('BAD_RESPONSE', `${WHAT}: ${text}`, true);
}

/**
 * Tibber answers a bad token with HTTP 400 and a GraphQL error `extensions.code: UNAUTHENTICATED` in
 * the body (pyTibber `response_handler.py`: 400 is fatal, errors[0] code UNAUTHENTICATED →
 * InvalidLoginError): read such a body's errors before the bare status.
 */
function errorBody(status: number, text: string): DeviceError | undefined {
  if (status !== 400) return undefined;
  let errors: unknown;
  try {
    errors = (JSON.parse(text) as { errors?: unknown } | null)?.errors;
  } catch {
    return undefined;
  }
  return Array.isArray(errors) && errors.length ? graphqlError(errors) : undefined;
}

/** What `parseTibber` needs besides the body. */
export interface TibberParseOptions {
  price: 'total' | 'energy';
  /** The site currency: a row quoted in another currency is refused, never mixed in. */
  currency: string;
  homeId?: string;
}

/** Parses the reply into rows (currency per kWh) for one home: `homeId`, else the first with a subscription. */
export function parseTibber(body: unknown, options: TibberParseOptions): RawPrice[] {
  const { price, homeId } = options;
  const reply = body as { data?: { viewer?: { homes?: TibberHome[] } }; errors?: unknown[] } | null;
  if (reply?.errors?.length) throw graphqlError(reply.errors);
  const homes = reply?.data?.viewer?.homes;
  if (!Array.isArray(homes)) throw badShape(WHAT, 'no viewer.homes');
  const home = homeId ? homes.find((h) => h.id === homeId) : homes.find((h) => h.currentSubscription);
  if (!home)
    throw new DeviceError('BAD_RESPONSE', `${WHAT}: no home ${homeId ?? 'with a subscription'}`, false);
  const info = home.currentSubscription?.priceInfo;
  if (!info || !Array.isArray(info.today)) throw badShape(WHAT, 'no priceInfo.today');
  return [...info.today, ...(info.tomorrow ?? [])].map((row) => {
    const r = row as Record<string, unknown>;
    if (r.currency !== options.currency)
      throw new DeviceError(
        'UNSUPPORTED',
        `${WHAT}: prices are in ${String(r.currency)}, site.currency is ${options.currency}`,
        false,
      );
    return { start: parseInstant(r.startsAt, WHAT), value: parseNumber(r[price], WHAT, price) };
  });
}

/** Tibber: the home's own prices (energy + tax = total) over GraphQL with a personal token. */
export const tibberTariff = defineSource({
  type: 'tibber',
  description: 'Tibber prices over its GraphQL API (token), 15-min or hourly',
  schema: z
    .object({
      type: z.literal('tibber'),
      token: z
        .string()
        .min(1)
        .describe('personal access token (developer.tibber.com), best from an environment variable'),
      homeId: z.string().optional().describe('which home; default the first with a subscription'),
      resolution: z.enum(['QUARTER_HOURLY', 'HOURLY']).default('QUARTER_HOURLY'),
      price: z
        .enum(['total', 'energy'])
        .default('total')
        .describe('total = what you pay (energy + tax); energy = the spot part only'),
      baseUrl: z.url().default('https://api.tibber.com').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const options = { price: config.price, currency: deps.currency, homeId: config.homeId };
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      headers: { Authorization: `Bearer ${config.token}`, 'Content-Type': 'application/json' },
      method: 'POST',
      url: '/v1-beta/gql',
      data: JSON.stringify({ query: tibberQuery(config.resolution) }),
      errorBody,
      parse: (body) => parseTibber(body, options),
      unit: 'perKWh',
    });
  },
});

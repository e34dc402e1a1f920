import { type HttpEmulator, type RecordedRequest, type Reply, startHttpEmulator } from './http-emulator.js';

/** Knobs of the emulated Braiins OS miner (defaults: an Antminer S19j Pro on BOS 26.04). */
export interface BraiinsEmulatorOptions {
  username?: string;
  password?: string;
  /** Power-target constraints (W). */
  range?: { minW: number; maxW: number; defaultW: number };
  /** Efficiency that turns measured power into hashrate (J/TH). */
  jPerTh?: number;
  /** How fast measured power follows the target (W/s); 0 = at once. Real BOS takes minutes. */
  rampWPerS?: number;
  /** Sliding session length of a token (s). */
  tokenTimeoutS?: number;
  /** The device's clock (ms); pass a FakeClock's `now` to test token expiry. */
  now?: () => number;
  slowMs?: number;
}

/** A running emulator plus its state and test hooks. */
export interface BraiinsEmulator extends HttpEmulator {
  /**
   * `fans.cooling`: the cooling mode as `GET /api/v1/configuration/miner` shows it under `temperature.mode`
   * (vendor OpenAPI 26.04 `CoolingConfigurationMode`): `{ auto: { max_fan_speed } }`, or e.g.
   * `{ immersion: {} }`.
   */
  readonly fans: { cooling: Record<string, Record<string, unknown>> };
  readonly state: { paused: boolean; targetW: number };
  /** The constraints the device enforces; tests may narrow them after the adapter read them. */
  readonly range: { minW: number; maxW: number; defaultW: number };
  /** Successful logins so far. */
  logins(): number;
  /** Forgets every session, as a reboot does: the next call gets 401 UNAUTHENTICATED. */
  expireTokens(): void;
  /** When true, PUT power-target answers OK but keeps the old target (a read-back mismatch). */
  ignoreTargets: boolean;
}

// [U] Body of REST errors: gRPC-gateway style {code, message}; only the status is relied upon.
const UNAUTHENTICATED: Reply = {
  status: 401,
  body: { code: 16, message: 'Missing or invalid authentication token', details: [] },
};

/**
 * Braiins OS public REST API (`/api/v1`, reference/miners.md §3.3): token login with sliding
 * expiry, pause/resume, power target checked against the constraints (400 INVALID_ARGUMENT),
 * integer enums, measured power that ramps towards the target.
 */
export async function startBraiinsEmulator(options: BraiinsEmulatorOptions = {}): Promise<BraiinsEmulator> {
  const now = options.now ?? Date.now;
  const user = { username: options.username ?? 'root', password: options.password ?? 'secret' };
  const range = { ...(options.range ?? { minW: 1700, maxW: 3500, defaultW: 3068 }) };
  const jPerTh = options.jPerTh ?? 29.5;
  const timeoutS = options.tokenTimeoutS ?? 3600;
  const tokens = new Map<string, number>();
  const state = { paused: false, targetW: range.defaultW };
  const fans = {
    cooling: { auto: { max_fan_speed: 100, min_fan_speed: 20 } } as Record<string, Record<string, unknown>>,
  };
  const power = { lastW: range.defaultW, lastAt: now() };
  const bootAt = now();
  let logins = 0;
  let nextToken = 1;

  const goalW = () => (state.paused ? 0 : state.targetW);
  const measuredW = (at = now()) => {
    const rate = options.rampWPerS ?? 0;
    if (rate <= 0) return goalW();
    const step = (rate * (at - power.lastAt)) / 1000;
    const gap = goalW() - power.lastW;
    return Math.round(power.lastW + Math.sign(gap) * Math.min(Math.abs(gap), step));
  };
  const change = (fn: () => void) => {
    power.lastW = measuredW();
    power.lastAt = now();
    fn();
  };

  const authorised = (request: RecordedRequest): boolean => {
    const token = request.headers.authorization;
    const usedAt = typeof token === 'string' ? tokens.get(token) : undefined;
    if (usedAt === undefined || now() - usedAt > timeoutS * 1000) return false;
    tokens.set(token as string, now()); // sliding expiry: activity refreshes the session
    return true;
  };

  const routes: Record<string, (request: RecordedRequest) => Reply> = {
    'PUT /api/v1/actions/pause': () => {
      const already = state.paused;
      change(() => {
        state.paused = true;
      });
      return { status: 200, body: already };
    },
    'PUT /api/v1/actions/resume': () => {
      const already = !state.paused;
      change(() => {
        state.paused = false;
      });
      return { status: 200, body: already };
    },
    'PUT /api/v1/performance/power-target': (request) => {
      const watt = (request.json as { watt?: unknown } | undefined)?.watt;
      if (typeof watt !== 'number' || watt < range.minW || watt > range.maxW) {
        const message = `power target [${String(watt)}W] is not in allowed range [Some(${range.minW}), Some(${range.maxW})]`;
        return { status: 400, body: { code: 3, message, details: [] } };
      }
      if (!emulator.ignoreTargets)
        change(() => {
          state.targetW = watt;
        });
      return { status: 200, body: { watt } };
    },
    'GET /api/v1/configuration/constraints': () => ({
      status: 200,
      body: {
        tuner_constraints: {
          power_target: {
            default: { watt: range.defaultW },
            min: { watt: range.minW },
            max: { watt: range.maxW },
          },
          enabled: { default: true },
          default_mode: 1,
        },
      },
    }),
    'GET /api/v1/configuration/miner': () => ({
      status: 200,
      body: {
        tuner: { enabled: true, tuner_mode: 1, power_target: { watt: state.targetW } },
        temperature: { mode: fans.cooling },
      },
    }),
    'GET /api/v1/miner/details': () => ({
      status: 200,
      body: {
        uid: 'Zb9ELzDSwIOHgRpA',
        miner_identity: { brand: 1, name: 'Antminer S19j Pro', miner_model: 'Antminer S19j Pro' },
        platform: 6,
        bos_mode: 4,
        bos_version: { current: '26.04', major: '26.04', bos_plus: true },
        hostname: 'bos-s19',
        sticker_hashrate: { gigahash_per_second: (range.defaultW / jPerTh) * 1000 },
        bosminer_uptime_s: Math.round((now() - bootAt) / 1000),
        system_uptime_s: Math.round((now() - bootAt) / 1000) + 60,
        status: state.paused ? 3 : 2,
        control_board_soc_family: 1,
      },
    }),
    'GET /api/v1/miner/stats': () => {
      const ghs = (measuredW() / jPerTh) * 1000;
      return {
        status: 200,
        body: {
          miner_stats: {
            nominal_hashrate: { gigahash_per_second: (range.defaultW / jPerTh) * 1000 },
            real_hashrate: { last_5s: { gigahash_per_second: ghs }, last_1m: { gigahash_per_second: ghs } },
          },
          power_stats: {
            approximated_consumption: { watt: measuredW() },
            efficiency: { joule_per_terahash: jPerTh },
          },
        },
      };
    },
    // Vendor OpenAPI 26.04 `setCoolingMode`: the same mode updates its values, another mode replaces
    // them (fields of the new mode not given are defaults); max_fan_speed must exceed min_fan_speed.
    'PUT /api/v1/cooling/mode': (request) => {
      const body = request.json as Record<string, Record<string, unknown>> | undefined;
      const [name, values] = Object.entries(body ?? {})[0] ?? [];
      if (!name || typeof values !== 'object' || values === null)
        return { status: 400, body: { code: 3, message: 'invalid cooling mode', details: [] } };
      const merged = name in fans.cooling ? { ...fans.cooling[name], ...values } : { ...values };
      const max = merged.max_fan_speed;
      const min = merged.min_fan_speed;
      if (typeof max === 'number' && (max < 0 || max > 100 || (typeof min === 'number' && max <= min)))
        return {
          status: 400,
          body: { code: 3, message: 'max_fan_speed must be greater than min_fan_speed', details: [] },
        };
      fans.cooling = { [name]: merged };
      return { status: 200, body: fans.cooling };
    },
    'GET /api/v1/cooling/state': () => ({
      status: 200,
      body: {
        fans: [{ position: 0, rpm: 4200, target_speed_ratio: 0.6 }],
        highest_temperature: { location: 1, temperature: { degree_c: 40 + (35 * measuredW()) / range.maxW } },
      },
    }),
  };

  const handler = (request: RecordedRequest): Reply => {
    const path = request.path.split('?')[0]!;
    if (request.method === 'POST' && path === '/api/v1/auth/login') {
      const body = request.json as { username?: unknown; password?: unknown } | undefined;
      if (body?.username !== user.username || body?.password !== user.password)
        return { status: 401, body: { code: 16, message: 'Invalid username or password', details: [] } };
      const token = `tok${nextToken++}${Math.random().toString(36).slice(2, 10)}`;
      tokens.set(token, now());
      logins += 1;
      return { status: 200, body: { token, timeout_s: timeoutS } };
    }
    const route = routes[`${request.method} ${path}`];
    if (!route) return { status: 404, body: { code: 5, message: 'Not Found', details: [] } };
    if (!authorised(request)) return UNAUTHENTICATED;
    return route(request);
  };

  const http = await startHttpEmulator({ handler, authReply: UNAUTHENTICATED, slowMs: options.slowMs });
  const emulator: BraiinsEmulator = Object.assign(http, {
    state,
    fans,
    range,
    logins: () => logins,
    expireTokens: () => tokens.clear(),
    ignoreTargets: false,
  });
  return emulator;
}

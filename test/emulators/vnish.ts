import { randomBytes } from 'node:crypto';
import { type HttpEmulator, type RecordedRequest, type Reply, startHttpEmulator } from './http-emulator.js';

/** One autotune preset as the emulator serves it. */
export interface VnishPresetSpec {
  name: string;
  watts: number;
  ths: number;
}

/** Knobs of the emulated Vnish firmware (defaults: an S19j Pro on Vnish 1.3.4). */
export interface VnishEmulatorOptions {
  /**
   * `/info` `fw_version`. The vendor specs (asic-rs meta/vnish/v1.2.6, v1.2.7, v1.3.4 api-doc.json) differ:
   * 1.2.x has no `POST /mining/throttle` and no `throttled` in `/status`.
   */
  version?: string;
  password?: string;
  /** An API key accepted as `x-api-key`. */
  apiKey?: string;
  presets?: VnishPresetSpec[];
  preset?: string;
  /** `POST /settings` answers `{"restart_required":false,...}` but keeps the old preset (pyasic's warning). */
  ignorePresetWrites?: boolean;
  /** Unlock attempts allowed per minute before `429 Too many requests`. */
  unlocksPerMinute?: number;
  now?: () => number;
  slowMs?: number;
}

/** A running emulator plus its state. */
export interface VnishEmulator extends HttpEmulator {
  readonly state: { minerState: string; preset: string; throttlePct: number; tokens: Set<string> };
  /** Unlock attempts seen (ms timestamps). */
  readonly unlocks: number[];
  /** Invalidates every token (a firmware restart). */
  expireTokens(): void;
}

const DEFAULT_PRESETS: VnishPresetSpec[] = [
  { name: '1100', watts: 1100, ths: 48 },
  { name: '2200', watts: 2200, ths: 78 },
  { name: '3250', watts: 3250, ths: 104 },
];

/**
 * Vnish `xminer-api` 0.1.0 as far as the reference goes (miners.md §6.2): `POST /unlock {"pw"}` → token
 * (403 wrong password, 429 when unlocked too often), Bearer or `x-api-key` on every other call (401
 * otherwise), `/status` `miner_state` + `throttled`, `/summary`, `/settings` with the overclock preset,
 * `/autotune/presets`, `/mining/pause|resume|restart`, `/mining/throttle {percent: 20..100}`.
 */
export async function startVnishEmulator(options: VnishEmulatorOptions = {}): Promise<VnishEmulator> {
  const now = options.now ?? Date.now;
  const password = options.password ?? 'admin-pass';
  const presets = options.presets ?? DEFAULT_PRESETS;
  const state = {
    minerState: 'mining',
    preset: options.preset ?? presets[presets.length - 1]!.name,
    throttlePct: 100,
    tokens: new Set<string>(),
  };
  const unlocks: number[] = [];
  let stateSince = now();
  const setState = (next: string) => {
    state.minerState = next;
    stateSince = now();
  };
  const json = (status: number, body: unknown): Reply => ({ status, body });
  const saved = () => json(200, { restart_required: false, reboot_required: false });
  const active = () => presets.find((p) => p.name === state.preset) ?? presets[0]!;
  const hashing = () => state.minerState === 'mining';
  const version = options.version ?? '1.3.4';
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const throttle = major > 1 || (major === 1 && minor >= 3);

  const bearerOk = (r: RecordedRequest) => {
    const bearer = /^Bearer (.+)$/.exec(String(r.headers.authorization ?? ''))?.[1];
    return bearer !== undefined && state.tokens.has(bearer);
  };
  const keyOk = (r: RecordedRequest) =>
    options.apiKey !== undefined && r.headers['x-api-key'] === options.apiKey;
  // Security per route as in the vendor spec: none for /info, /status, /perf-summary (and /summary, whose
  // security list includes `{}`), apikeyAuth only for GET /settings, bearer or API key for the rest.
  const PUBLIC = new Set(['GET /info', 'GET /status', 'GET /perf-summary', 'GET /summary']);
  const authorized = (r: RecordedRequest, route: string) =>
    PUBLIC.has(route) || keyOk(r) || (route !== 'GET /settings' && bearerOk(r));

  function unlock(r: RecordedRequest): Reply {
    unlocks.push(now());
    const recent = unlocks.filter((t) => now() - t < 60_000).length;
    if (recent > (options.unlocksPerMinute ?? 5)) return json(429, { err: 'Too many requests' });
    if ((r.json as { pw?: unknown } | undefined)?.pw !== password)
      return json(403, { err: 'Wrong password' });
    const token = randomBytes(12).toString('hex');
    state.tokens.add(token);
    return json(200, { token });
  }

  const routes: Record<string, (r: RecordedRequest) => Reply> = {
    'GET /status': () =>
      json(200, {
        miner_state: state.minerState,
        miner_state_time: Math.floor((now() - stateSince) / 1000) + 3600,
        ...(throttle ? { throttled: state.throttlePct } : {}),
        unlocked: true,
        restart_required: false,
        reboot_required: false,
      }),
    'GET /summary': () => {
      const scale = state.throttlePct / 100;
      return json(200, {
        miner: {
          miner_type: `Antminer S19j Pro (Vnish ${version})`,
          power_usage: hashing() ? Math.round(active().watts * scale) : 18,
          instant_hashrate: hashing() ? Number((active().ths * scale).toFixed(2)) : 0,
          average_hashrate: active().ths,
          miner_status: { miner_state: state.minerState },
          chains: [0, 1, 2].map((id) => ({ id, chip_temp: { min: 48, max: hashing() ? 66 + id : 35 } })),
        },
        system: { network_status: { mac: '02:9a:3c:11:7e:05', hostname: 'Antminer' } },
      });
    },
    'GET /info': () =>
      json(200, { miner: 'Antminer S19j Pro', model: 's19jpro', fw_name: 'Vnish', fw_version: version }),
    'GET /perf-summary': () => {
      const p = active();
      const current = { name: p.name, pretty: `${p.watts} watt ~ ${p.ths} TH`, status: 'tuned' };
      return json(200, { current_preset: current, preset_switcher: { enabled: false } });
    },
    'GET /settings': () =>
      json(200, { miner: { overclock: { preset: state.preset, globals: { volt: 1320 } } } }),
    'POST /settings': (r) => {
      const preset = (r.json as { miner?: { overclock?: { preset?: unknown } } } | undefined)?.miner
        ?.overclock?.preset;
      if (typeof preset === 'string' && presets.some((p) => p.name === preset) && !options.ignorePresetWrites)
        state.preset = preset;
      return saved();
    },
    'GET /autotune/presets': () =>
      json(
        200,
        presets.map((p) => ({
          name: p.name,
          pretty: `${p.watts} watt ~ ${p.ths} TH`,
          status: 'tuned',
          modded_psu_required: false,
        })),
      ),
    'POST /mining/pause': () => {
      setState('stopped');
      return json(200, {});
    },
    'POST /mining/resume': () => {
      setState('mining');
      return json(200, {});
    },
    'POST /mining/restart': () => {
      setState('mining');
      return json(200, {});
    },
    'POST /mining/throttle': (r) => {
      if (!throttle) return json(404, { err: 'Not found' });
      const percent = (r.json as { percent?: unknown } | undefined)?.percent;
      if (typeof percent !== 'number' || percent < 20 || percent > 100)
        return { status: 400, body: 'Invalid percent' };
      state.throttlePct = percent;
      return saved();
    },
  };

  const emulator = await startHttpEmulator({
    handler(r) {
      const path = r.path.replace(/^\/api\/v1/, '').split('?')[0]!;
      if (r.method === 'POST' && path === '/unlock') return unlock(r);
      const key = `${r.method} ${path}`;
      const route = routes[key];
      if (!route) return json(404, { err: 'Not found' });
      if (!authorized(r, key)) return json(401, { err: 'Unauthorized' });
      return route(r);
    },
    authReply: { status: 401, body: { err: 'Unauthorized' } },
    ...(options.slowMs !== undefined ? { slowMs: options.slowMs } : {}),
  });
  return Object.assign(emulator, {
    state,
    unlocks,
    expireTokens: () => state.tokens.clear(),
  });
}

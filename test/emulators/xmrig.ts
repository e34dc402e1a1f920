import { type HttpEmulator, type RecordedRequest, type Reply, startHttpEmulator } from './http-emulator.js';

/** Knobs of the emulated XMRig HTTP API (defaults: XMRig 6.22.2, restricted, no token, 15.2 kH/s). */
export interface XmrigEmulatorOptions {
  /** `http.access-token`; null = none. */
  accessToken?: string | null;
  /** `http.restricted`: every non-GET is refused with 403. */
  restricted?: boolean;
  hashrateHs?: number;
  /** The miner's clock (ms); hashrate windows fill up as it advances. */
  now?: () => number;
  slowMs?: number;
}

/** A running emulator plus its state. */
export interface XmrigEmulator extends HttpEmulator {
  readonly state: { paused: boolean };
  /** When true, JSON-RPC pause/resume answer OK but change nothing (a read-back mismatch). */
  ignoreCommands: boolean;
}

/** XMRig's HttpApiResponse error body: `{"status": <code>, "error": "<reason phrase>"}`. */
function apiError(status: number, reason: string): Reply {
  return { status, body: { status, error: reason } };
}

const KNOWN_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'POST', 'PUT']);

/**
 * XMRig's HTTP API (reference/miners.md §7, Httpd.cpp): bearer-token rules (401 without a header
 * when auth is required or with one when no token is set, 403 for a wrong one), 403 for any
 * non-GET while restricted, 415 without `Content-Type: application/json`, JSON-RPC pause/resume
 * on `/json_rpc`, and `hashrate.total` windows that stay null until enough time has passed.
 */
export async function startXmrigEmulator(options: XmrigEmulatorOptions = {}): Promise<XmrigEmulator> {
  const now = options.now ?? Date.now;
  const token = options.accessToken ?? null;
  const restricted = options.restricted ?? true;
  const hashrateHs = options.hashrateHs ?? 15_200;
  const startedAt = now();
  const state = { paused: false };
  let miningSince = startedAt;

  const auth = (request: RecordedRequest): number => {
    const header = request.headers.authorization;
    if (header === undefined) return token !== null || !restricted ? 401 : 200;
    if (token === null) return 401;
    return header === `Bearer ${token}` ? 200 : 403;
  };

  const windows = (): (number | null)[] => {
    if (state.paused) return [null, null, null];
    const age = (now() - miningSince) / 1000;
    return [10, 60, 900].map((window) => (age >= window ? hashrateHs : null));
  };

  const summary = () => ({
    id: '6f3f2a1c8d0b4e57',
    worker_id: 'den-pc',
    uptime: Math.round((now() - startedAt) / 1000),
    restricted,
    version: '6.22.2',
    kind: 'miner',
    ua: 'XMRig/6.22.2 (Linux x86_64) libuv/1.48.0 gcc/13.2.0',
    cpu: { brand: 'AMD Ryzen 7 5800X 8-Core Processor', aes: true, x64: true, cores: 8, threads: 16 },
    algo: 'rx/0',
    hugepages: true,
    donate_level: 1,
    paused: state.paused,
    hashrate: { total: windows(), highest: hashrateHs * 1.02 },
    results: {
      diff_current: 240_012,
      shares_good: 41,
      shares_total: 41,
      avg_time: 73,
      hashes_total: 61_234_112,
    },
    connection: { pool: 'pool.supportxmr.com:443', uptime: 953, ping: 35, failures: 0 },
  });

  const jsonRpc = (request: RecordedRequest): Reply => {
    const body = request.json as { method?: unknown; id?: unknown } | undefined;
    const id = body?.id ?? null;
    const error = (code: number, message: string) => ({
      status: 200,
      body: { id, jsonrpc: '2.0', error: { code, message } },
    });
    if (!body || typeof body !== 'object') return error(-32700, 'Parse error');
    if (typeof body.method !== 'string') return error(-32600, 'Invalid Request');
    if (body.method !== 'pause' && body.method !== 'resume' && body.method !== 'stop')
      return error(-32601, 'Method not found');
    if (!emulator.ignoreCommands) {
      const pause = body.method !== 'resume';
      if (state.paused && !pause) miningSince = now();
      state.paused = pause;
    }
    return { status: 200, body: { id, jsonrpc: '2.0', result: { status: 'OK' } } };
  };

  const handler = (request: RecordedRequest): Reply => {
    if (request.method === 'OPTIONS') return { status: 200 };
    if (!KNOWN_METHODS.has(request.method)) return apiError(405, 'Method Not Allowed');
    const status = auth(request);
    if (status === 401) return apiError(401, 'Unauthorized');
    if (status === 403) return apiError(403, 'Forbidden');
    if (request.method !== 'GET') {
      if (restricted) return apiError(403, 'Forbidden');
      if (request.headers['content-type'] !== 'application/json')
        return apiError(415, 'Unsupported Media Type');
    }
    const path = request.path.split('?')[0]!;
    if (request.method === 'GET' && ['/1/summary', '/2/summary', '/api.json'].includes(path))
      return { status: 200, body: summary() };
    if (request.method === 'POST' && path === '/json_rpc') return jsonRpc(request);
    return apiError(404, 'Not Found');
  };

  const http = await startHttpEmulator({
    handler,
    authReply: apiError(401, 'Unauthorized'),
    slowMs: options.slowMs,
  });
  const emulator: XmrigEmulator = Object.assign(http, { state, ignoreCommands: false });
  return emulator;
}

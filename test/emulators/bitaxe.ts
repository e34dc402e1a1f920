import { type HttpEmulator, type RecordedRequest, type Reply, startHttpEmulator } from './http-emulator.js';

/** Knobs of the emulated AxeOS device (defaults: a Bitaxe Gamma 601 on ESP-Miner v2.15.0). */
export interface BitaxeEmulatorOptions {
  /** Firmware version; `pauseApi: false` emulates one before v2.14.0. */
  version?: string;
  /** POST /api/system/pause|resume and `miningPaused` exist (v2.14.0+). */
  pauseApi?: boolean;
  hostname?: string;
  /**
   * Whether the client address counts as private. Real AxeOS accepts only 10/8, 172.16/12 and
   * 192.168/16; tests connect from 127.0.0.1, so the emulator treats that as the LAN unless told not to.
   */
  clientIsPrivate?: boolean;
  slowMs?: number;
}

/** A running emulator plus its state and test hooks. */
export interface BitaxeEmulator extends HttpEmulator {
  readonly state: {
    frequency: number;
    coreVoltage: number;
    paused: boolean;
    overheat: boolean;
    restarts: number;
    /** 1 = the firmware's temperature control sets the fan, 0 = the manual speed (openapi.yaml `Settings`). */
    autofanspeed: number;
    /**
     * The manual fan speed (%), used while `autofanspeed` is 0: PATCHed as `manualFanSpeed` since v2.11.0
     * (ESP-Miner main/nvs_config.c, NVS_CONFIG_MANUAL_FAN_SPEED: rest_name "manualFanSpeed", migrated from
     * the old "fanspeed" key), as `fanspeed` before.
     */
    fanspeed: number;
  };
  /** When true, PATCH answers 200 but the settings do not change (a read-back mismatch). */
  ignorePatch: boolean;
  /**
   * ESP-Miner's overheat protection (main/tasks/power_management_task.c, v2.11.0+): remembers the saved
   * frequency and voltage, stops mining and sets `overheat_mode` while it cools.
   */
  overheat(): void;
  /** The end of cooling: saves 100 MHz / 100 mV less than before (floors 400 MHz / 1000 mV), mines again, clears the flag. */
  cooled(): void;
}

const UNAUTHORIZED: Reply = { status: 401, body: 'Unauthorized', headers: { 'content-type': 'text/html' } };

function privateIp(ip: string): boolean {
  const parts = ip
    .replace(/^::ffff:/, '')
    .split('.')
    .map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return false;
  const [a, b] = parts as [number, number];
  return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
}

/**
 * ESP-Miner's HTTP API (reference/miners.md §6.1): no credentials but `is_network_allowed()` (401
 * for a public client or a foreign Origin), `PATCH /api/system` answering 200 with an empty body
 * or 400 `Wrong API input`, pause/resume on v2.14+, `{"error":"unknown route"}` 404 for other
 * `/api/*` paths, and a RAM-only pause flag that a restart clears.
 */
export async function startBitaxeEmulator(options: BitaxeEmulatorOptions = {}): Promise<BitaxeEmulator> {
  const pauseApi = options.pauseApi ?? true;
  // v2.11.0 renamed the manual fan setting to `manualFanSpeed`; GET keeps `fanspeed` as the live percent.
  const [major = 0, minor = 0] = (options.version ?? 'v2.15.0').replace(/^v/, '').split('.').map(Number);
  const manualKey = major > 2 || (major === 2 && minor >= 11) ? 'manualFanSpeed' : 'fanspeed';
  const hostname = options.hostname ?? 'bitaxe';
  const state = {
    frequency: 525,
    coreVoltage: 1150,
    paused: false,
    overheat: false,
    restarts: 0,
    autofanspeed: 1,
    fanspeed: 100,
  };
  let lastKnown = { frequency: state.frequency, coreVoltage: state.coreVoltage };
  const bootAt = Date.now();
  let bootOffsetS = 0;

  const allowed = (request: RecordedRequest, remoteAddress: string): boolean => {
    const clientOk =
      privateIp(remoteAddress) || ((options.clientIsPrivate ?? true) && remoteAddress.endsWith('127.0.0.1'));
    const origin = request.headers.origin;
    if (origin === undefined) return clientOk;
    const host = origin.replace(/^https?:\/\//, '').replace(/[:/].*$/, '');
    return clientOk && (privateIp(host) || host === hostname || host === `${hostname}.local`);
  };

  const info = () => {
    const stopped = state.paused || state.overheat;
    const powerW = stopped ? 3.1 : 20 * (state.frequency / 525) * (state.coreVoltage / 1150) ** 2;
    const hashRate = stopped ? 0 : (state.frequency * 2040) / 1000;
    const body: Record<string, unknown> = {
      power: Math.round(powerW * 1000) / 1000,
      voltage: 5083.75,
      current: Math.round((powerW / 5.08375) * 1000),
      temp: state.paused ? 34.5 : 42 + powerW,
      temp2: -1,
      vrTemp: 45,
      maxPower: 40,
      nominalVoltage: 5,
      hashRate,
      hashRate_1m: hashRate,
      expectedHashrate: (state.frequency * 2040) / 1000,
      bestDiff: pauseApi ? 4831235 : '483k', // a string like "483k" on older firmware
      coreVoltage: state.coreVoltage,
      coreVoltageActual: state.coreVoltage - 7,
      frequency: state.frequency,
      hostname,
      macAddr: '24:58:7C:CD:9A:10',
      uptimeSeconds: Math.round((Date.now() - bootAt) / 1000) - bootOffsetS,
      smallCoreCount: 2040,
      ASICModel: 'BM1370',
      boardVersion: '601',
      version: options.version ?? 'v2.15.0',
      axeOSVersion: options.version ?? 'v2.15.0',
      overheat_mode: state.overheat ? 1 : 0,
      // Auto: what the PID picks (30 % while paused, per PR #1608); manual: the set speed; 100 % in safe mode.
      fanspeed: state.overheat ? 100 : state.autofanspeed === 0 ? state.fanspeed : state.paused ? 30 : 62,
      autofanspeed: state.autofanspeed,
    };
    if (manualKey === 'manualFanSpeed') body.manualFanSpeed = state.fanspeed;
    if (pauseApi) body.miningPaused = state.paused;
    return body;
  };

  const patch = (request: RecordedRequest): Reply => {
    const body = request.json as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return { status: 400, body: 'Invalid JSON' };
    const { frequency, coreVoltage, autofanspeed } = body as Record<string, unknown>;
    // Keys a firmware does not know are ignored (an old `fanspeed` on v2.11+ changes nothing).
    const fanspeed = (body as Record<string, unknown>)[manualKey];
    const bad = (v: unknown, min: number, max: number) =>
      v !== undefined && (typeof v !== 'number' || v < min || v > max);
    // openapi.yaml `Settings`: autofanspeed enum [0, 1], the manual speed 0–100.
    if (
      bad(frequency, 1, 1000) ||
      bad(coreVoltage, 1, 1500) ||
      bad(autofanspeed, 0, 1) ||
      bad(fanspeed, 0, 100)
    )
      return { status: 400, body: 'Wrong API input' };
    if (!emulator.ignorePatch) {
      if (typeof frequency === 'number') state.frequency = frequency;
      if (typeof coreVoltage === 'number') state.coreVoltage = coreVoltage;
      if (typeof autofanspeed === 'number') state.autofanspeed = autofanspeed;
      if (typeof fanspeed === 'number') state.fanspeed = fanspeed;
    }
    return { status: 200, body: '' };
  };

  const routes: Record<string, (request: RecordedRequest) => Reply> = {
    'GET /api/system/info': () => ({ status: 200, body: info() }),
    'PATCH /api/system': patch,
    'POST /api/system/restart': () => {
      state.paused = false; // the pause flag lives in RAM only
      state.restarts += 1;
      bootOffsetS = Math.round((Date.now() - bootAt) / 1000);
      return { status: 200, body: { message: 'System will restart shortly.' } };
    },
  };
  if (pauseApi) {
    routes['POST /api/system/pause'] = () => {
      state.paused = true;
      return { status: 200, body: { message: 'Mining paused' } };
    };
    routes['POST /api/system/resume'] = () => {
      state.paused = false;
      return { status: 200, body: { message: 'Mining resumed' } };
    };
  }

  const handler = (request: RecordedRequest, remoteAddress: string): Reply => {
    if (!allowed(request, remoteAddress)) return UNAUTHORIZED;
    const path = request.path.split('?')[0]!;
    if (request.method === 'OPTIONS') {
      const cors = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
      return { status: 200, body: '', headers: { 'access-control-allow-methods': cors } };
    }
    const route = routes[`${request.method} ${path}`];
    if (route) return route(request);
    if (path.startsWith('/api/')) return { status: 404, body: { error: 'unknown route' } };
    return { status: 302, body: 'Redirect to the captive portal', headers: { location: '/' } };
  };

  const http = await startHttpEmulator({ handler, authReply: UNAUTHORIZED, slowMs: options.slowMs });
  const emulator: BitaxeEmulator = Object.assign(http, {
    state,
    ignorePatch: false,
    overheat() {
      lastKnown = { frequency: state.frequency, coreVoltage: state.coreVoltage };
      state.overheat = true;
    },
    cooled() {
      state.frequency = lastKnown.frequency > 100 ? lastKnown.frequency - 100 : 400;
      state.coreVoltage = lastKnown.coreVoltage > 100 ? lastKnown.coreVoltage - 100 : 1000;
      state.overheat = false;
    },
  });
  return emulator;
}

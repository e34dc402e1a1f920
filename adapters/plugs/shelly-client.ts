import type { AxiosResponse } from 'axios';
import { z } from 'zod';
import { DeviceError } from '../../src/errors.js';
import type { HttpClient } from '../http.js';
import { checkStatus, createHttp, parseJson, transportError } from '../http.js';
import { DigestSession, parseDigestChallenge } from './digest-auth.js';

/** Connection fields shared by the `shelly` miner and the `shelly` companion plug. */
export const shellyConnectionSchema = z.object({
  host: z
    .string()
    .min(1)
    .describe('IP address or host name of the Shelly Gen2+ device, optionally with :port'),
  switchId: z.number().int().nonnegative().default(0).describe('switch channel (0 on single-relay plugs)'),
  password: z
    .string()
    .min(1)
    .optional()
    .describe('device password when authentication is enabled (the user is always "admin")'),
});

/** How to reach one Shelly switch channel. */
export interface ShellyClientOptions {
  host: string;
  switchId: number;
  password?: string;
  /** Per-request timeout (ms). */
  timeoutMs: number;
}

/** One switch channel as `Switch.GetStatus` reports it. */
export interface ShellySwitchStatus {
  output: boolean;
  /** Active power (W); absent on models without metering. */
  powerW?: number;
  voltageV?: number;
  /** Energy counter (Wh). */
  energyWh?: number;
  temperatureC?: number;
}

/** Identity from `Shelly.GetDeviceInfo` (answered even when authentication is on). */
export interface ShellyDeviceInfo {
  id: string;
  model?: string;
  app?: string;
  firmware?: string;
  mac?: string;
  authEnabled: boolean;
}

/** Shelly Gen2+ RPC over HTTP for one switch channel. Every failure is a DeviceError. */
export interface ShellyClient {
  /** Any RPC method; resolves with its `result`. */
  call(method: string, params?: Record<string, unknown>): Promise<unknown>;
  switchStatus(): Promise<ShellySwitchStatus>;
  /** `Switch.Set`; `wasOn` is the output before the command. */
  setSwitch(on: boolean): Promise<{ wasOn?: boolean }>;
  deviceInfo(): Promise<ShellyDeviceInfo>;
}

const errorSchema = z.object({ code: z.number(), message: z.string() });
const frameSchema = z.object({
  id: z.unknown().optional(),
  result: z.unknown().optional(),
  error: errorSchema.optional(),
});
const optionalNumber = z.number().optional().catch(undefined);
const switchStatusSchema = z.object({
  output: z.boolean(),
  apower: optionalNumber,
  voltage: optionalNumber,
  aenergy: z.object({ total: optionalNumber }).optional().catch(undefined),
  temperature: z.object({ tC: optionalNumber }).optional().catch(undefined),
});
const setResultSchema = z.object({ was_on: z.boolean().optional() });
const deviceInfoSchema = z.object({
  id: z.string(),
  model: z.string().optional().catch(undefined),
  app: z.string().optional().catch(undefined),
  ver: z.string().optional().catch(undefined),
  mac: z.string().optional().catch(undefined),
  auth_en: z.boolean().optional().catch(undefined),
});

/** Maps a Shelly RPC error object to a typed error. */
function rpcError(error: { code: number; message: string }, what: string): DeviceError {
  const text = `${what}: device error ${error.code} (${error.message})`;
  if (error.code === 401) return new DeviceError('AUTH', text, false);
  // -105 "not found" (e.g. a wrong switch id), 404 "no handler", -103 "invalid argument": retrying won't help.
  if (error.code === -105 || error.code === 404 || error.code === -103)
    return new DeviceError('UNSUPPORTED', text, false);
  return new DeviceError('REFUSED', text, true);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new DeviceError(
    'BAD_RESPONSE',
    `${what}: unexpected reply (${issue?.path.join('.')}: ${issue?.message})`,
  );
}

/** Throws for a non-2xx reply, naming the device's own error when the body carries one. */
function checkReply(response: AxiosResponse, what: string, hasPassword: boolean): void {
  if (response.status === 401) {
    throw new DeviceError(
      'AUTH',
      hasPassword ? `${what}: password rejected` : `${what}: device is password-protected; set its password`,
      false,
    );
  }
  if (response.status >= 200 && response.status < 300) return;
  // GET/POST /rpc/<Method> report RPC errors as an HTTP error with a {code, message} body.
  const body = (() => {
    try {
      return JSON.parse(String(response.data)) as unknown;
    } catch {
      return undefined;
    }
  })();
  const error = errorSchema.safeParse(body);
  if (error.success) throw rpcError(error.data, what);
  const frame = frameSchema.safeParse(body);
  if (frame.success && frame.data.error) throw rpcError(frame.data.error, what);
  checkStatus(response, what);
}

/** A client for one Shelly switch: JSON-RPC frames over `POST /rpc`, digest auth when a password is set. */
export function createShellyClient(options: ShellyClientOptions): ShellyClient {
  const baseURL = /^https?:\/\//.test(options.host) ? options.host : `http://${options.host}`;
  const http: HttpClient = createHttp(baseURL, options.timeoutMs);
  const session = options.password ? new DigestSession('admin', options.password) : undefined;
  let nextId = 1;
  // One request at a time: Shelly serves only a few HTTP RPC channels at once, and the plug may be shared.
  let queue: Promise<unknown> = Promise.resolve();

  async function post(body: string, what: string): Promise<AxiosResponse> {
    const authorization = session?.authorization('POST', '/rpc');
    try {
      return await http.request({
        method: 'POST',
        url: '/rpc',
        data: body,
        headers: {
          'Content-Type': 'application/json',
          ...(authorization ? { Authorization: authorization } : {}),
        },
      });
    } catch (error) {
      throw transportError(error, what);
    }
  }

  async function send(method: string, params: Record<string, unknown>): Promise<unknown> {
    const what = `shelly ${options.host} ${method}`;
    const id = nextId++;
    const body = JSON.stringify({ id, src: 'hashheat', method, params });
    let response = await post(body, what);
    if (response.status === 401 && session) {
      // Our nonce is unknown or expired: answer the fresh challenge once.
      const challenge = parseDigestChallenge(String(response.headers['www-authenticate'] ?? ''));
      if (!challenge) throw new DeviceError('AUTH', `${what}: HTTP 401 without a digest challenge`, false);
      session.accept(challenge);
      response = await post(body, what);
    }
    checkReply(response, what, session !== undefined);
    const frame = parseWith(frameSchema, parseJson(response.data, what), what);
    if (frame.error) throw rpcError(frame.error, what);
    if (frame.id !== undefined && frame.id !== id)
      throw new DeviceError('BAD_RESPONSE', `${what}: reply to request ${String(frame.id)}, expected ${id}`);
    if (frame.result === undefined) throw new DeviceError('BAD_RESPONSE', `${what}: reply without a result`);
    return frame.result;
  }

  function call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const run = queue.then(
      () => send(method, params),
      () => send(method, params),
    );
    queue = run.catch(() => undefined);
    return run;
  }

  const label = (method: string) => `shelly ${options.host} ${method}`;
  return {
    call,
    async switchStatus() {
      const raw = await call('Switch.GetStatus', { id: options.switchId });
      const s = parseWith(switchStatusSchema, raw, label('Switch.GetStatus'));
      return {
        output: s.output,
        ...(s.apower !== undefined ? { powerW: Math.max(0, s.apower) } : {}),
        ...(s.voltage !== undefined ? { voltageV: s.voltage } : {}),
        ...(s.aenergy?.total !== undefined ? { energyWh: s.aenergy.total } : {}),
        ...(s.temperature?.tC !== undefined ? { temperatureC: s.temperature.tC } : {}),
      };
    },
    async setSwitch(on) {
      const raw = await call('Switch.Set', { id: options.switchId, on });
      const r = parseWith(setResultSchema, raw, label('Switch.Set'));
      return r.was_on !== undefined ? { wasOn: r.was_on } : {};
    },
    async deviceInfo() {
      const raw = await call('Shelly.GetDeviceInfo');
      const d = parseWith(deviceInfoSchema, raw, label('Shelly.GetDeviceInfo'));
      return {
        id: d.id,
        authEnabled: d.auth_en ?? false,
        ...(d.model ? { model: d.model } : {}),
        ...(d.app ? { app: d.app } : {}),
        ...(d.ver ? { firmware: d.ver } : {}),
        ...(d.mac ? { mac: d.mac } : {}),
      };
    },
  };
}

import type { AxiosResponse } from 'axios';
import { DeviceError } from '../../../src/errors.js';
import type { Deps } from '../../../src/ports.js';
import type { HttpClient } from '../../http.js';
import { checkStatus, parseJson, transportError } from '../../http.js';

/** Log in this long before the device's sliding session expiry would end (ms). */
const EXPIRY_MARGIN_MS = 60_000;

/** The text a device gave with an error status (its JSON `message`, else the body's head). */
function deviceMessage(response: AxiosResponse): string {
  const text = typeof response.data === 'string' ? response.data : JSON.stringify(response.data ?? '');
  try {
    const message = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof message === 'string' && message) return message;
  } catch {}
  return text.slice(0, 120).replace(/\s+/g, ' ') || `HTTP ${response.status}`;
}

/**
 * Braiins OS public REST API (`/api/v1`) with its session token: `POST /auth/login` returns a raw
 * token (sent as `Authorization: <token>`, no `Bearer`) with a sliding expiry (`timeout_s`, 3600 s).
 * The client logs in lazily, again before the session would lapse, and once more when the device
 * answers 401 (UNAUTHENTICATED, e.g. after a reboot), retrying the call once — never in a loop.
 */
export class BraiinsClient {
  private token: string | undefined;
  private timeoutMs = 3_600_000;
  private lastUsedAt = 0;
  private pendingLogin: Promise<string> | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: { username: string; password: string },
    private readonly deps: Deps,
  ) {}

  /** One REST call under `/api/v1`; returns the parsed JSON body (or undefined for an empty one). */
  async call(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const what = `Braiins OS ${method} ${path}`;
    let token = await this.validToken();
    let response = await this.send({ method, path, body, token, what });
    if (response.status === 401) {
      // Parallel reads all see the same 401; the first one to notice drops the token and says so.
      if (this.token === token) {
        this.token = undefined;
        this.deps.logger.debug({ path }, 'Braiins OS session token rejected; logging in again');
      }
      token = await this.validToken();
      response = await this.send({ method, path, body, token, what });
      if (response.status === 401)
        throw new DeviceError('AUTH', `${what}: token refused right after a fresh login`, false);
    }
    if (response.status === 400) {
      // INVALID_ARGUMENT, e.g. "power target [0W] is not in allowed range [Some(1700), Some(6500)]".
      throw new DeviceError('REFUSED', `${what}: ${deviceMessage(response)}`, false);
    }
    checkStatus(response, what);
    this.lastUsedAt = this.deps.clock.now();
    if (typeof response.data === 'string' && response.data.trim() === '') return undefined;
    return parseJson(response.data, what);
  }

  private async send(request: {
    method: string;
    path: string;
    body: unknown;
    token: string;
    what: string;
  }): Promise<AxiosResponse> {
    try {
      return await this.http.request({
        method: request.method,
        url: request.path,
        headers: { authorization: request.token },
        ...(request.body !== undefined ? { data: request.body } : {}),
      });
    } catch (error) {
      throw transportError(error, request.what);
    }
  }

  private validToken(): Promise<string> {
    const fresh = this.deps.clock.now() - this.lastUsedAt < this.timeoutMs - EXPIRY_MARGIN_MS;
    if (this.token && fresh) return Promise.resolve(this.token);
    this.pendingLogin ??= this.login().finally(() => {
      this.pendingLogin = undefined;
    });
    return this.pendingLogin;
  }

  private async login(): Promise<string> {
    const what = 'Braiins OS POST /api/v1/auth/login';
    let response: AxiosResponse;
    try {
      response = await this.http.post('/api/v1/auth/login', this.credentials);
    } catch (error) {
      throw transportError(error, what);
    }
    if (response.status === 401 || response.status === 403) {
      throw new DeviceError(
        'AUTH',
        `Braiins OS refused the login of user "${this.credentials.username}": wrong username or password`,
        false,
      );
    }
    if (response.status === 404 || response.status === 405) {
      throw new DeviceError(
        'UNSUPPORTED',
        `${what}: HTTP ${response.status}; not a Braiins OS REST API`,
        false,
      );
    }
    checkStatus(response, what);
    const reply = parseJson(response.data, what) as { token?: unknown; timeout_s?: unknown } | null;
    if (typeof reply?.token !== 'string' || reply.token === '')
      throw new DeviceError('BAD_RESPONSE', `${what}: no token in the reply`, true);
    this.token = reply.token;
    if (typeof reply.timeout_s === 'number' && reply.timeout_s > 0) this.timeoutMs = reply.timeout_s * 1000;
    this.lastUsedAt = this.deps.clock.now();
    this.deps.logger.debug({ user: this.credentials.username }, 'logged in to Braiins OS');
    return reply.token;
  }
}

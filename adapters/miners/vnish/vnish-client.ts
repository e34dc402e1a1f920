import type { AxiosResponse } from 'axios';
import { DeviceError } from '../../../src/errors.js';
import type { Deps } from '../../../src/ports.js';
import type { HttpClient } from '../../http.js';
import { checkStatus, parseJson, transportError } from '../../http.js';

/** How to authenticate: the web password (unlocked into a bearer token) or an API key (`x-api-key`). */
export interface VnishCredentials {
  password?: string;
  apiKey?: string;
}

// After a 429 the device wants a rest: wait 60 s, doubling to 15 min while it keeps refusing.
const FIRST_LOCKOUT_MS = 60_000;
const MAX_LOCKOUT_MS = 15 * 60_000;
// A rejected password is not tried again for this long (each try counts towards the 429 limit).
const WRONG_PASSWORD_PAUSE_MS = 5 * 60_000;

/**
 * Vnish REST API `/api/v1` (reference miners.md §6.2). With a password it unlocks lazily
 * (`POST /unlock {"pw"}` → token, sent as `Authorization: Bearer <token>`) and once more when a call
 * answers 401, retrying that call once. It never hammers the unlock endpoint: after `429 Too many
 * requests` it backs off (60 s doubling to 15 min) and after `403` (wrong password) it waits 5 min,
 * failing fast meanwhile without contacting the device.
 */
export class VnishClient {
  private token: string | undefined;
  private pendingUnlock: Promise<string> | undefined;
  private heldUntil = 0;
  private held: DeviceError | undefined;
  private lockouts = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: VnishCredentials,
    private readonly deps: Deps,
  ) {}

  /** One call under `/api/v1`; the parsed JSON body, or undefined for an empty one. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const what = `Vnish ${method} /api/v1${path}`;
    let header = await this.authHeader();
    let response = await this.send({ method, path, body, header, what });
    if (response.status === 401 && this.credentials.password && !this.credentials.apiKey) {
      if (this.token && header.authorization === `Bearer ${this.token}`) {
        this.token = undefined;
        this.deps.logger.debug({ path }, 'Vnish token rejected; unlocking again');
      }
      header = await this.authHeader();
      response = await this.send({ method, path, body, header, what });
    }
    if (response.status === 400) {
      throw new DeviceError('REFUSED', `${what}: ${String(response.data).slice(0, 120)}`, false);
    }
    checkStatus(response, what);
    if (typeof response.data === 'string' && response.data.trim() === '') return undefined;
    return parseJson(response.data, what);
  }

  private async authHeader(): Promise<Record<string, string>> {
    if (this.credentials.apiKey) return { 'x-api-key': this.credentials.apiKey };
    if (!this.credentials.password) return {};
    if (!this.token) {
      this.pendingUnlock ??= this.unlock().finally(() => {
        this.pendingUnlock = undefined;
      });
      this.token = await this.pendingUnlock;
    }
    return { authorization: `Bearer ${this.token}` };
  }

  private async send(request: {
    method: string;
    path: string;
    body: unknown;
    header: Record<string, string>;
    what: string;
  }): Promise<AxiosResponse> {
    try {
      return await this.http.request({
        method: request.method,
        url: `/api/v1${request.path}`,
        headers: request.header,
        ...(request.body !== undefined ? { data: request.body } : {}),
      });
    } catch (error) {
      throw transportError(error, request.what);
    }
  }

  private async unlock(): Promise<string> {
    const now = this.deps.clock.now();
    if (this.held && now < this.heldUntil) {
      const waitS = Math.ceil((this.heldUntil - now) / 1000);
      throw new DeviceError(
        this.held.code,
        `${this.held.message} (next try in ${waitS} s)`,
        this.held.retryable,
      );
    }
    const what = 'Vnish POST /api/v1/unlock';
    let response: AxiosResponse;
    try {
      response = await this.http.post('/api/v1/unlock', { pw: this.credentials.password });
    } catch (error) {
      throw transportError(error, what);
    }
    if (response.status === 429) {
      const lockMs = Math.min(MAX_LOCKOUT_MS, FIRST_LOCKOUT_MS * 2 ** this.lockouts);
      this.lockouts += 1;
      return this.hold(
        lockMs,
        new DeviceError('REFUSED', `${what}: 429 too many unlock attempts; backing off`, true),
      );
    }
    if (response.status === 403) {
      const error = new DeviceError('AUTH', `${what}: Vnish refused the password (HTTP 403)`, false);
      return this.hold(WRONG_PASSWORD_PAUSE_MS, error);
    }
    if (response.status === 401) throw new DeviceError('AUTH', `${what}: HTTP 401`, false);
    if (response.status === 404)
      throw new DeviceError('UNSUPPORTED', `${what}: HTTP 404; not a Vnish API`, false);
    checkStatus(response, what);
    const token = (parseJson(response.data, what) as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || token === '')
      throw new DeviceError('BAD_RESPONSE', `${what}: no token`, true);
    this.lockouts = 0;
    this.held = undefined;
    this.deps.logger.debug('unlocked the Vnish API');
    return token;
  }

  private hold(ms: number, error: DeviceError): never {
    this.heldUntil = this.deps.clock.now() + ms;
    this.held = error;
    throw error;
  }
}

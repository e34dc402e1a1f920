import type { AxiosResponse } from 'axios';
import { DeviceError } from '../../../src/errors.js';
import { checkStatus, parseJson, transportError } from '../../http.js';
import { DigestSession, parseDigestChallenge } from '../../plugs/digest-auth.js';
import { type DeviceHttp, deviceHttp } from '../http-target.js';

/** Where a stock Antminer's web UI is and its login (HTTP digest, `root`/`root` out of the box). */
export interface AntminerWebOptions {
  host: string;
  /** Web UI port (80). */
  port: number;
  username: string;
  password: string;
  timeoutMs: number;
}

/** The stock web UI's CGI scripts (reference miners.md §1.5; pyasic `web/antminer.py`). */
export interface AntminerWeb {
  /** `GET /cgi-bin/<name>.cgi` as JSON. */
  get(name: string): Promise<Record<string, unknown>>;
  /** `POST /cgi-bin/<name>.cgi` with a JSON body, the reply as JSON. */
  post(name: string, body: unknown): Promise<Record<string, unknown>>;
  close(): void;
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return value as Record<string, unknown>;
  throw new DeviceError('BAD_RESPONSE', `${what}: reply is not a JSON object`, true);
}

/** A digest-authenticated client for one Antminer's `/cgi-bin/*.cgi`; a nonce is reused while the device allows. */
export function createAntminerWeb(options: AntminerWebOptions): AntminerWeb {
  const device: DeviceHttp = deviceHttp({
    host: options.host,
    defaultPort: options.port,
    timeoutMs: options.timeoutMs,
  });
  const session = new DigestSession(options.username, options.password);

  async function send(
    method: 'GET' | 'POST',
    uri: string,
    body: unknown,
    what: string,
  ): Promise<AxiosResponse> {
    const authorization = session.authorization(method, uri);
    try {
      return await device.http.request({
        method,
        url: uri,
        ...(body === undefined ? {} : { data: JSON.stringify(body) }),
        headers: {
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(authorization ? { Authorization: authorization } : {}),
        },
      });
    } catch (error) {
      throw transportError(error, what);
    }
  }

  async function call(
    method: 'GET' | 'POST',
    name: string,
    body?: unknown,
  ): Promise<Record<string, unknown>> {
    const uri = `/cgi-bin/${name}.cgi`;
    const what = `Antminer ${method} ${uri}`;
    let response = await send(method, uri, body, what);
    if (response.status === 401) {
      const challenge = parseDigestChallenge(String(response.headers['www-authenticate'] ?? ''));
      if (!challenge) throw new DeviceError('AUTH', `${what}: HTTP 401 without a digest challenge`, false);
      session.accept(challenge);
      response = await send(method, uri, body, what);
      if (response.status === 401) {
        throw new DeviceError(
          'AUTH',
          `${what}: the web UI refused user "${options.username}" (wrong password? the stock login is root/root)`,
          false,
        );
      }
    }
    if (response.status === 404) {
      throw new DeviceError(
        'UNSUPPORTED',
        `${what}: HTTP 404; no stock Bitmain web UI (custom firmware?)`,
        false,
      );
    }
    checkStatus(response, what);
    return asRecord(parseJson(response.data, what), what);
  }

  return {
    get: (name) => call('GET', name),
    post: (name, body) => call('POST', name, body),
    close: () => device.close(),
  };
}

import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { DeviceError } from '../src/errors.js';

/**
 * What adapters use of an HTTP client: axios's `request` and `post`, and the defaults set before the
 * first request. axios itself (about 25 MiB resident with its dependencies) is loaded on the first
 * request, so an agent whose config makes no HTTP calls never loads it.
 */
export interface HttpClient {
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>;
  /** Settings for every request; change them before the first request. */
  defaults: Pick<AxiosRequestConfig, 'httpAgent' | 'maxRedirects'>;
}

/** An HTTP client for one device or API: bounded by `timeoutMs`, never throwing on HTTP status (callers map it). */
export function createHttp(
  baseURL: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): HttpClient {
  const defaults: HttpClient['defaults'] = {};
  let instance: Promise<AxiosInstance> | undefined;
  const load = () => {
    instance ??= import('axios').then(({ default: axios }) =>
      axios.create({
        baseURL,
        timeout: timeoutMs,
        headers,
        validateStatus: () => true,
        // Parse JSON ourselves so a broken body becomes BAD_RESPONSE with context, not a silent string.
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        maxContentLength: 16 * 1024 * 1024,
        ...defaults,
      }),
    );
    return instance;
  };
  return {
    defaults,
    request: async (config) => (await load()).request(config),
    post: async (url, data, config) => (await load()).post(url, data, config),
  };
}

/** axios marks its own errors (the flag is part of its documented `AxiosError` shape). */
function isAxiosError(error: unknown): error is { code?: string; message: string } {
  return (
    typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true
  );
}

/** Maps a transport failure (refused, reset, timeout, DNS) to a typed DeviceError. */
export function transportError(error: unknown, what: string): DeviceError {
  if (error instanceof DeviceError) return error;
  if (isAxiosError(error)) {
    const code = error.code ?? '';
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message)) {
      return new DeviceError('TIMEOUT', `${what}: no answer in time`, true, { cause: error });
    }
    return new DeviceError('UNREACHABLE', `${what}: ${code || error.message}`, true, { cause: error });
  }
  return new DeviceError('UNREACHABLE', `${what}: ${String(error)}`, true, { cause: error });
}

/** Throws AUTH for 401/403, BAD_RESPONSE for any other non-2xx status. */
export function checkStatus(response: AxiosResponse, what: string): void {
  if (response.status === 401 || response.status === 403) {
    throw new DeviceError(
      'AUTH',
      `${what}: HTTP ${response.status} (check credentials or access settings)`,
      false,
    );
  }
  if (response.status < 200 || response.status >= 300) {
    throw new DeviceError('BAD_RESPONSE', `${what}: HTTP ${response.status}`, response.status >= 500);
  }
}

/** Parses a JSON body or throws BAD_RESPONSE naming what was asked. */
export function parseJson(body: unknown, what: string): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    const head = body.slice(0, 60).replace(/\s+/g, ' ');
    throw new DeviceError('BAD_RESPONSE', `${what}: not JSON (${head || 'empty body'})`, true);
  }
}

/** One request: transport errors, HTTP status and JSON parsing all mapped to DeviceError. */
export async function requestJson(
  http: HttpClient,
  config: AxiosRequestConfig,
  what: string,
): Promise<unknown> {
  let response: AxiosResponse;
  try {
    response = await http.request(config);
  } catch (error) {
    throw transportError(error, what);
  }
  checkStatus(response, what);
  return parseJson(response.data, what);
}

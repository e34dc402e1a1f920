import { Agent } from 'node:http';
import { z } from 'zod';
import { DeviceError } from '../../src/errors.js';
import type { HttpClient } from '../http.js';
import { createHttp } from '../http.js';

/** Config field `host`: IP address or host name, optionally with `:port` (as for Shelly devices). */
export const hostSchema = z
  .string()
  .min(1)
  .regex(/^[^/\s]+$/, 'an IP address or host name, optionally with :port (no http://, no path)')
  .describe('IP address or host name of the device, optionally with :port');

/** True when `host` names a port (`10.0.0.5:8080`, `[fe80::1]:8080`; a bare IPv6 address has none). */
export function hasPort(host: string): boolean {
  if (host.startsWith('[')) return /\]:\d+$/.test(host);
  return /^[^:]+:\d+$/.test(host);
}

/** `http://host[:port]` for a config `host`; `defaultPort` applies when the host names none. */
export function baseUrl(host: string, defaultPort: number): string {
  if (hasPort(host)) return `http://${host}`;
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return defaultPort === 80 ? `http://${bracketed}` : `http://${bracketed}:${defaultPort}`;
}

/** An HTTP client for one device plus a way to release its sockets on `close()`. */
export interface DeviceHttp {
  http: HttpClient;
  close(): void;
}

/**
 * The shared `createHttp` bound to one device, with its own agent and no keep-alive: small
 * devices (an ESP32 serves ~20 sockets) should not hold idle connections between 30 s polls.
 */
export function deviceHttp(options: {
  host: string;
  defaultPort: number;
  timeoutMs: number;
  headers?: Record<string, string>;
}): DeviceHttp {
  const http = createHttp(baseUrl(options.host, options.defaultPort), options.timeoutMs, options.headers);
  const agent = new Agent({ keepAlive: false });
  http.defaults.httpAgent = agent;
  // A device answering an unknown path with a redirect to its web UI must surface as that status.
  http.defaults.maxRedirects = 0;
  return { http, close: () => agent.destroy() };
}

/** Where a probe URL points: a config `host` (with the URL's port, if any) and any credentials in it. */
export interface ProbeTarget {
  host: string;
  username?: string;
  password?: string;
}

/**
 * Reads `scheme://[user[:password]@]host[:port]` for `hashheat probe`. Accepts the family's own
 * scheme and `http:`; anything else is UNSUPPORTED so the prober moves on to the next family.
 */
export function probeTarget(url: URL, scheme: string): ProbeTarget {
  if (url.protocol !== `${scheme}:` && url.protocol !== 'http:') {
    throw new DeviceError('UNSUPPORTED', `${url.protocol}// is not a ${scheme} URL`, false);
  }
  if (!url.hostname) throw new DeviceError('UNSUPPORTED', `no host in ${url.protocol}// URL`, false);
  const target: ProbeTarget = { host: url.port ? `${url.hostname}:${url.port}` : url.hostname };
  if (url.username) target.username = decodeURIComponent(url.username);
  if (url.password) target.password = decodeURIComponent(url.password);
  return target;
}

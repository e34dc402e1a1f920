import { DeviceError } from '../src/errors.js';

/** Default bound on one probe call when the URL does not say (ms). */
export const PROBE_TIMEOUT_MS = 3000;

/** Host and port of a probe URL (`avalon://10.0.0.5`, `tcp://10.0.0.5:4028`), with the family's default port. */
export function probeEndpoint(url: URL, defaultPort: number): { host: string; port: number } {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) throw new DeviceError('UNREACHABLE', `${url.href}: no host in the URL`, false);
  const port = url.port ? Number(url.port) : defaultPort;
  return { host, port };
}

/** The per-call timeout `hashheat probe` passes as `?timeoutMs=` (ms), else PROBE_TIMEOUT_MS. */
export function probeTimeoutMs(url: URL): number {
  const value = Number(url.searchParams.get('timeoutMs'));
  return Number.isFinite(value) && value > 0 ? value : PROBE_TIMEOUT_MS;
}

/** `${NAME}`: a secret in a suggested config, read from the environment when the config loads. */
export function envReference(name: string): string {
  return `\${${name}}`;
}

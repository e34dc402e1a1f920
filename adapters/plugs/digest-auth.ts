import { createHash, randomBytes } from 'node:crypto';

/** The parameters of a `WWW-Authenticate: Digest …` challenge (RFC 7616). */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  /** `SHA-256` (what Shelly Gen2+ sends) or `MD5`; `-sess` variants are not supported. */
  algorithm: 'SHA-256' | 'MD5';
  /** `auth` when the server offers it; undefined for the legacy RFC 2069 form. */
  qop?: 'auth';
  opaque?: string;
}

/** Parses a `Digest` challenge header; undefined when it is not one we can answer. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  // key=value or key="quoted, value" pairs separated by commas.
  for (const match of header
    .replace(/^\s*digest\s+/i, '')
    .matchAll(/([a-z0-9_-]+)\s*=\s*("([^"]*)"|[^,\s]*)/gi)) {
    params.set(match[1]!.toLowerCase(), match[3] ?? match[2]!);
  }
  const realm = params.get('realm');
  const nonce = params.get('nonce');
  const algorithm = (params.get('algorithm') ?? 'MD5').toUpperCase();
  if (realm === undefined || !nonce) return undefined;
  if (algorithm !== 'SHA-256' && algorithm !== 'MD5') return undefined;
  const qops = (params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase());
  if (params.has('qop') && !qops.includes('auth')) return undefined;
  const opaque = params.get('opaque');
  return {
    realm,
    nonce,
    algorithm,
    ...(qops.includes('auth') ? { qop: 'auth' as const } : {}),
    ...(opaque !== undefined ? { opaque } : {}),
  };
}

function hash(algorithm: DigestChallenge['algorithm'], text: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
    .update(text)
    .digest('hex');
}

/** What one request's digest response is computed from. */
export interface DigestInput {
  challenge: DigestChallenge;
  username: string;
  password: string;
  /** HTTP method, e.g. `POST`. */
  method: string;
  /** Request target exactly as sent, e.g. `/rpc`. */
  uri: string;
  /** Nonce count (1 for the first use of a nonce). */
  nc: number;
  cnonce: string;
}

/** The `response` hash of RFC 7616 §3.4.1 (hex). */
export function digestResponse(input: DigestInput): string {
  const { challenge: c, username, password, method, uri } = input;
  const ha1 = hash(c.algorithm, `${username}:${c.realm}:${password}`);
  const ha2 = hash(c.algorithm, `${method}:${uri}`);
  if (!c.qop) return hash(c.algorithm, `${ha1}:${c.nonce}:${ha2}`);
  return hash(c.algorithm, `${ha1}:${c.nonce}:${ncText(input.nc)}:${input.cnonce}:auth:${ha2}`);
}

function ncText(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

/** The `Authorization` header value answering `challenge` for one request. */
export function digestAuthorization(input: DigestInput): string {
  const c = input.challenge;
  const parts = [
    `username="${input.username}"`,
    `realm="${c.realm}"`,
    `nonce="${c.nonce}"`,
    `uri="${input.uri}"`,
    `algorithm=${c.algorithm}`,
    `response="${digestResponse(input)}"`,
  ];
  if (c.qop) parts.push('qop=auth', `nc=${ncText(input.nc)}`, `cnonce="${input.cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/**
 * Digest credentials for one device: remembers the last challenge and counts its uses, so a device
 * that allows nonce reuse (Shelly firmware 2.0+: one nonce for up to an hour) needs one 401 round
 * trip per nonce instead of one per request; older firmware simply challenges again.
 */
export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private nc = 0;

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** Takes a fresh challenge (after a 401); the nonce count restarts at 1. */
  accept(challenge: DigestChallenge): void {
    this.challenge = challenge;
    this.nc = 0;
  }

  /** The header for the next request, or undefined before the first challenge. */
  authorization(method: string, uri: string): string | undefined {
    if (!this.challenge) return undefined;
    this.nc += 1;
    return digestAuthorization({
      challenge: this.challenge,
      username: this.username,
      password: this.password,
      method,
      uri,
      nc: this.nc,
      cnonce: randomBytes(12).toString('hex'),
    });
  }
}

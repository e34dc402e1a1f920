import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { md5CryptHash } from './md5-crypt.js';

// Whatsminer write authentication (reference miners.md §4.1 for API v2, §4.2 for API v3).

/** What API v2 `get_token` returns in `Msg` (all strings). */
export interface WhatsminerV2Token {
  time: string;
  salt: string;
  newsalt: string;
}

/** What one v2 write needs: the signed token and the AES key derived from the admin password. */
export interface WhatsminerV2Credentials {
  /** `host_sign`: md5-crypt of (password hash + time) with `newsalt`, hash part only. */
  sign: string;
  /** AES-256 key: SHA-256 of `host_passwd_md5` (32 raw bytes). */
  key: Buffer;
}

/** Derives the v2 write credentials from the admin password and a fresh `get_token` reply. */
export function v2Credentials(password: string, token: WhatsminerV2Token): WhatsminerV2Credentials {
  const passwdMd5 = md5CryptHash(password, token.salt);
  return {
    sign: md5CryptHash(passwdMd5 + token.time, token.newsalt),
    key: createHash('sha256').update(passwdMd5).digest(),
  };
}

/** AES-256-ECB of `text` padded with NUL bytes to a multiple of 16, as base64 (no PKCS#7: the miner wants NULs). */
export function aesEcbEncrypt(key: Buffer, text: string): string {
  const plain = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc(Math.ceil(plain.length / 16) * 16 || 16);
  plain.copy(padded);
  const cipher = createCipheriv('aes-256-ecb', key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

/** Reverses `aesEcbEncrypt`: base64 → AES-256-ECB → text without its trailing NULs. Throws on a bad length. */
export function aesEcbDecrypt(key: Buffer, base64: string): string {
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) {
    throw new Error(`encrypted reply of ${data.length} bytes is not whole AES blocks`);
  }
  const decipher = createDecipheriv('aes-256-ecb', key, null);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end -= 1;
  return plain.subarray(0, end).toString('utf8');
}

/** The v2 write envelope `{"enc":1,"data":"<base64>"}` around `{cmd, token, ...params}`. */
export function v2Envelope(
  cmd: string,
  params: Record<string, string>,
  credentials: WhatsminerV2Credentials,
): string {
  const inner = JSON.stringify({ cmd, ...params, token: credentials.sign });
  return JSON.stringify({ enc: 1, data: aesEcbEncrypt(credentials.key, inner) });
}

/** API v3 per-command token: the first 8 characters of base64(SHA-256(cmd + password + salt + ts)). */
export function v3Token(cmd: string, password: string, salt: string, tsS: number): string {
  return createHash('sha256').update(`${cmd}${password}${salt}${tsS}`).digest('base64').slice(0, 8);
}

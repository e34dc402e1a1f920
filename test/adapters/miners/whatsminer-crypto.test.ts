import { describe, expect, it } from 'vitest';
import { md5Crypt, md5CryptHash, md5CryptSalt } from '../../../adapters/miners/whatsminer/md5-crypt.js';
import {
  aesEcbDecrypt,
  aesEcbEncrypt,
  v2Credentials,
  v2Envelope,
  v3Token,
} from '../../../adapters/miners/whatsminer/whatsminer-crypto.js';

// Expected values computed with `openssl passwd -1 -salt`, `openssl enc -aes-256-ecb -nopad` and
// `openssl dgst -sha256 -binary | base64` (OpenSSL 3), not with the code under test.
describe('md5-crypt ($1$)', () => {
  it.each([
    ['admin', 'BQ5hoXV9', '$1$BQ5hoXV9$RxmaDUO33TS7O26yeMHZ81'],
    ['password', 'saltsalt', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
    ['super', 'abc', '$1$abc$IlaydZFkIw3T88W9IAEdf1'],
    ['', 'xyz', '$1$xyz$kjXWClpYD0.j9bPLUk/Ii.'],
    ['a-very-long-password-over-16-bytes', '12345678', '$1$12345678$WbKvIhyTBXaDS.FhI3x8e1'],
  ])('md5Crypt(%j, %j) matches openssl passwd -1', (password, salt, expected) => {
    expect(md5Crypt(password, salt)).toBe(expected);
  });

  it('takes a salt with or without $1$, cut at $ and 8 characters', () => {
    expect(md5CryptSalt('$1$BQ5hoXV9$whatever')).toBe('BQ5hoXV9');
    expect(md5CryptSalt('0123456789')).toBe('01234567');
    expect(md5CryptHash('admin', '$1$BQ5hoXV9$')).toBe('RxmaDUO33TS7O26yeMHZ81');
  });
});

describe('Whatsminer crypto', () => {
  const key = Buffer.from('199e0a202039bb7b558db7a54697dca29cb278055b7e659a127fb844d5a2fbf6', 'hex');

  it('derives the v2 key as SHA-256 of the md5-crypt hash and signs time with newsalt', () => {
    const creds = v2Credentials('admin', { time: '1736938800', salt: 'BQ5hoXV9', newsalt: 'saltsalt' });
    expect(creds.key.equals(key)).toBe(true);
    expect(creds.sign).toBe(md5CryptHash('RxmaDUO33TS7O26yeMHZ811736938800', 'saltsalt'));
  });

  it('encrypts AES-256-ECB with NUL padding exactly like openssl -nopad on a NUL-padded text', () => {
    const text = '{"cmd":"power_off","respbefore":"true"}';
    const sealed = aesEcbEncrypt(key, text);
    expect(sealed).toBe('p/QzYk8jszmQrR9dnOEVtXIRGg7DTmk9EUY2Z5AGabmmJmK+tHa5S/PyDHRUxbfH');
    expect(aesEcbDecrypt(key, sealed)).toBe(text);
    expect(() => aesEcbDecrypt(key, Buffer.from('short').toString('base64'))).toThrow(/AES blocks/);
  });

  it('wraps a v2 write as {"enc":1,"data":...} carrying cmd, params and the token', () => {
    const creds = { sign: 'SIGN', key };
    const envelope = JSON.parse(v2Envelope('adjust_power_limit', { power_limit: '3000' }, creds));
    expect(envelope.enc).toBe(1);
    expect(JSON.parse(aesEcbDecrypt(key, envelope.data))).toEqual({
      cmd: 'adjust_power_limit',
      power_limit: '3000',
      token: 'SIGN',
    });
  });

  it('computes the v3 token as the first 8 characters of base64(sha256(cmd+password+salt+ts))', () => {
    expect(v3Token('set.miner.power_limit', 'super', 'kZ3rT9aQ', 1736938800)).toBe('a+PQO1is');
  });
});

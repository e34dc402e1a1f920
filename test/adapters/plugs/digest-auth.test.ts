import { describe, expect, it } from 'vitest';
import {
  DigestSession,
  digestAuthorization,
  digestResponse,
  parseDigestChallenge,
} from '../../../adapters/plugs/digest-auth.js';

// RFC 7616 §3.9.1: the worked SHA-256 example.
const rfcChallenge = parseDigestChallenge(
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, ' +
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
)!;
const rfcInput = {
  challenge: rfcChallenge,
  username: 'Mufasa',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nc: 1,
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

describe('digest auth', () => {
  it('parses the RFC 7616 challenge, choosing qop=auth', () => {
    expect(rfcChallenge).toEqual({
      realm: 'http-auth@example.org',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      algorithm: 'SHA-256',
      qop: 'auth',
      opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
    });
  });

  it('computes the RFC 7616 SHA-256 response', () => {
    expect(digestResponse(rfcInput)).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('computes the RFC 7616 MD5 response', () => {
    const md5 = { ...rfcInput, challenge: { ...rfcChallenge, algorithm: 'MD5' as const } };
    expect(digestResponse(md5)).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('writes every field the server needs', () => {
    const header = digestAuthorization(rfcInput);
    expect(header).toMatch(/^Digest /);
    for (const part of [
      'username="Mufasa"',
      'realm="http-auth@example.org"',
      'uri="/dir/index.html"',
      'algorithm=SHA-256',
      'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"',
      'qop=auth',
      'nc=00000001',
      'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"',
      'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    ])
      expect(header).toContain(part);
  });

  it('parses the challenge a Shelly sends', () => {
    const shelly = parseDigestChallenge(
      'Digest qop="auth", realm="shellyplus1pm-441793d69718", nonce="1669371402", algorithm=SHA-256',
    );
    expect(shelly).toEqual({
      realm: 'shellyplus1pm-441793d69718',
      nonce: '1669371402',
      algorithm: 'SHA-256',
      qop: 'auth',
    });
  });

  it('refuses what it cannot answer', () => {
    expect(parseDigestChallenge(undefined)).toBeUndefined();
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", algorithm=SHA-512-256')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x", nonce="n", qop="auth-int"')).toBeUndefined();
    expect(parseDigestChallenge('Digest realm="x"')).toBeUndefined();
  });

  it('counts nonce uses and restarts the count on a new challenge', () => {
    const session = new DigestSession('admin', 'pw');
    expect(session.authorization('POST', '/rpc')).toBeUndefined();
    session.accept({ realm: 'r', nonce: 'n1', algorithm: 'SHA-256', qop: 'auth' });
    expect(session.authorization('POST', '/rpc')).toContain('nc=00000001');
    expect(session.authorization('POST', '/rpc')).toContain('nc=00000002');
    session.accept({ realm: 'r', nonce: 'n2', algorithm: 'SHA-256', qop: 'auth' });
    const header = session.authorization('POST', '/rpc')!;
    expect(header).toContain('nonce="n2"');
    expect(header).toContain('nc=00000001');
  });
});

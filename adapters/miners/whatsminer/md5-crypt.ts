import { createHash } from 'node:crypto';

// Written by hand from the published FreeBSD/glibc "$1$" algorithm (Poul-Henning Kamp, 1994):
// ~40 lines of node:crypto MD5 instead of a dependency; tests pin it to `openssl passwd -1` vectors.

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MAGIC = '$1$';

function md5(...parts: (Buffer | string)[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `count` base-64 characters of the low bits of `value`, least significant first. */
function to64(value: number, count: number): string {
  let out = '';
  let v = value;
  for (let i = 0; i < count; i++) {
    out += ITOA64[v & 0x3f];
    v >>>= 6;
  }
  return out;
}

/** The salt as md5-crypt uses it: without a leading `$1$`, up to the next `$`, at most 8 characters. */
export function md5CryptSalt(salt: string): string {
  const bare = salt.startsWith(MAGIC) ? salt.slice(MAGIC.length) : salt;
  return bare.split('$')[0]!.slice(0, 8);
}

/** The full `$1$<salt>$<hash>` string of `password` (the `openssl passwd -1` / crypt(3) MD5 scheme). */
export function md5Crypt(password: string, salt: string): string {
  const pw = Buffer.from(password, 'utf8');
  const s = Buffer.from(md5CryptSalt(salt), 'utf8');
  const alternate = md5(pw, s, pw);
  const first = createHash('md5').update(pw).update(MAGIC).update(s);
  for (let left = pw.length; left > 0; left -= 16) first.update(alternate.subarray(0, Math.min(16, left)));
  for (let bits = pw.length; bits > 0; bits >>>= 1)
    first.update(bits & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let final: Buffer = first.digest();
  // 1000 rounds to slow down brute force, mixing password, salt and the previous digest.
  for (let i = 0; i < 1000; i++) {
    const parts: Buffer[] = [i & 1 ? pw : final];
    if (i % 3) parts.push(s);
    if (i % 7) parts.push(pw);
    parts.push(i & 1 ? final : pw);
    final = md5(...parts);
  }
  const f = final;
  const hash =
    to64((f[0]! << 16) | (f[6]! << 8) | f[12]!, 4) +
    to64((f[1]! << 16) | (f[7]! << 8) | f[13]!, 4) +
    to64((f[2]! << 16) | (f[8]! << 8) | f[14]!, 4) +
    to64((f[3]! << 16) | (f[9]! << 8) | f[15]!, 4) +
    to64((f[4]! << 16) | (f[10]! << 8) | f[5]!, 4) +
    to64(f[11]!, 2);
  return `${MAGIC}${s.toString('utf8')}$${hash}`;
}

/** Only the hash part of `md5Crypt` (what Whatsminer's API v2 calls `host_passwd_md5` / `host_sign`). */
export function md5CryptHash(password: string, salt: string): string {
  return md5Crypt(password, salt).split('$')[3]!;
}

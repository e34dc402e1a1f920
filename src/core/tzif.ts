/**
 * A time zone's UTC offsets read from a TZif file, the compiled form of the IANA tz database that
 * systems keep under /usr/share/zoneinfo (RFC 8536). Pure: bytes in, offsets out.
 *
 * Why not ask Intl: luxon computes every offset by formatting the instant with
 * Intl.DateTimeFormat, and the first DateTimeFormat a process creates pages in about 6 MiB of
 * ICU's locale data (issue 16). A TZif file holds the same rules in 2 KiB.
 */
import { type PosixTz, parsePosixTz, posixOffsetS } from './posix-tz.js';

/** The offsets of one zone: a table of transitions, then the POSIX rule of the footer. */
export interface ZoneRules {
  /** Transition instants, seconds since the epoch, ascending. */
  readonly transitionsS: Float64Array;
  /** The offset (seconds east of UTC) from each transition on. */
  readonly offsetsS: Int32Array;
  /** The offset before the first transition (time type 0). */
  readonly initialOffsetS: number;
  /** The rule after the last transition, when the footer has one. */
  readonly footer?: PosixTz;
}

const HEADER_BYTES = 44;

interface Counts {
  readonly isut: number;
  readonly isstd: number;
  readonly leap: number;
  readonly time: number;
  readonly type: number;
  readonly char: number;
}

function header(view: DataView, at: number): { version: number; counts: Counts } {
  const magic = String.fromCharCode(
    view.getUint8(at),
    view.getUint8(at + 1),
    view.getUint8(at + 2),
    view.getUint8(at + 3),
  );
  if (magic !== 'TZif') throw new Error('not a TZif file');
  const v = view.getUint8(at + 4);
  const count = (i: number): number => view.getUint32(at + 20 + 4 * i);
  return {
    version: v === 0 ? 1 : v - 0x30,
    counts: {
      isut: count(0),
      isstd: count(1),
      leap: count(2),
      time: count(3),
      type: count(4),
      char: count(5),
    },
  };
}

function blockBytes(c: Counts, timeBytes: number): number {
  return c.time * timeBytes + c.time + c.type * 6 + c.char + c.leap * (timeBytes + 4) + c.isstd + c.isut;
}

/** Parses a TZif file (versions 1 to 4); throws on a malformed one or one with leap seconds ("right/" zones). */
export function parseTzif(bytes: Uint8Array): ZoneRules {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES) throw new Error('not a TZif file');
  const first = header(view, 0);
  // Version 2 and later repeat the data with 64-bit times after the version 1 block; read those.
  const v1End = HEADER_BYTES + blockBytes(first.counts, 4);
  const { counts, at, timeBytes } =
    first.version >= 2
      ? { counts: header(view, v1End).counts, at: v1End + HEADER_BYTES, timeBytes: 8 }
      : { counts: first.counts, at: HEADER_BYTES, timeBytes: 4 };
  if (counts.leap > 0) throw new Error('TZif with leap seconds');
  if (counts.type === 0) throw new Error('TZif without time types');
  const end = at + blockBytes(counts, timeBytes);
  if (end > bytes.byteLength) throw new Error('truncated TZif file');

  const typesAt = at + counts.time * timeBytes + counts.time;
  const typeOffsetS = (i: number): number => {
    if (i >= counts.type) throw new Error('TZif transition to a missing time type');
    return view.getInt32(typesAt + 6 * i);
  };
  const transitionsS = new Float64Array(counts.time);
  const offsetsS = new Int32Array(counts.time);
  for (let i = 0; i < counts.time; i++) {
    transitionsS[i] = timeBytes === 8 ? Number(view.getBigInt64(at + 8 * i)) : view.getInt32(at + 4 * i);
    offsetsS[i] = typeOffsetS(view.getUint8(at + counts.time * timeBytes + i));
  }
  let footer: PosixTz | undefined;
  if (first.version >= 2) {
    const text = new TextDecoder().decode(bytes.subarray(end)).split('\n')[1] ?? '';
    if (text !== '') footer = parsePosixTz(text);
  }
  return { transitionsS, offsetsS, initialOffsetS: typeOffsetS(0), footer };
}

/** The offset (seconds east of UTC) in force at `epochS`. */
export function zoneOffsetS(rules: ZoneRules, epochS: number): number {
  const { transitionsS: t, offsetsS } = rules;
  const n = t.length;
  if (n === 0 || epochS >= t[n - 1]!) {
    if (rules.footer) return posixOffsetS(rules.footer, epochS);
    return n === 0 ? rules.initialOffsetS : offsetsS[n - 1]!;
  }
  if (epochS < t[0]!) return rules.initialOffsetS;
  // The last transition at or before epochS.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t[mid]! <= epochS) lo = mid;
    else hi = mid - 1;
  }
  return offsetsS[lo]!;
}

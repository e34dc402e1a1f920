import { readFileSync } from 'node:fs';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parsePosixTz, posixOffsetS } from '../../src/core/posix-tz.js';
import { parseTzif, zoneOffsetS } from '../../src/core/tzif.js';

const ZONEINFO = new URL('../fixtures/zoneinfo/', import.meta.url);
const ZONES = [
  'Europe/Berlin',
  'Europe/Dublin',
  'Europe/London',
  'Australia/Sydney',
  'America/New_York',
  'America/Sao_Paulo',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'Etc/UTC',
  'Asia/Kolkata',
  'America/St_Johns',
];
const rulesOf = (zone: string) => parseTzif(readFileSync(new URL(zone, ZONEINFO)));
const DAY_S = 86_400;

// The reference is ICU, through luxon's own IANAZone (Intl.DateTimeFormat): node's ICU carries its own
// copy of the tz database. Both say the same from 1970 on, when the tz database's rules are exact.
describe('zone offsets from TZif files agree with ICU', () => {
  for (const zone of ZONES) {
    it(zone, () => {
      const rules = rulesOf(zone);
      const icu = IANAZone.create(zone);
      const instantsS: number[] = [];
      for (let s = Date.UTC(1970, 0, 1) / 1000; s < Date.UTC(2100, 0, 1) / 1000; s += 5 * DAY_S + 3607) {
        instantsS.push(s);
      }
      // Either side of every listed transition, and the footer's rule past the table (to 2100).
      for (const t of rules.transitionsS) if (t >= 0) instantsS.push(t - 1, t);
      const wrong = instantsS
        .map((s) => ({
          at: new Date(s * 1000).toISOString(),
          ours: zoneOffsetS(rules, s) / 60,
          icu: icu.offset(s * 1000),
        }))
        .filter((x) => x.ours !== x.icu);
      expect(wrong.slice(0, 5)).toEqual([]);
    });
  }
});

describe('TZif parsing', () => {
  it('reads the version 2+ data and its footer: Berlin after 2037 follows CET-1CEST,M3.5.0,M10.5.0/3', () => {
    const rules = rulesOf('Europe/Berlin');
    expect(rules.footer).toEqual(parsePosixTz('CET-1CEST,M3.5.0,M10.5.0/3'));
    // 2050: summer time from Sunday 27 March 01:00 UTC to Sunday 30 October 01:00 UTC.
    expect(zoneOffsetS(rules, Date.UTC(2050, 2, 27, 0, 59, 59) / 1000)).toBe(3600);
    expect(zoneOffsetS(rules, Date.UTC(2050, 2, 27, 1) / 1000)).toBe(7200);
    expect(zoneOffsetS(rules, Date.UTC(2050, 9, 30, 0, 59, 59) / 1000)).toBe(7200);
    expect(zoneOffsetS(rules, Date.UTC(2050, 9, 30, 1) / 1000)).toBe(3600);
  });

  it('reads a version 1 file (32-bit times, no footer)', () => {
    const file = tzifV1([Date.UTC(2000, 0, 1) / 1000], [3600, 7200], [1]);
    const rules = parseTzif(file);
    expect(rules.footer).toBeUndefined();
    expect(zoneOffsetS(rules, Date.UTC(1999, 0, 1) / 1000)).toBe(3600); // before: time type 0
    expect(zoneOffsetS(rules, Date.UTC(2030, 0, 1) / 1000)).toBe(7200); // after, without a rule: the last
  });

  it('rejects what it cannot read exactly', () => {
    expect(() =>
      parseTzif(new TextEncoder().encode('not a zone file at all, but long enough to have a header')),
    ).toThrow('not a TZif file');
    const file = tzifV1([0], [0, 3600], [1]);
    expect(() => parseTzif(file.subarray(0, file.length - 3))).toThrow('truncated');
    expect(() => parseTzif(tzifV1([], [0], [], 1))).toThrow('leap seconds');
    expect(() => parseTzif(tzifV1([0], [0], [5]))).toThrow('missing time type');
  });
});

/** A version 1 TZif file: transitions (s), each type's offset (s), the type index of each transition, leap records. */
function tzifV1(transitionsS: number[], offsetsS: number[], indices: number[], leapCount = 0): Uint8Array {
  const bytes: number[] = [...'TZif'].map((c) => c.charCodeAt(0));
  bytes.push(0, ...new Array(15).fill(0));
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  for (const count of [0, 0, leapCount, transitionsS.length, offsetsS.length, 4]) bytes.push(...u32(count));
  for (const t of transitionsS) bytes.push(...u32(t));
  bytes.push(...indices);
  for (const o of offsetsS) bytes.push(...u32(o >>> 0), 0, 0);
  bytes.push(...[...'ABC'].map((c) => c.charCodeAt(0)), 0);
  for (let i = 0; i < leapCount; i++) bytes.push(...u32(0), ...u32(1));
  return Uint8Array.from(bytes);
}

describe('POSIX TZ rules (POSIX.1-2017 §8.3, RFC 8536 §3.3.1)', () => {
  const at = (text: string, iso: string) => posixOffsetS(parsePosixTz(text), Date.parse(iso) / 1000) / 3600;

  it('US Eastern: second Sunday of March 02:00 EST to first Sunday of November 02:00 EDT', () => {
    const us = 'EST5EDT,M3.2.0,M11.1.0';
    expect(at(us, '2026-03-08T06:59:59Z')).toBe(-5);
    expect(at(us, '2026-03-08T07:00:00Z')).toBe(-4);
    expect(at(us, '2026-11-01T05:59:59Z')).toBe(-4);
    expect(at(us, '2026-11-01T06:00:00Z')).toBe(-5);
  });

  it('a fixed offset with a quoted name, and minutes', () => {
    expect(at('<-03>3', '2026-07-01T00:00:00Z')).toBe(-3);
    expect(at('<+0545>-5:45', '2026-07-01T00:00:00Z')).toBe(5.75);
  });

  it('southern hemisphere and negative daylight time wrap the year', () => {
    const sydney = 'AEST-10AEDT,M10.1.0,M4.1.0/3';
    expect(at(sydney, '2026-01-15T00:00:00Z')).toBe(11);
    expect(at(sydney, '2026-07-15T00:00:00Z')).toBe(10);
    const dublin = 'IST-1GMT0,M10.5.0,M3.5.0/1'; // Irish Standard Time is the summer's
    expect(at(dublin, '2026-01-15T00:00:00Z')).toBe(0);
    expect(at(dublin, '2026-07-15T00:00:00Z')).toBe(1);
  });

  it('Julian days: Jn never counts 29 February, n counts from zero and does', () => {
    // Daylight time from day J60 (1 March, every year) or n59 (29 February in a leap year) at 00:00.
    expect(at('AAA0BBB,J60/0,J300', '2028-02-29T12:00:00Z')).toBe(0);
    expect(at('AAA0BBB,J60/0,J300', '2028-03-01T00:00:00Z')).toBe(1);
    expect(at('AAA0BBB,59/0,300', '2028-02-29T00:00:00Z')).toBe(1);
    expect(at('AAA0BBB,59/0,300', '2027-02-28T23:59:59Z')).toBe(0);
  });

  it('daylight time all year (RFC 8536 §3.3.1: EST5EDT,0/0,J365/25)', () => {
    expect(at('EST5EDT,0/0,J365/25', '2026-01-01T12:00:00Z')).toBe(-4);
    expect(at('EST5EDT,0/0,J365/25', '2026-12-31T20:00:00Z')).toBe(-4);
  });

  it('rejects a rule it cannot read', () => {
    expect(() => parsePosixTz('CET')).toThrow('a time');
    expect(() => parsePosixTz('CE-1')).toThrow('abbreviation');
    expect(() => parsePosixTz('CET-1CEST,M13.1.0,M10.5.0')).toThrow('month.week.day');
    expect(() => parsePosixTz('CET-1CEST')).toThrow('daylight-time rules');
  });
});

import { describe, expect, it } from 'vitest';
import { overrideUntil, parseDurationMs, parseUntil } from '../../src/cli/override-args.js';

const ZONE = 'Europe/Berlin';
const H = 3_600_000;

describe('parseDurationMs', () => {
  const cases: [string, number | undefined][] = [
    ['2h', 2 * H],
    ['90m', 90 * 60_000],
    ['1h30m', 1.5 * H],
    ['1d', 24 * H],
    ['45s', 45_000],
    ['1.5h', 1.5 * H],
    [' 2H ', 2 * H],
    ['2', undefined],
    ['two hours', undefined],
    ['0h', undefined],
    ['-1h', undefined],
  ];
  for (const [text, ms] of cases) it(`"${text}" → ${ms}`, () => expect(parseDurationMs(text)).toBe(ms));
});

describe('parseUntil', () => {
  const noon = Date.UTC(2025, 0, 15, 11); // 12:00 CET
  const cases: { name: string; text: string; now: number; at: number | undefined }[] = [
    { name: 'later today', text: '14:00', now: noon, at: Date.UTC(2025, 0, 15, 13) },
    { name: 'passed today → tomorrow', text: '07:30', now: noon, at: Date.UTC(2025, 0, 16, 6, 30) },
    { name: 'now → tomorrow', text: '12:00', now: noon, at: Date.UTC(2025, 0, 16, 11) },
    { name: 'one digit hour', text: '7:05', now: noon, at: Date.UTC(2025, 0, 16, 6, 5) },
    {
      name: 'a time skipped by spring forward moves on like a wall clock (02:30 → 03:30 CEST)',
      text: '02:30',
      now: Date.UTC(2025, 2, 29, 23), // 2025-03-30 00:00 CET
      at: Date.UTC(2025, 2, 30, 1, 30),
    },
    { name: 'ISO local', text: '2025-01-20T08:00', now: noon, at: Date.UTC(2025, 0, 20, 7) },
    { name: 'ISO with offset', text: '2025-01-20T08:00Z', now: noon, at: Date.UTC(2025, 0, 20, 8) },
    { name: 'ISO in the past', text: '2025-01-01T08:00', now: noon, at: undefined },
    { name: 'nonsense', text: 'tea time', now: noon, at: undefined },
    { name: '24:00 is not a time of day', text: '24:00', now: noon, at: undefined },
  ];
  for (const c of cases) it(c.name, () => expect(parseUntil(c.text, c.now, ZONE)).toBe(c.at));
});

describe('overrideUntil', () => {
  const now = Date.UTC(2025, 0, 15, 11);
  it('combines --for and --until into one expiry, or a clear error', () => {
    expect(overrideUntil({}, now, ZONE)).toEqual({});
    expect(overrideUntil({ for: '2h' }, now, ZONE)).toEqual({ until: now + 2 * H });
    expect(overrideUntil({ until: '14:00' }, now, ZONE)).toEqual({ until: now + 2 * H });
    expect(overrideUntil({ for: '2h', until: '14:00' }, now, ZONE)).toEqual({
      error: 'give --for or --until, not both',
    });
    expect(overrideUntil({ for: 'soon' }, now, ZONE)).toEqual({
      error: '--for "soon" is not a duration like 2h, 90m or 1h30m',
    });
    expect(overrideUntil({ until: '25:00' }, now, ZONE)).toEqual({
      error: '--until "25:00" is not a future HH:MM or ISO date-time',
    });
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedUrl, icsEvents } from '../../../../adapters/sources/events/ics-events.js';
import type { GridEvent } from '../../../../src/core/grid-events.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import { FakeHttpServer } from '../../../fakes/http-server.js';

// Fixtures: test/fixtures/events/google-export.ics is shaped like Google Calendar's "secret address in
// iCal format" (PRODID, X-WR-TIMEZONE, a VTIMEZONE per RFC 5545 §3.6.5, RRULE §3.3.10 + EXDATE §3.8.5.1,
// a RECURRENCE-ID override §3.8.4.4); outlook-export.ics like Exchange's published calendar (a Windows
// TZID "W. Europe Standard Time" defined by its own VTIMEZONE, a daily RRULE with UNTIL).
const FIXTURES = join(import.meta.dirname, '../../../fixtures/events');
const MONDAY = Date.parse('2026-12-07T08:00:00Z');
const rules = {
  effects: [
    { match: 'free', effect: { pricePerKWh: 0 } },
    { match: 'dimm', effect: { capW: 100 } }, // dimming, Dimmung,
    { match: 'peak', effect: 'stop' },
    { match: 'demand', effect: { capLevel: 'eco' } },
  ],
};

function source(fields: Record<string, unknown>, clock = new FakeClock(MONDAY)) {
  const { deps, log } = testAdapterDeps({ clock, id: 'events[1]' });
  const config = icsEvents.schema.parse({ type: 'ics', ...fields });
  return { source: icsEvents.create(config as { type: string }, deps), log, clock };
}

async function events(s: ReturnType<typeof source>['source']): Promise<GridEvent[]> {
  const [update] = await s.poll!();
  expect(update?.key).toBe('events');
  return update!.reading.value as GridEvent[];
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);
const rows = (list: GridEvent[]) => list.map((e) => [e.title, iso(e.start), iso(e.end), e.effect.kind]);

describe('ics grid events (issue 18)', () => {
  it('reads a Google export: TZID via VTIMEZONE, a moved weekly slot, all-day, floating + DURATION', async () => {
    const s = source({ file: join(FIXTURES, 'google-export.ics'), ...rules });
    expect(rows(await events(s.source))).toEqual([
      // the Tuesday 17:00 CET slot of 8 Dec moved to 18:00–20:00 CET by its RECURRENCE-ID override
      ['§14a dimming slot (moved)', '2026-12-08T17:00', '2026-12-08T19:00', 'cap'],
      ['Free electricity session', '2026-12-09T13:00', '2026-12-09T14:00', 'price'],
      // VALUE=DATE: the site's local day (Europe/Berlin), DTEND exclusive (§3.6.1)
      ['Peak alert', '2026-12-09T23:00', '2026-12-10T23:00', 'stop'],
      // no TZID, no Z: floating, read as site time (§3.3.5 form #1); DURATION instead of DTEND
      ['Demand response call', '2026-12-11T05:00', '2026-12-11T06:30', 'cap-level'],
    ]);
  });

  it('skips events no rule matches, cancelled ones and those outside the window; default effect', async () => {
    const s = source({ file: join(FIXTURES, 'google-export.ics'), effect: { capLevel: 'eco' } });
    const titles = (await events(s.source)).map((e) => e.title);
    expect(titles).toContain('Dentist'); // the default effect applies to every event
    expect(titles).not.toContain('Free electricity (cancelled)');
    expect(titles).not.toContain('Free electricity next year'); // beyond lookAheadDays
    expect(titles).not.toContain('§14a dimming slot'); // 1 Dec ended before the look-behind
  });

  it('reads an Outlook export with a Windows time zone, and follows DST inside the VTIMEZONE', async () => {
    const s = source({ file: join(FIXTURES, 'outlook-export.ics'), ...rules });
    const list = await events(s.source);
    expect(list.map((e) => iso(e.start))).toEqual(
      ['06', '07', '08', '09', '10', '11', '12', '13'].map((d) => `2026-12-${d}T16:00`),
    );
    expect(list.every((e) => e.end - e.start === 3_600_000 && e.effect.kind === 'cap')).toBe(true);
    // Across the 28 March 2027 change to CEST the 17:00 local slot is 15:00 UTC; UNTIL 2 April ends it.
    s.clock.set(Date.parse('2027-03-27T08:00:00Z'));
    const spring = await events(s.source);
    expect(spring.map((e) => iso(e.start)).filter((t) => t >= '2027-03-27')).toEqual([
      '2027-03-27T16:00',
      '2027-03-28T15:00',
      '2027-03-29T15:00',
      '2027-03-30T15:00',
      '2027-03-31T15:00',
      '2027-04-01T15:00',
      '2027-04-02T15:00',
    ]);
  });

  it('gives the same ids on every poll, one per occurrence', async () => {
    const s = source({ file: join(FIXTURES, 'outlook-export.ics'), ...rules });
    const first = (await events(s.source)).map((e) => e.id);
    await s.clock.advance(3_600_000);
    const second = (await events(s.source)).map((e) => e.id);
    expect(new Set(first).size).toBe(first.length);
    expect(second).toEqual(first);
    expect(first[0]).toMatch(/^events\[1\]:040000008200E0/);
  });

  it('reads a TZID that names an IANA zone without a VTIMEZONE (some feeds omit it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-ics-'));
    const file = join(dir, 'cal.ics');
    const vevent = (summary: string, start: string) =>
      `BEGIN:VEVENT\r\nUID:${summary}\r\nDTSTART;TZID=America/New_York:${start}\r\nDTEND;TZID=America/New_York:20261208T190000\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\n`;
    const write = (body: string) =>
      writeFileSync(file, `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n${body}END:VCALENDAR\r\n`);
    try {
      write(vevent('ERCOT peak alert', '20261208T160000'));
      const s = source({ file, ...rules });
      expect(rows(await events(s.source))).toEqual([
        ['ERCOT peak alert', '2026-12-08T21:00', '2026-12-09T00:00', 'stop'],
      ]);
      write(''); // the file is read again at every poll: the event is gone
      expect(await events(s.source)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an override whose master is gone, and walks a years-old daily rule to the window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-ics-'));
    const file = join(dir, 'cal.ics');
    writeFileSync(
      file,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        'BEGIN:VEVENT',
        'UID:orphan',
        'RECURRENCE-ID:20261208T100000Z',
        'DTSTART:20261208T110000Z',
        'DTEND:20261208T120000Z',
        'SUMMARY:Free hour (moved)',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:daily-since-2016',
        'DTSTART:20160101T020000Z',
        'DTEND:20160101T030000Z',
        'RRULE:FREQ=DAILY',
        'SUMMARY:Free night hour',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    try {
      const s = source({ file, ...rules, lookBehindHours: 0, lookAheadDays: 2 });
      expect(rows(await events(s.source))).toEqual(
        [
          ['Free hour (moved)', '2026-12-08T11:00', '2026-12-08T12:00', 'price'],
          ['Free night hour', '2026-12-08T02:00', '2026-12-08T03:00', 'price'],
          ['Free night hour', '2026-12-09T02:00', '2026-12-09T03:00', 'price'],
        ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('expands a years-old fortnightly rule from just before the window with the same occurrences', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-ics-'));
    const file = join(dir, 'cal.ics');
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:fortnightly'];
    lines.push('DTSTART;TZID=Europe/Berlin:20200107T170000', 'DTEND;TZID=Europe/Berlin:20200107T180000');
    lines.push(
      'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;WKST=MO',
      'SUMMARY:Dimming',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    );
    writeFileSync(file, lines.join('\r\n'));
    try {
      // Weeks counted from the week of 6 Jan 2020: 7–13 Dec 2026 is week 361 (odd), 14–20 Dec week 362.
      const s = source({ file, ...rules, lookAheadDays: 14 });
      expect(rows(await events(s.source))).toEqual([
        ['Dimming', '2026-12-15T16:00', '2026-12-15T17:00', 'cap'],
        ['Dimming', '2026-12-17T16:00', '2026-12-17T17:00', 'cap'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts COUNT from the first DTSTART, unfolds long lines, skips an instant without DTEND', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-ics-'));
    const file = join(dir, 'cal.ics');
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
    // COUNT=8 daily from 1 Dec: the last occurrence is 8 Dec (§3.3.10); not fast-forwarded.
    lines.push('BEGIN:VEVENT', 'UID:count', 'DTSTART:20261201T120000Z', 'DTEND:20261201T130000Z');
    lines.push('RRULE:FREQ=DAILY;COUNT=8', 'SUMMARY:Free lunch hour', 'END:VEVENT');
    // A SUMMARY folded after 75 octets (§3.1): the continuation line starts with one space.
    lines.push('BEGIN:VEVENT', 'UID:folded', 'DTSTART:20261209T100000Z', 'DTEND:20261209T110000Z');
    lines.push(
      'SUMMARY:Demand response call from the distribution system operator for the north',
      ' ern grid area',
    );
    lines.push('END:VEVENT');
    // A DATE-TIME DTSTART with neither DTEND nor DURATION lasts no time (§3.6.1): no window, skipped.
    lines.push(
      'BEGIN:VEVENT',
      'UID:instant',
      'DTSTART:20261209T150000Z',
      'SUMMARY:Free reminder',
      'END:VEVENT',
    );
    lines.push('END:VCALENDAR', '');
    writeFileSync(file, lines.join('\r\n'));
    try {
      const s = source({ file, ...rules, lookBehindHours: 0 });
      expect(rows(await events(s.source))).toEqual([
        ['Free lunch hour', '2026-12-07T12:00', '2026-12-07T13:00', 'price'],
        ['Free lunch hour', '2026-12-08T12:00', '2026-12-08T13:00', 'price'],
        [
          'Demand response call from the distribution system operator for the northern grid area',
          '2026-12-09T10:00',
          '2026-12-09T11:00',
          'cap-level',
        ],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('from a URL', () => {
    let server: FakeHttpServer;
    beforeAll(async () => {
      server = await FakeHttpServer.start();
      server.file('/calendar/basic.ics', join(FIXTURES, 'google-export.ics'));
    });
    afterAll(() => server.close());

    it('polls every intervalMinutes and maps webcal:// to https://', async () => {
      const s = source({ url: `${server.url}/calendar/basic.ics`, ...rules, intervalMinutes: 30 });
      expect(s.source.intervalMs).toBe(30 * 60_000);
      expect((await events(s.source)).length).toBe(4);
      expect(feedUrl('webcal://calendar.example.org/x.ics')).toBe('https://calendar.example.org/x.ics');
    });

    it('throws BAD_RESPONSE on an HTML page or a cut-off feed, so the runner keeps the last good list', async () => {
      const s = source({ url: `${server.url}/calendar/basic.ics`, ...rules });
      server.fault('/calendar/basic.ics', 'html');
      await expect(s.source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
      server.fault('/calendar/basic.ics', 'truncated');
      await expect(s.source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
      server.fault('/calendar/basic.ics', undefined);
      expect((await events(s.source)).length).toBe(4);
    });
  });

  it('refuses a config with neither url nor file, or without any effect', () => {
    expect(icsEvents.schema.safeParse({ type: 'ics', effect: 'stop' }).success).toBe(false);
    expect(icsEvents.schema.safeParse({ type: 'ics', file: 'x.ics' }).success).toBe(false);
    expect(
      icsEvents.schema.safeParse({ type: 'ics', file: 'x.ics', url: 'https://a/b', effect: 'stop' }).success,
    ).toBe(false);
  });
});

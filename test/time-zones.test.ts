import { fileURLToPath } from 'node:url';
import { DateTime, IANAZone, Settings } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  installTzifZones,
  isKnownTimeZone,
  readZoneRules,
  TzifZone,
  zoneInfoDir,
} from '../src/time-zones.js';

const ZONEINFO = fileURLToPath(new URL('./fixtures/zoneinfo/', import.meta.url));

/** Runs `fn` with luxon's IANA zones read from the fixture files, then puts luxon back as it was. */
function withTzifZones<T>(fn: () => T): T {
  const restore = installTzifZones(ZONEINFO);
  try {
    return fn();
  } finally {
    restore();
  }
}

describe('luxon with zones from TZif files (issue 16: no Intl.DateTimeFormat for offsets)', () => {
  it('gives every `{ zone: name }` the file-backed zone, with the same local times as ICU', () => {
    // Instants either side of Berlin's and Sydney's changes in 2026, and a plain one.
    const instants = [
      '2026-03-29T00:59:59Z',
      '2026-03-29T01:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-04-05T15:59:59Z',
    ];
    for (const zone of ['Europe/Berlin', 'Australia/Sydney', 'Asia/Kathmandu']) {
      const icu = instants.map((iso) => DateTime.fromISO(iso, { zone }).toISO());
      const tzif = withTzifZones(() =>
        instants.map((iso) => {
          const local = DateTime.fromISO(iso, { zone });
          expect(local.zone).toBeInstanceOf(TzifZone);
          return local.toISO();
        }),
      );
      expect(tzif).toEqual(icu);
    }
  });

  it('does local-time arithmetic across a change as ICU does (start of day, plus a day, from local parts)', () => {
    const sample = () => {
      const zone = 'Europe/Berlin';
      const evening = DateTime.fromISO('2026-10-24T22:00:00', { zone });
      return [
        evening.startOf('day').toISO(),
        evening.plus({ days: 1 }).toISO(),
        evening.plus({ hours: 24 }).toISO(),
        DateTime.fromObject({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, { zone }).toISO(), // in the gap
        DateTime.fromObject({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, { zone }).toISO(), // twice
        evening.toFormat('yyyy-MM-dd HH:mm ZZ'),
      ];
    };
    expect(withTzifZones(sample)).toEqual(sample());
  });

  it('equals luxon’s own zone of the same name and formats offsets as luxon does', () => {
    withTzifZones(() => {
      const ours = IANAZone.create('Asia/Kathmandu');
      expect(ours).toBeInstanceOf(TzifZone);
      expect(ours.equals(DateTime.now().setZone('Asia/Kathmandu').zone)).toBe(true);
      const at = Date.UTC(2026, 0, 1);
      expect(['narrow', 'short', 'techie'].map((f) => ours.formatOffset(at, f as 'short'))).toEqual([
        '+5:45',
        '+05:45',
        '+0545',
      ]);
      expect(ours.offset(Number.NaN)).toBeNaN();
    });
  });

  it('leaves a zone without a file to ICU, and puts luxon back when undone', () => {
    const before = IANAZone.create;
    withTzifZones(() => {
      expect(IANAZone.create('America/Chicago')).not.toBeInstanceOf(TzifZone); // not among the fixtures
      expect(IANAZone.create('America/Chicago').isValid).toBe(true);
      expect(Settings.defaultLocale).toBe('en-US');
    });
    expect(IANAZone.create).toBe(before);
    expect(IANAZone.create('Europe/Berlin')).not.toBeInstanceOf(TzifZone);
  });

  it('knows a zone from its file or from ICU, and never reads outside the zone directory', () => {
    withTzifZones(() => {
      expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
      expect(isKnownTimeZone('America/Chicago')).toBe(true); // ICU knows it
      expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    });
    expect(readZoneRules('../zoneinfo/Europe/Berlin', ZONEINFO)).toBeUndefined();
    expect(readZoneRules('/etc/passwd', ZONEINFO)).toBeUndefined();
    expect(readZoneRules('README.md', ZONEINFO)).toBeUndefined(); // not a TZif file
    expect(zoneInfoDir({ TZDIR: '/opt/zones' })).toBe('/opt/zones');
    expect(zoneInfoDir({})).toBe('/usr/share/zoneinfo');
  });
});

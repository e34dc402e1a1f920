/**
 * Time zones from the system's tz database (/usr/share/zoneinfo, or $TZDIR) instead of ICU.
 *
 * luxon computes an IANA zone's offset by formatting the instant with Intl.DateTimeFormat; the
 * first such formatter pages in about 6 MiB of ICU's locale and pattern data, which the agent's
 * whole memory budget cannot spare (issue 16). `installTzifZones` makes luxon's `IANAZone.create`,
 * through which every `{ zone: 'Europe/Berlin' }` passes, return a zone read from the TZif file
 * instead, with the same name and offsets. A name without a readable file (no tz database on the
 * machine, a zone newer than it) stays with luxon's own ICU-backed zone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FixedOffsetZone,
  IANAZone,
  Settings,
  Zone,
  type ZoneOffsetFormat,
  type ZoneOffsetOptions,
} from 'luxon';
import { parseTzif, type ZoneRules, zoneOffsetS } from './core/tzif.js';

/** Where the TZif files are: $TZDIR as glibc reads it, else the usual place. */
export function zoneInfoDir(env: Record<string, string | undefined> = process.env): string {
  return env.TZDIR || '/usr/share/zoneinfo';
}

/** A zone name as the tz database spells them ("Europe/Berlin", "Etc/GMT+5"), never a path outside it. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The rules of `name` read from `dir`, or undefined when there is no such readable, valid file. */
export function readZoneRules(name: string, dir: string = zoneInfoDir()): ZoneRules | undefined {
  if (!ZONE_NAME.test(name)) return undefined;
  try {
    return parseTzif(readFileSync(join(dir, name)));
  } catch {
    return undefined;
  }
}

/** An IANA zone whose offsets come from its TZif file; equal to luxon's IANAZone of the same name. */
export class TzifZone extends Zone {
  constructor(
    private readonly zoneName: string,
    private readonly rules: ZoneRules,
    /** luxon's own zone, for the one thing a TZif file cannot give: a localized name ("CET"). */
    private readonly icuZone: () => Zone,
  ) {
    super();
  }
  override get type(): string {
    return 'iana';
  }
  override get name(): string {
    return this.zoneName;
  }
  override get isUniversal(): boolean {
    return false;
  }
  override get isValid(): boolean {
    return true;
  }
  override offset(ts: number): number {
    if (!Number.isFinite(ts)) return NaN;
    return zoneOffsetS(this.rules, Math.floor(ts / 1000)) / 60;
  }
  override offsetName(ts: number, options: ZoneOffsetOptions): string | null {
    return this.icuZone().offsetName(ts, options);
  }
  override formatOffset(ts: number, format: ZoneOffsetFormat): string {
    // luxon's own formatting of a fixed offset (`+01:00`, `+1`, `+0100`).
    return FixedOffsetZone.instance(this.offset(ts)).formatOffset(ts, format);
  }
  override equals(other: Zone): boolean {
    return other.type === 'iana' && other.name === this.zoneName;
  }
}

/**
 * Whether `name` is a time zone this process can use: luxon's zone of that name is valid, which once
 * `installTzifZones` has run means a TZif file (read once, kept for later use) or a zone ICU knows.
 */
export function isKnownTimeZone(name: string): boolean {
  return IANAZone.create(name).isValid;
}

/**
 * Routes luxon's IANA zones through the TZif files of `dir` and gives luxon a default locale, so
 * that it never asks Intl for the system's one. Returns the function that undoes both (tests).
 */
export function installTzifZones(dir: string = zoneInfoDir()): () => void {
  const original = IANAZone.create;
  const defaultLocale = Settings.defaultLocale;
  const zones = new Map<string, Zone>();
  IANAZone.create = (name: string): IANAZone => {
    let zone = zones.get(name);
    if (zone === undefined) {
      const rules = readZoneRules(name, dir);
      zone = rules
        ? new TzifZone(name, rules, () => original.call(IANAZone, name))
        : original.call(IANAZone, name);
      zones.set(name, zone);
    }
    // luxon's callers only use the Zone interface; the class is luxon's name for "an IANA zone".
    return zone as IANAZone;
  };
  if (!defaultLocale) Settings.defaultLocale = 'en-US';
  return () => {
    IANAZone.create = original;
    Settings.defaultLocale = defaultLocale;
  };
}

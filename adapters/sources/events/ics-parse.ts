import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { badShape } from '../request-text.js';
import type { EventWindow } from './event-rules.js';

/** One occurrence of a calendar event, in UTC instants. */
export interface IcsOccurrence {
  /** UID, plus the occurrence's start for a recurring event (stable across reads). */
  id: string;
  title: string;
  start: number;
  end: number;
}

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;

/** At most this many occurrences of one RRULE are walked (an hourly rule over a 9-day window is 216). */
const MAX_STEPS = 20_000;
const DAY_MS = 86_400_000;
/** Rules whose occurrences repeat with a fixed period (in wall-clock days or seconds). */
const PERIOD_DAYS: Record<string, number> = { DAILY: 1, WEEKLY: 7 };
const PERIOD_SECONDS: Record<string, number> = { SECONDLY: 1, MINUTELY: 60, HOURLY: 3600 };

type IcalEvent = InstanceType<typeof ICAL.Event>;

/**
 * The event to expand: a rule without COUNT and with a fixed period (DAILY, WEEKLY, HOURLY…) yields
 * the same occurrences from a DTSTART moved on by whole periods, so a daily slot set up years ago is
 * expanded from a copy starting just before the window instead of walked from its first day (ical.js
 * takes about 15 µs a step). The copy gets a real DTSTART: ical.js's `iterator(start)` with a start
 * other than DTSTART skips and misplaces occurrences of an INTERVAL=2 weekly rule. Other rules (COUNT
 * counts from DTSTART; MONTHLY and YEARLY have few steps anyway) are expanded as they are.
 */
function fastForwarded(event: IcalEvent, window: EventWindow, exceptions: Component[]): IcalEvent {
  const rules = event.component.getAllProperties('rrule');
  const rule = rules[0]?.getFirstValue() as InstanceType<typeof ICAL.Recur> | undefined;
  if (rules.length !== 1 || !rule || rule.count) return event;
  const days = PERIOD_DAYS[rule.freq] ?? 0;
  const seconds = PERIOD_SECONDS[rule.freq] ?? 0;
  const interval = rule.interval || 1;
  const periodMs = (days * DAY_MS || seconds * 1000) * interval;
  if (periodMs === 0) return event;
  const margin = 2 * DAY_MS + event.duration.toSeconds() * 1000; // DST, and overrides moving an occurrence
  const periods = Math.floor((window.from - margin - event.startDate.toUnixTime() * 1000) / periodMs);
  if (periods <= 0) return event;
  const copy = new ICAL.Component(structuredClone(event.component.toJSON()), event.component.parent);
  const moved = new ICAL.Event(copy, { exceptions, strictExceptions: true });
  const duration = event.duration;
  const start = event.startDate.clone();
  const steps = periods * interval;
  start.addDuration(ICAL.Duration.fromData(days ? { days: steps * days } : { seconds: steps * seconds }));
  const end = start.clone();
  end.addDuration(duration);
  moved.startDate = start;
  if (copy.hasProperty('dtend')) moved.endDate = end;
  return moved;
}

/**
 * An instant for an iCalendar time (RFC 5545 §3.3.5): UTC (`Z`) and times whose TZID a VTIMEZONE in
 * the file defines are converted by ical.js; a floating time or an all-day DATE (§3.3.4) is local to
 * the site; a TZID without a VTIMEZONE (feeds that name an IANA zone and omit it) is read with luxon,
 * else as site time.
 */
function instantOf(time: Time, tzid: string | undefined, siteZone: string): number {
  const zone = time.zone?.tzid;
  if (!time.isDate && zone && zone !== 'floating') return time.toUnixTime() * 1000;
  const named = tzid && DateTime.local().setZone(tzid).isValid ? tzid : siteZone;
  const { year, month, day } = time;
  const [hour, minute, second] = time.isDate ? [0, 0, 0] : [time.hour, time.minute, time.second];
  return DateTime.fromObject({ year, month, day, hour, minute, second }, { zone: named }).toMillis();
}

function tzidOf(component: Component, name: 'dtstart' | 'dtend'): string | undefined {
  const value = component.getFirstProperty(name)?.getParameter('tzid');
  return typeof value === 'string' ? value : undefined;
}

function isCancelled(component: Component): boolean {
  return String(component.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED';
}

/** The text's VCALENDAR, or BAD_RESPONSE (an HTML login page, a truncated feed). */
function calendarOf(text: string, what: string): Component {
  if (!/^\s*BEGIN:VCALENDAR/i.test(text)) throw badShape(what, 'not an iCalendar file (no BEGIN:VCALENDAR)');
  try {
    return new ICAL.Component(ICAL.parse(text) as unknown[]);
  } catch (error) {
    throw badShape(what, `iCalendar syntax: ${(error as Error).message}`);
  }
}

/**
 * Every occurrence of every VEVENT that overlaps `window`: DTSTART with DTEND, DURATION (§3.8.2.5),
 * or neither (§3.6.1: a DATE lasts one day, a DATE-TIME is an instant and is skipped); RRULE/RDATE/
 * EXDATE recurrences (§3.8.5) with RECURRENCE-ID overrides (§3.8.4.4) of the same UID; STATUS:CANCELLED
 * occurrences dropped.
 */
export function icsOccurrences(
  text: string,
  options: { window: EventWindow; timeZone: string; what: string },
): IcsOccurrence[] {
  const { window, timeZone, what } = options;
  const calendar = calendarOf(text, what);
  const vevents = calendar.getAllSubcomponents('vevent');
  const overrides = new Map<string, Component[]>();
  const masters = new Set(vevents.filter((v) => !v.hasProperty('recurrence-id')).map(uidOf));
  for (const v of vevents)
    if (v.hasProperty('recurrence-id')) {
      const uid = uidOf(v);
      overrides.set(uid, [...(overrides.get(uid) ?? []), v]);
    }
  const result: IcsOccurrence[] = [];
  const push = (id: string, title: string, start: number, end: number) => {
    if (end > start && end > window.from && start < window.to) result.push({ id, title, start, end });
  };
  for (const vevent of vevents) {
    const uid = uidOf(vevent);
    // An override (RECURRENCE-ID) is read through its master; an orphan one stands alone.
    if (vevent.hasProperty('recurrence-id') && masters.has(uid)) continue;
    const exceptions = vevent.hasProperty('recurrence-id') ? [] : (overrides.get(uid) ?? []);
    const event = new ICAL.Event(vevent, { exceptions, strictExceptions: true });
    if (!event.startDate) continue;
    const startZone = tzidOf(vevent, 'dtstart');
    if (!event.isRecurring()) {
      if (
        isCancelled(vevent) ||
        (!event.startDate.isDate && !vevent.hasProperty('dtend') && !vevent.hasProperty('duration'))
      )
        continue;
      const start = instantOf(event.startDate, startZone, timeZone);
      const end = instantOf(event.endDate, tzidOf(vevent, 'dtend') ?? startZone, timeZone);
      push(uid || `${start}`, event.summary ?? '', start, end);
      continue;
    }
    const expanded = fastForwarded(event, window, exceptions);
    const iterator = expanded.iterator();
    for (let step = 0, next = iterator.next(); next && step < MAX_STEPS; step++, next = iterator.next()) {
      const recurrenceAt = instantOf(next, startZone, timeZone);
      if (recurrenceAt >= window.to) break;
      const details = expanded.getOccurrenceDetails(next);
      if (isCancelled(details.item.component)) continue;
      const start = instantOf(details.startDate, startZone, timeZone);
      const end = instantOf(details.endDate, startZone, timeZone);
      push(`${uid}/${recurrenceAt}`, details.item.summary ?? '', start, end);
    }
  }
  return result;
}

function uidOf(component: Component): string {
  return String(component.getFirstPropertyValue('uid') ?? '');
}

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

/** At most this many occurrences of one RRULE are walked (an hourly rule over the window is 192). */
const MAX_STEPS = 5000;

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
    const hasMaster = vevents.some(
      (v) => v !== vevent && !v.hasProperty('recurrence-id') && uidOf(v) === uid,
    );
    if (vevent.hasProperty('recurrence-id') && hasMaster) continue; // handled through its master
    const event = new ICAL.Event(vevent, { exceptions: overrides.get(uid) ?? [], strictExceptions: true });
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
    const iterator = event.iterator();
    for (let step = 0, next = iterator.next(); next && step < MAX_STEPS; step++, next = iterator.next()) {
      const recurrenceAt = instantOf(next, startZone, timeZone);
      if (recurrenceAt >= window.to) break;
      const details = event.getOccurrenceDetails(next);
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

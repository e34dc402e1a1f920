import { DateTime } from 'luxon';
import type { HaState } from '../../homeassistant/entity-state.js';

/** A calendar entity's event as its state attributes carry it, in UTC instants. */
export interface HaCalendarEvent {
  title: string;
  start: number;
  end: number;
}

/** HA writes calendar times as local "YYYY-MM-DD HH:MM:SS" (helpers/template.py DATE_STR_FORMAT). */
function localTime(value: unknown, zone: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  const at = DateTime.fromFormat(value.trim(), 'yyyy-MM-dd HH:mm:ss', { zone });
  return at.isValid ? at.toMillis() : undefined;
}

/**
 * The event of a `calendar.*` state: HA's CalendarEntity.state_attributes
 * (home-assistant/core homeassistant/components/calendar/__init__.py) are the current or next event's
 * `message`, `all_day`, `start_time` and `end_time` in HA's local time (an all-day event from local
 * midnight to the next midnight after it, end exclusive); no attributes = no event. A string says why
 * the attributes are unusable.
 */
export function haCalendarEvent(state: HaState, zone: string): HaCalendarEvent | undefined | string {
  const a = state.attributes;
  if (a.start_time === undefined && a.end_time === undefined) return undefined;
  const start = localTime(a.start_time, zone);
  const end = localTime(a.end_time, zone);
  if (start === undefined || end === undefined)
    return `calendar times not "YYYY-MM-DD HH:MM:SS": ${JSON.stringify(a.start_time)}, ${JSON.stringify(a.end_time)}`;
  return { title: typeof a.message === 'string' ? a.message : '', start, end };
}

/** A calendar API time: `{dateTime}` (ISO 8601 with an offset) or `{date}` (HA's local day). */
function apiTime(value: unknown, zone: string): number | undefined {
  const v = value as { dateTime?: unknown; date?: unknown } | null;
  if (typeof v?.dateTime === 'string') {
    const at = DateTime.fromISO(v.dateTime, { zone });
    return at.isValid ? at.toMillis() : undefined;
  }
  if (typeof v?.date === 'string') {
    const at = DateTime.fromISO(v.date, { zone });
    return at.isValid ? at.startOf('day').toMillis() : undefined;
  }
  return undefined;
}

/** One event of `GET /api/calendars/<entity_id>` (HA's _api_event_dict_factory) with a stable key. */
export interface HaApiEvent extends HaCalendarEvent {
  /** `uid` with `recurrence_id` for one occurrence of a recurring event; else the start. */
  key: string;
}

/** The rows of a calendar API reply; a row without usable times says why (the whole reply is refused). */
export function haApiEvents(rows: readonly unknown[], zone: string): HaApiEvent[] | string {
  const events: HaApiEvent[] = [];
  for (const row of rows) {
    const r = row as Record<string, unknown> | null;
    const start = apiTime(r?.start, zone);
    const end = apiTime(r?.end, zone);
    if (start === undefined || end === undefined)
      return `calendar event without start/end: ${JSON.stringify(row).slice(0, 80)}`;
    const uid = typeof r?.uid === 'string' && r.uid ? r.uid : undefined;
    const occurrence = typeof r?.recurrence_id === 'string' && r.recurrence_id ? r.recurrence_id : undefined;
    const key = uid ? (occurrence ? `${uid}/${occurrence}` : uid) : String(start);
    events.push({ key, title: typeof r?.summary === 'string' ? r.summary : '', start, end });
  }
  return events;
}

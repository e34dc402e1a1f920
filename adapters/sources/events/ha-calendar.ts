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

import type { Instant } from './basics.js';

/**
 * What a grid event does to the miners while it lasts (issue 18):
 * - `stop`: every miner off (a demand-response call, Germany's §14a dimming to zero);
 * - `cap`: each miner at or below `maxW`, or at or below the level `levelId` (§14a dimming, a peak alert);
 * - `price`: grid power costs `perKWh` in the window (0 for an Octopus free-electricity session);
 * - `reward`: each kWh the site draws less than its baseline earns `perKWh` (a saving session): for a
 *   miner, power it draws costs that much more.
 */
export type GridEventEffect =
  | { kind: 'stop' }
  | { kind: 'cap'; maxW: number }
  | { kind: 'cap-level'; levelId: string }
  | { kind: 'price'; perKWh: number }
  | { kind: 'reward'; perKWh: number };

/** One event: a window [start, end) with an effect, from a calendar, a sensor or a supplier's API. */
export interface GridEvent {
  /** Stable across reads of the same event (the source's own id, or source + start). */
  id: string;
  /** What people see: the calendar summary, "Octopus free electricity", "saving session". */
  title: string;
  start: Instant;
  end: Instant;
  effect: GridEventEffect;
}

/** Events known from every source, in start order (a snapshot's `events` flattened). */
export function knownEvents(
  bySource: Readonly<Record<string, { value: readonly GridEvent[] }>> | undefined,
): GridEvent[] {
  if (!bySource) return [];
  return Object.values(bySource)
    .flatMap((reading) => reading.value)
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Events whose window holds `now`. */
export function activeEvents(events: readonly GridEvent[], now: Instant): GridEvent[] {
  return events.filter((e) => e.start <= now && now < e.end);
}

/** The first event still to begin or under way at `now`, if any. */
export function nextEvent(events: readonly GridEvent[], now: Instant): GridEvent | undefined {
  return events.find((e) => e.end > now);
}

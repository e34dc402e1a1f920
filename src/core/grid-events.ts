import type { GridEvent, Instant, PriceSlot, Snapshot } from './types.js';

export type { GridEvent, GridEventEffect } from './types.js';

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

/** The import price in a window under the events active there: a `price` event sets it (the lowest wins), a `reward` adds to it. */
function priceUnder(perKWh: number, events: readonly GridEvent[]): number {
  let set: number | undefined;
  let reward = 0;
  for (const { effect } of events) {
    if (effect.kind === 'price') set = set === undefined ? effect.perKWh : Math.min(set, effect.perKWh);
    else if (effect.kind === 'reward') reward += effect.perKWh;
  }
  return (set ?? perKWh) + reward;
}

/**
 * An import price series with the `price` and `reward` events laid over it: slots split at the
 * events' edges, a free session's slots at its price, a saving session's at price + reward (each kWh
 * drawn there costs what it would have earned). The series itself when no event touches it.
 */
export function withEventPrices(
  slots: readonly PriceSlot[],
  events: readonly GridEvent[],
): readonly PriceSlot[] {
  const pricing = events.filter((e) => e.effect.kind === 'price' || e.effect.kind === 'reward');
  if (pricing.length === 0) return slots;
  const out: PriceSlot[] = [];
  for (const slot of slots) {
    const touching = pricing.filter((e) => e.start < slot.end && e.end > slot.start);
    if (touching.length === 0) {
      out.push(slot);
      continue;
    }
    const edges = new Set([slot.start, slot.end]);
    for (const e of touching) {
      if (e.start > slot.start) edges.add(e.start);
      if (e.end < slot.end) edges.add(e.end);
    }
    const cuts = [...edges].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const start = cuts[i]!;
      const end = cuts[i + 1]!;
      const active = touching.filter((e) => e.start <= start && e.end >= end);
      out.push({ start, end, perKWh: priceUnder(slot.perKWh, active) });
    }
  }
  return out;
}

/**
 * The snapshot as the decision and the planner price it: the import series with the events' prices
 * laid over it (the same object when there are no pricing events).
 */
export function pricedByEvents(snapshot: Snapshot): Snapshot {
  const events = knownEvents(snapshot.events);
  const imports = snapshot.series['price.import'];
  if (events.length === 0 || !imports) return snapshot;
  const value = withEventPrices(imports.value, events);
  if (value === imports.value) return snapshot;
  return { ...snapshot, series: { ...snapshot.series, 'price.import': { ...imports, value: [...value] } } };
}

/**
 * The highest power (W) a level may have under the stop and cap events overlapping [from, to)
 * (the planner asks for a whole slot, the decision for one instant); undefined without a limit.
 */
export function eventCapW(
  events: readonly GridEvent[],
  from: Instant,
  to: Instant,
  levels: readonly { id: string; powerW: number }[],
): number | undefined {
  let capW: number | undefined;
  for (const event of events) {
    if (event.start >= to || event.end <= from) continue;
    const effect = event.effect;
    let w: number | undefined;
    if (effect.kind === 'stop') w = 0;
    else if (effect.kind === 'cap') w = effect.maxW;
    // A level this miner does not have: its lowest running level, the cautious reading of a cap.
    else if (effect.kind === 'cap-level')
      w = (levels.find((l) => l.id === effect.levelId) ?? levels.find((l) => l.powerW > 0))?.powerW ?? 0;
    if (w !== undefined) capW = capW === undefined ? w : Math.min(capW, w);
  }
  return capW;
}

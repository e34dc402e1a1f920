import type { GridEvent } from '../core/grid-events.js';
import { implausibleEvents, implausibleScalar, implausibleSeries } from '../core/plausible.js';
import type { PriceSlot, Reading, SeriesKey, SignalKey } from '../core/types.js';
import { isEventsUpdate, isSeriesUpdate, type SignalUpdate } from '../ports.js';

/** Listener for new readings. */
export type StoreListener = (update: SignalUpdate, previous: Reading<unknown> | undefined) => void;

/** Told about a reading the store refused because it is physically impossible. */
export type RejectListener = (update: SignalUpdate, why: string) => void;

/**
 * The latest reading per signal key; older readings never replace newer ones, and readings outside
 * their kind's physical range (`src/core/plausible.ts`) never get in: the last good one stays.
 */
export class SignalStore {
  private readonly scalars = new Map<string, Reading<number>>();
  private readonly series = new Map<SeriesKey, Reading<PriceSlot[]>>();
  /** Grid events per source id: each source's whole list replaces its previous one. */
  private readonly events = new Map<string, Reading<GridEvent[]>>();
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly onRejected?: RejectListener) {}

  /** Stores an update unless it is implausible or a newer reading for the key is already held. */
  update(update: SignalUpdate): void {
    if (isEventsUpdate(update)) {
      this.updateEvents(update);
      return;
    }
    const why = isSeriesUpdate(update)
      ? implausibleSeries(update.key, update.reading.value)
      : implausibleScalar(update.key, update.reading.value);
    if (why) {
      this.onRejected?.(update, why);
      return;
    }
    const previous = this.get(update.key);
    if (previous && previous.at > update.reading.at) return;
    if (isSeriesUpdate(update)) this.series.set(update.key, update.reading);
    else this.scalars.set(update.key, update.reading as Reading<number>);
    for (const listener of this.listeners) listener(update, previous);
  }

  private updateEvents(update: Extract<SignalUpdate, { key: 'events' }>): void {
    const why = implausibleEvents(update.reading.value);
    if (why) {
      this.onRejected?.(update, why);
      return;
    }
    const previous = this.events.get(update.reading.source);
    if (previous && previous.at > update.reading.at) return;
    this.events.set(update.reading.source, update.reading);
    for (const listener of this.listeners) listener(update, previous);
  }

  /** The latest reading for a key, whatever its age (for `events`: the newest of any source). */
  get(key: SignalKey): Reading<unknown> | undefined {
    if (key === 'events') return [...this.events.values()].sort((a, b) => b.at - a.at)[0];
    return key === 'price.import' || key === 'price.export' ? this.series.get(key) : this.scalars.get(key);
  }

  /** Subscribes to updates; returns the unsubscribe function. */
  onUpdate(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Plain objects for a snapshot. */
  scalarsRecord(): Record<string, Reading<number>> {
    return Object.fromEntries(this.scalars);
  }

  /** Grid events per source id, for a snapshot (undefined when no source has delivered any). */
  eventsRecord(): Record<string, Reading<GridEvent[]>> | undefined {
    return this.events.size === 0 ? undefined : Object.fromEntries(this.events);
  }

  seriesRecord(): Partial<Record<SeriesKey, Reading<PriceSlot[]>>> {
    return Object.fromEntries(this.series) as Partial<Record<SeriesKey, Reading<PriceSlot[]>>>;
  }
}

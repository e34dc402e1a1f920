import { DateTime } from 'luxon';
import { type EffectConfig, toEffect } from '../../adapters/sources/events/effect.js';
import type { Config } from '../../config/schema.js';
import { withEventPrices } from '../core/grid-events.js';
import type { GridEvent } from '../core/types.js';

interface StaticEventConfig {
  title?: string;
  start: string;
  end: string;
  effect: EffectConfig;
}

/**
 * The grid events a backtest replays (issue 18): the config's `events:` sources of type `static`, per
 * source id as the live agent keys them (`events[i]`, each event `events[i]#j`). Other source types
 * (calendars, sensors, supplier APIs) have no history to replay, so a backtest refuses them.
 */
export function backtestEvents(config: Config): Record<string, GridEvent[]> {
  const bySource: Record<string, GridEvent[]> = {};
  config.events.forEach((source, i) => {
    const id = `events[${i}]`;
    if (source.type !== 'static')
      throw new Error(`${id}: a backtest replays only static events (type: static), not "${source.type}"`);
    const list = source.events as StaticEventConfig[];
    bySource[id] = list.map((e, j) => ({
      id: `${id}#${j}`,
      title: e.title ?? 'event',
      start: DateTime.fromISO(e.start).toMillis(),
      end: DateTime.fromISO(e.end).toMillis(),
      effect: toEffect(e.effect),
    }));
  });
  return bySource;
}

/**
 * What grid power costs at each step as paid (per kWh): the import price with the `price` and
 * `reward` events laid over it (the core's `withEventPrices`), time-weighted over the step where an
 * event covers part of it. The same array's values where no event touches a step.
 */
export function paidPrices(
  start: Float64Array,
  importPerKWh: Float64Array,
  stepMs: number,
  events: readonly GridEvent[],
): Float64Array {
  const paid = Float64Array.from(importPerKWh);
  if (events.length === 0) return paid;
  for (let i = 0; i < start.length; i++) {
    const slot = { start: start[i]!, end: start[i]! + stepMs, perKWh: importPerKWh[i]! };
    const priced = withEventPrices([slot], events);
    if (priced.length === 1 && priced[0] === slot) continue;
    paid[i] = priced.reduce((sum, s) => sum + s.perKWh * (s.end - s.start), 0) / stepMs;
  }
  return paid;
}

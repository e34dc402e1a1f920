import { z } from 'zod';
import type { GridEvent, GridEventEffect } from '../../../src/core/grid-events.js';
import { type EffectConfig, effectSchema, toEffect } from './effect.js';

/**
 * How a source without effects of its own (a calendar, a sensor) gives its events one: `effects` are
 * tried in order against the title (case-insensitive substring; the first match wins), else `effect`.
 */
export const effectRulesShape = {
  effect: effectSchema.optional().describe('what an event does when no rule in effects matches it'),
  effects: z
    .array(
      z
        .object({
          match: z
            .string()
            .min(1)
            .describe('text in the title (case-insensitive; part of a word too), e.g. free'),
          effect: effectSchema,
        })
        .strict(),
    )
    .default([])
    .describe('per-event effects by text in the title; the first match wins, else effect'),
};

/** The parsed rule fields. */
export interface EffectRules {
  effect?: EffectConfig | undefined;
  effects: { match: string; effect: EffectConfig }[];
}

/** A config refinement: some effect must be given (else no event could ever have one). */
export function hasSomeEffect(config: EffectRules): boolean {
  return config.effect !== undefined || config.effects.length > 0;
}

/** The effect for an event titled `title`, or undefined when no rule applies (the event is skipped). */
export function effectFor(title: string, rules: EffectRules): GridEventEffect | undefined {
  const lower = title.toLowerCase();
  const rule = rules.effects.find((r) => lower.includes(r.match.toLowerCase()));
  const config = rule?.effect ?? rules.effect;
  return config === undefined ? undefined : toEffect(config);
}

/** The look-ahead window a source reports: events ending after `from` and starting before `to`. */
export interface EventWindow {
  from: number;
  to: number;
}

/** The window around `now`: `behindMs` back and `aheadMs` on. */
export function windowAround(now: number, behindMs: number, aheadMs: number): EventWindow {
  return { from: now - behindMs, to: now + aheadMs };
}

/**
 * A source's list as the store takes it: events inside the window with a window of their own
 * (end after start), in start order, one per id (a feed repeating an event is not two events).
 */
export function windowedEvents(events: readonly GridEvent[], window: EventWindow): GridEvent[] {
  const byId = new Map<string, GridEvent>();
  for (const e of events)
    if (e.end > e.start && e.end > window.from && e.start < window.to && !byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.start - b.start || a.end - b.end || a.id.localeCompare(b.id));
}

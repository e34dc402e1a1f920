import { activeEvents, eventCapW, type GridEvent, knownEvents } from '../src/core/grid-events.js';
import type { Constraint, Policy, PolicyResult } from '../src/core/policy.js';

const POLICY = 'grid-events';

/** How long after an event's start or end the guards let the ledger act at once (ms): the edge ticks. */
export const EVENT_EDGE_MS = 90_000;

function minutesLeft(event: GridEvent, now: number): string {
  return `${Math.ceil((event.end - now) / 60_000)} more min`;
}

function capText(event: GridEvent, capW: number): string {
  if (event.effect.kind === 'stop' || capW === 0) return 'stops every miner';
  return `caps each miner at ${capW} W`;
}

/**
 * Grid events (issue 18): a `stop` or `cap` event forbids the levels above its limit while it lasts,
 * at once and against any override (a grid operator's signal, like the fuse limit); every event's
 * start and end lift the anti-flap guards for a moment, so a free session's miners start at its
 * first second and stop at its last. `price` and `reward` events act through the price series
 * (`pricedByEvents` in decide), so every ledger term sees them.
 */
export function gridEventsPolicy(): Policy {
  return {
    name: POLICY,
    evaluate({ snapshot, miner }): PolicyResult {
      const events = knownEvents(snapshot.events);
      if (events.length === 0) return {};
      const now = snapshot.now;
      const constraints: Constraint[] = [];
      const capW = eventCapW(events, now, now + 1, miner.levels);
      if (capW !== undefined) {
        const levelIds = miner.levels.filter((l) => l.id !== 'off' && l.powerW > capW).map((l) => l.id);
        const limiting = activeEvents(events, now).find(
          (e) => e.effect.kind !== 'price' && e.effect.kind !== 'reward',
        )!;
        if (levelIds.length > 0)
          constraints.push({
            policy: POLICY,
            kind: 'forbid',
            levelIds,
            reason: `event "${limiting.title}" ${capText(limiting, capW)} for ${minutesLeft(limiting, now)}`,
            bypassGuards: true,
            safety: true,
          });
      }
      const edge = events.find(
        (e) =>
          (now >= e.start && now < e.start + EVENT_EDGE_MS) || (now >= e.end && now < e.end + EVENT_EDGE_MS),
      );
      if (edge) {
        const what = now < edge.end ? 'begins' : 'ended';
        constraints.push({ policy: POLICY, kind: 'unguard', reason: `event "${edge.title}" ${what}` });
      }
      return { constraints };
    },
  };
}

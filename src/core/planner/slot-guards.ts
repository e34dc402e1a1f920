import type { SlotGuards } from './plan-types.js';

/** Guard state at a slot boundary: level, whole slots in the current on/off state and level, starts today. */
export interface GuardState {
  levelIndex: number;
  slotsInState: number;
  slotsAtLevel: number;
  startsToday: number;
}

/**
 * Whether moving from `state` to level `to` at a slot boundary respects the guards (minimum on/off
 * time, minimum dwell, starts per day). Stopping is always allowed when `forcedOff` (room too warm),
 * as the live comfort rule bypasses guards.
 */
export function mayMove(guards: SlotGuards, state: GuardState, to: number, forcedOff = false): boolean {
  const from = state.levelIndex;
  if (from === to) return true;
  if (from === 0)
    return state.slotsInState >= guards.minOffSlots && state.startsToday < guards.maxStartsPerDay;
  if (to === 0) return forcedOff || state.slotsInState >= guards.minOnSlots;
  return state.slotsAtLevel >= guards.minDwellSlots;
}

/** The guard state after running at `to` for one slot; counters stop at their caps, starts reset on a new day. */
export function afterMove(
  state: GuardState,
  to: number,
  caps: { state: number; level: number; starts: number },
  newDay: boolean,
): GuardState {
  const from = state.levelIndex;
  const switched = (from === 0) !== (to === 0);
  const started = from === 0 && to !== 0;
  const starts = state.startsToday + (started ? 1 : 0);
  return {
    levelIndex: to,
    slotsInState: Math.min(switched ? 1 : state.slotsInState + 1, caps.state),
    slotsAtLevel: Math.min(from === to ? state.slotsAtLevel + 1 : 1, caps.level),
    startsToday: newDay ? 0 : Math.min(starts, caps.starts),
  };
}

/** Guards in whole slots from guard durations in ms (a partial slot counts as a whole one). */
export function slotGuards(
  guards: { minOnMs: number; minOffMs: number; minDwellMs: number; maxStartsPerDay: number },
  slotMs: number,
): SlotGuards {
  return {
    minOnSlots: Math.ceil(guards.minOnMs / slotMs - 1e-9),
    minOffSlots: Math.ceil(guards.minOffMs / slotMs - 1e-9),
    minDwellSlots: Math.ceil(guards.minDwellMs / slotMs - 1e-9),
    maxStartsPerDay: guards.maxStartsPerDay,
  };
}

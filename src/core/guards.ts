import type { LedgerRow } from './decision.js';
import type { Text } from './lazy-text.js';
import type { MinerMemory } from './memory.js';
import type { GuardSettings } from './model.js';
import { formatPerHour } from './money.js';
import type { Instant } from './types.js';

/** A guard that keeps the current level, with a sentence fragment saying why. */
export interface GuardHold {
  guard:
    | 'min-on-time'
    | 'min-off-time'
    | 'min-dwell'
    | 'starts-cap'
    | 'hysteresis'
    | 'enable-delay'
    | 'disable-delay';
  /** Formatted only when the decision's sentence is read (`Text`). */
  why: Text;
}

function left(since: Instant | undefined, minMs: number, now: Instant): number {
  if (since === undefined) return 0;
  return Math.max(0, since + minMs - now);
}

function minutesGuard(leftMs: number, guard: GuardHold['guard'], label: string): GuardHold | undefined {
  if (leftMs <= 0) return undefined;
  const minutes = leftMs / 60_000;
  return { guard, why: () => `${label} holds for ${minutes < 1 ? '<1' : Math.ceil(minutes)} more min` };
}

function delayGuard(
  leftMs: number,
  totalMs: number,
  guard: GuardHold['guard'],
  what: string,
): GuardHold | undefined {
  if (leftMs <= 0) return undefined;
  const why = () =>
    `the ${what} condition must hold ${Math.round(totalMs / 1000)} s (${Math.ceil(leftMs / 1000)} s left)`;
  return { guard, why };
}

/** Input of the anti-flap check: the move the ledger wants and where the miner is. */
export interface GuardInput {
  now: Instant;
  /** Memory with `wantOnSince`/`wantOffSince` already tracked for this tick. */
  memory: MinerMemory;
  settings: GuardSettings;
  current: LedgerRow | undefined;
  candidate: LedgerRow;
  currency: string;
  /** Whether a surplus figure exists this tick (a grid or PV meter); only then is a step down import-driven. */
  surplusKnown: boolean;
}

function startGuards({ now, memory, settings }: GuardInput): GuardHold | undefined {
  const off = minutesGuard(left(memory.offSince, settings.minOffMs, now), 'min-off-time', 'minimum off time');
  if (off) return off;
  if (memory.startsToday >= settings.maxStartsPerDay) {
    return { guard: 'starts-cap', why: `the cap of ${settings.maxStartsPerDay} starts per day is reached` };
  }
  const since = memory.wantOnSince ?? now;
  return delayGuard(
    left(since, settings.enableDelayMs, now),
    settings.enableDelayMs,
    'enable-delay',
    'start',
  );
}

function stopGuards({ now, memory, settings }: GuardInput): GuardHold | undefined {
  const on = minutesGuard(left(memory.onSince, settings.minOnMs, now), 'min-on-time', 'minimum on time');
  if (on) return on;
  const since = memory.wantOffSince ?? now;
  return delayGuard(
    left(since, settings.disableDelayMs, now),
    settings.disableDelayMs,
    'disable-delay',
    'stop',
  );
}

/** Stepping down while the miner's share imports from the grid is never held by the dwell time. */
function importingStepDown({ current, candidate, settings, surplusKnown }: GuardInput): boolean {
  if (!surplusKnown || current === undefined) return false;
  return candidate.powerW < current.powerW && current.gridW > settings.disableThresholdW;
}

/**
 * Anti-flap guards, in order: minimum off time, the daily starts cap and the enable delay before a
 * start; minimum on time and the disable delay before a stop; minimum dwell before a level change
 * (except a step down that cuts grid import); then the money hysteresis. Undefined = the move may go ahead.
 */
export function checkGuards(input: GuardInput): GuardHold | undefined {
  const { now, memory, settings, current, candidate } = input;
  if (memory.levelId === candidate.levelId) return undefined;
  if (memory.levelId === 'off') {
    const hold = startGuards(input);
    if (hold) return hold;
  } else if (candidate.levelId === 'off') {
    const hold = stopGuards(input);
    if (hold) return hold;
  } else if (!importingStepDown(input)) {
    const dwell = minutesGuard(
      left(memory.levelSince, settings.minDwellMs, now),
      'min-dwell',
      'minimum dwell',
    );
    if (dwell) return dwell;
  }
  if (current?.allowed) {
    const gain = candidate.netPerHour - current.netPerHour;
    if (gain < settings.hysteresisPerHour) {
      const fmt = (v: number) => formatPerHour(v, input.currency);
      const why = () =>
        `the gain of ${fmt(gain)} is below the hysteresis of ${fmt(settings.hysteresisPerHour)}`;
      return { guard: 'hysteresis', why };
    }
  }
  return undefined;
}

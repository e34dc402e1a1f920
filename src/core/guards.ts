import type { LedgerRow } from './decision.js';
import type { MinerMemory } from './memory.js';
import type { GuardSettings } from './model.js';
import { formatPerHour } from './money.js';
import type { Instant } from './types.js';

/** A guard that keeps the current level, with a sentence fragment saying why. */
export interface GuardHold {
  guard: 'min-on-time' | 'min-off-time' | 'min-dwell' | 'starts-cap' | 'hysteresis';
  why: string;
}

function minutesLeft(since: Instant | undefined, minMs: number, now: Instant): number {
  if (since === undefined) return 0;
  return Math.max(0, (since + minMs - now) / 60_000);
}

function timeGuard(left: number, guard: GuardHold['guard'], label: string): GuardHold | undefined {
  if (left <= 0) return undefined;
  return { guard, why: `${label} holds for ${left < 1 ? '<1' : Math.ceil(left)} more min` };
}

/** Input of the anti-flap check: the move the ledger wants and where the miner is. */
export interface GuardInput {
  now: Instant;
  memory: MinerMemory;
  settings: GuardSettings;
  current: LedgerRow | undefined;
  candidate: LedgerRow;
  currency: string;
}

/**
 * Anti-flap guards, in order: minimum off time and the daily starts cap before a start, minimum on
 * time before a stop, minimum dwell before a level change, then the money hysteresis.
 * Returns undefined when the move may go ahead.
 */
export function checkGuards(input: GuardInput): GuardHold | undefined {
  const { now, memory, settings, current, candidate } = input;
  const from = memory.levelId;
  const to = candidate.levelId;
  if (from === to) return undefined;
  const starting = from === 'off';
  const stopping = to === 'off';
  if (starting) {
    const off = timeGuard(
      minutesLeft(memory.offSince, settings.minOffMs, now),
      'min-off-time',
      'minimum off time',
    );
    if (off) return off;
    if (memory.startsToday >= settings.maxStartsPerDay) {
      return { guard: 'starts-cap', why: `the cap of ${settings.maxStartsPerDay} starts per day is reached` };
    }
  } else if (stopping) {
    const on = timeGuard(
      minutesLeft(memory.onSince, settings.minOnMs, now),
      'min-on-time',
      'minimum on time',
    );
    if (on) return on;
  } else {
    const dwell = timeGuard(
      minutesLeft(memory.levelSince, settings.minDwellMs, now),
      'min-dwell',
      'minimum dwell',
    );
    if (dwell) return dwell;
  }
  if (current?.allowed) {
    const gain = candidate.netPerHour - current.netPerHour;
    if (gain < settings.hysteresisPerHour) {
      const fmt = (v: number) => formatPerHour(v, input.currency);
      const why = `the gain of ${fmt(gain)} is below the hysteresis of ${fmt(settings.hysteresisPerHour)}`;
      return { guard: 'hysteresis', why };
    }
  }
  return undefined;
}

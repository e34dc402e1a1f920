import { syntheticPowerW } from './continuous.js';
import type { Memory, MinerMemory } from './memory-types.js';
import type { MinerModel } from './model.js';
import type { Instant, MinerStatus } from './types.js';

export type { Memory, MinerMemory } from './memory-types.js';

/** Memory of a miner never seen before: off, no switch history. */
export function freshMinerMemory(date: string): MinerMemory {
  return { levelId: 'off', startsDate: date, startsToday: 0 };
}

/** An empty memory. */
export function emptyMemory(): Memory {
  return { miners: {} };
}

/** The memory a miner starts this tick with: last tick's (daily counter rolled over), or one seeded from its status. */
export function startingMemory(
  previous: MinerMemory | undefined,
  miner: MinerModel,
  status: MinerStatus | undefined,
  date: string,
): MinerMemory {
  if (previous) {
    const known =
      miner.levels.some((l) => l.id === previous.levelId) ||
      (miner.continuous !== undefined && syntheticPowerW(previous.levelId) !== undefined);
    const rolled =
      previous.startsDate === date ? previous : { ...previous, startsDate: date, startsToday: 0 };
    return known ? rolled : { ...rolled, levelId: 'off' };
  }
  const fresh = freshMinerMemory(date);
  if (!status?.reachable || !status.running) return fresh;
  const reported = miner.levels.find((l) => l.id === status.levelId && l.id !== 'off');
  const lowestOn = miner.levels.find((l) => l.id !== 'off');
  return { ...fresh, levelId: (reported ?? lowestOn)?.id ?? 'off' };
}

/** Memory after choosing `levelId` at `now`: switch times and the start counter updated. */
export function nextMemory(memory: MinerMemory, levelId: string, now: Instant, date: string): MinerMemory {
  if (memory.levelId === levelId) return memory;
  // A step between running levels keeps a pending stop wish (the stop's delay runs on); a start or stop clears both.
  const stepping = memory.levelId !== 'off' && levelId !== 'off';
  const kept = stepping ? memory : clearWants(memory);
  const next: MinerMemory = { ...kept, levelId, levelSince: now, previousLevelId: memory.levelId };
  if (memory.levelId === 'off') {
    next.onSince = now;
    next.startsToday = (memory.startsDate === date ? memory.startsToday : 0) + 1;
    next.startsDate = date;
  }
  if (levelId === 'off') next.offSince = now;
  return next;
}

/** Tracks since when the ledger has continuously wanted a start or a stop (for enable/disable delays). */
export function trackWants(memory: MinerMemory, wantedLevelId: string, now: Instant): MinerMemory {
  const { wantOnSince, wantOffSince } = memory;
  const wantsOn = memory.levelId === 'off' && wantedLevelId !== 'off';
  const wantsOff = memory.levelId !== 'off' && wantedLevelId === 'off';
  // Unchanged wishes (most ticks of most miners): the same memory, not a copy of it.
  if ((wantOnSince !== undefined) === wantsOn && (wantOffSince !== undefined) === wantsOff) return memory;
  const next = clearWants(memory);
  if (wantsOn) next.wantOnSince = wantOnSince ?? now;
  if (wantsOff) next.wantOffSince = wantOffSince ?? now;
  return next;
}

/** Memory without start/stop wishes (a choice no guard weighed: override, fallback, safety). */
export function clearWants(memory: MinerMemory): MinerMemory {
  // Field by field rather than `{ ...rest }` (object rest is several times slower in V8 and this runs for
  // every miner every tick): a field added to MinerMemory must be added here too (memory.test.ts checks).
  const next: MinerMemory = {
    levelId: memory.levelId,
    startsDate: memory.startsDate,
    startsToday: memory.startsToday,
  };
  if (memory.levelSince !== undefined) next.levelSince = memory.levelSince;
  if (memory.previousLevelId !== undefined) next.previousLevelId = memory.previousLevelId;
  if (memory.onSince !== undefined) next.onSince = memory.onSince;
  if (memory.offSince !== undefined) next.offSince = memory.offSince;
  return next;
}

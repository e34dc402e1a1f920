import type { Instant } from './types.js';

/** A device that follows miners (issue 19): a fan, a pump or a blower on a plug, on while any of them runs. */
export interface FollowerModel {
  id: string;
  /** The miners it follows. */
  minerIds: string[];
  /** How long it stays on after the last of them stops (ms). */
  runOnMs: number;
}

/** What a follower remembers between ticks: when a followed miner was last seen running. */
export interface FollowerMemory {
  lastRunningAt?: Instant;
}

/** Whether a follower should be on now, why, and its memory for the next tick. */
export interface FollowerWant {
  on: boolean;
  reason: string;
  memory: FollowerMemory;
}

/**
 * A follower's state from its miners' levels (the levels the devices took, `off` when stopped): on while
 * any runs; after the last stops, on for `runOnMs` more (a fan clearing the heat, a pump the loop's);
 * then off. Pure: the shell switches the plug.
 */
export function followerWant(
  follower: FollowerModel,
  levels: Readonly<Record<string, string | undefined>>,
  now: Instant,
  memory: FollowerMemory,
): FollowerWant {
  const running = follower.minerIds.filter((id) => (levels[id] ?? 'off') !== 'off');
  if (running.length > 0)
    return { on: true, reason: `on: ${running.join(', ')} running`, memory: { lastRunningAt: now } };
  const last = memory.lastRunningAt;
  if (last !== undefined && now < last + follower.runOnMs) {
    const leftMin = Math.ceil((last + follower.runOnMs - now) / 60_000);
    return { on: true, reason: `run-on: ${leftMin} more min after its miners stopped`, memory };
  }
  return { on: false, reason: 'off: none of its miners runs', memory };
}

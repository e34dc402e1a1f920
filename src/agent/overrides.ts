import { DateTime } from 'luxon';
import type { MinerBaseConfig } from '../../config/common.js';
import type { Instant, Override } from '../core/types.js';

import type { OverrideRequest } from '../override-request.js';

export { requestProblem, withRequest } from '../override-request.js';
export type { OverrideRequest };

/** Overrides without the expired ones, and the ids of the miners whose override expired. */
export function withoutExpired(
  overrides: Record<string, Override>,
  now: Instant,
): { overrides: Record<string, Override>; expired: string[] } {
  const expired = Object.keys(overrides).filter((id) => {
    const until = overrides[id]?.until;
    return until !== undefined && until <= now;
  });
  if (expired.length === 0) return { overrides, expired };
  const next = { ...overrides };
  for (const id of expired) delete next[id];
  return { overrides: next, expired };
}

/** The override requests of the config (`override:` per miner), with `until` read in the site's time zone. */
export function configRequests(miners: readonly MinerBaseConfig[], timeZone: string): OverrideRequest[] {
  return miners.flatMap((miner) => {
    if (!miner.override) return [];
    const { level, until } = miner.override;
    const request: OverrideRequest = { minerId: miner.id, levelId: level, source: 'config' };
    if (until !== undefined) request.until = DateTime.fromISO(until, { zone: timeZone }).toMillis();
    return [request];
  });
}

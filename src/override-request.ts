import type { Model } from './core/model.js';
import type { Instant, Override } from './core/types.js';

/** A request to set (`off` or a level id) or clear (`auto`) one miner's manual override. */
export interface OverrideRequest {
  minerId: string;
  /** `auto`, `off` or a level id. */
  levelId: string;
  /** Expiry (epoch ms); none = until changed. */
  until?: Instant;
  /** Who asked: `cli`, `config`, `homeassistant`, … */
  source: string;
}

/** Why a request cannot apply to this model; undefined when it can. */
export function requestProblem(request: OverrideRequest, model: Model, now: Instant): string | undefined {
  const miner = model.miners.find((m) => m.id === request.minerId);
  if (!miner) return `no miner "${request.minerId}" (miners: ${model.miners.map((m) => m.id).join(', ')})`;
  const levels = ['auto', ...miner.levels.map((l) => l.id)];
  if (!levels.includes(request.levelId))
    return `no level "${request.levelId}" on ${miner.id} (expected one of ${levels.join(', ')})`;
  if (request.until !== undefined && request.until <= now)
    return `the override ends in the past (${new Date(request.until).toISOString()})`;
  return undefined;
}

/** Overrides with one request applied: `auto` clears the miner's override, anything else sets it. */
export function withRequest(
  overrides: Record<string, Override>,
  request: OverrideRequest,
): Record<string, Override> {
  const next = { ...overrides };
  if (request.levelId === 'auto') delete next[request.minerId];
  else {
    next[request.minerId] = {
      levelId: request.levelId,
      source: request.source,
      ...(request.until !== undefined ? { until: request.until } : {}),
    };
  }
  return next;
}

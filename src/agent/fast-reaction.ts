import type { Reading } from '../core/types.js';
import type { SignalUpdate } from '../ports.js';

/** When a grid reading should trigger an immediate re-evaluation. */
export interface FastReactionSettings {
  /** Import (W) whose appearance triggers a re-evaluation (crossing from below). */
  importThresholdW: number;
  /** Any jump of at least this much (W) between two readings triggers one too. */
  jumpW: number;
}

/**
 * Whether a new grid-power reading warrants re-evaluating now instead of at the next tick: import
 * appearing above the threshold, or a large jump either way (a kettle, a passing cloud).
 */
export function gridNeedsReaction(
  update: SignalUpdate,
  previous: Reading<unknown> | undefined,
  settings: FastReactionSettings,
): boolean {
  if (update.key !== 'grid.powerW' || !previous || typeof previous.value !== 'number') return false;
  const now = update.reading.value as number;
  const before = previous.value;
  const importAppeared = before <= settings.importThresholdW && now > settings.importThresholdW;
  return importAppeared || Math.abs(now - before) >= settings.jumpW;
}

import type { Deps } from '../ports.js';

/** At most one warning per key in this window (ms). */
const WINDOW_MS = 10 * 60_000;

/**
 * Warns about a recurring problem (a sensor sending impossible values) at most once per key every
 * ten minutes, saying how many were dropped since the last warning, so a broken device cannot
 * flood the log.
 */
export class RateLimitedWarning {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(private readonly deps: Deps) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.deps.clock.now();
    const seen = this.last.get(key);
    if (seen && now - seen.at < WINDOW_MS) {
      seen.suppressed += 1;
      return;
    }
    const suppressed = seen?.suppressed ?? 0;
    this.last.set(key, { at: now, suppressed: 0 });
    this.deps.logger.warn({ ...fields, ...(suppressed > 0 ? { suppressed } : {}) }, message);
  }
}

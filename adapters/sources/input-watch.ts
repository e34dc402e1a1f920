import type { Deps } from '../../src/ports.js';

/**
 * Health of one pushed input (topic or entity): logs a bad payload or a silent input once per spell
 * and the recovery once, never every message. Arms a timer so silence past `maxAgeMs` is noticed.
 */
export class InputWatch {
  /** When the last good value arrived (epoch ms). */
  lastValueAt: number | undefined;
  private problem: string | undefined;
  private timer: unknown;

  constructor(
    private readonly deps: Deps,
    private readonly context: Record<string, unknown>,
    private readonly maxAgeMs?: number,
  ) {}

  /** Something unusable arrived (or the input said "no data"): logged once until a good value. */
  bad(reason: string): void {
    if (this.problem !== undefined) return;
    this.problem = reason;
    this.deps.logger.warn(
      { ...this.context, reason },
      'input has no usable value; keeping the last good one',
    );
  }

  /** A good value arrived at `at` (epoch ms). */
  good(at: number): void {
    if (this.problem !== undefined) {
      this.deps.logger.info({ ...this.context, after: this.problem }, 'input recovered');
      this.problem = undefined;
    }
    this.lastValueAt = at;
    this.arm();
  }

  /** Stops the silence timer. */
  close(): void {
    if (this.timer !== undefined) this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.maxAgeMs === undefined) return;
    this.close();
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = undefined;
      this.bad(`no new value for ${Math.round(this.maxAgeMs! / 1000)} s`);
    }, this.maxAgeMs);
  }
}

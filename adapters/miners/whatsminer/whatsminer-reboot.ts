import type { Clock } from '../../../src/ports.js';

/**
 * A power-limit change the miner restarts to apply (`set.miner.power_limit` / `adjust_power_limit`
 * "will reboot"; reference miners.md §4). The adapter never waits for the restart inside one call:
 * it remembers the limit it sent, answers "rebooting" until the miner is back at that limit, and
 * lets a later call (the supervisor retries with backoff) confirm it. After `timeoutMs` without the
 * miner coming back at the limit, the change counts as lost and may be sent again.
 */
export class PendingLimit {
  private pending: { limitW: number; sinceMs: number } | undefined;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: Clock,
  ) {}

  /** Records that `limitW` was just sent. */
  sent(limitW: number): void {
    this.pending = { limitW, sinceMs: this.clock.now() };
  }

  /** Whether a change is under way and not yet timed out. */
  active(): boolean {
    if (!this.pending) return false;
    if (this.clock.now() - this.pending.sinceMs <= this.timeoutMs) return true;
    this.pending = undefined;
    return false;
  }

  /** Whether `limitW` is the change under way (so sending it again would only restart the miner again). */
  awaiting(limitW: number): boolean {
    return this.active() && this.pending?.limitW === limitW;
  }

  /** Clears the change once a reading shows the miner at that limit. Returns true when it did. */
  settle(reportedLimitW: number | undefined): boolean {
    if (!this.pending || reportedLimitW !== this.pending.limitW) return false;
    this.pending = undefined;
    return true;
  }

  /** Human text, e.g. `rebooting to apply the 3000 W power limit (sent 40 s ago)`. */
  describe(): string {
    if (!this.pending) return 'no power-limit change under way';
    const agoS = Math.round((this.clock.now() - this.pending.sinceMs) / 1000);
    return `rebooting to apply the ${this.pending.limitW} W power limit (sent ${agoS} s ago)`;
  }
}

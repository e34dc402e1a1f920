import type { GridEvent } from '../core/grid-events.js';
import type { Clock } from '../ports.js';

/**
 * Wakes the agent at the next start or end of a grid event (issue 18), so a free session's miners
 * start in its first second and stop in its last instead of at the next cron tick. Re-armed after
 * every wake and whenever a source delivers a new event list.
 */
export class EventEdges {
  private timer: unknown;
  private events: readonly GridEvent[] = [];
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  /** Takes the current event list and arms the timer for its next edge. */
  update(events: readonly GridEvent[]): void {
    this.events = events;
    this.arm();
  }

  /** The next edge after now, if any. */
  nextEdge(): number | undefined {
    const now = this.clock.now();
    let next: number | undefined;
    for (const e of this.events)
      for (const at of [e.start, e.end]) if (at > now && (next === undefined || at < next)) next = at;
    return next;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.nextEdge();
    if (this.stopped || next === undefined) return;
    // Timers may fire a millisecond early; one more keeps the wake inside the new window.
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = undefined;
        this.wake();
        this.arm();
      },
      next - this.clock.now() + 1,
    );
  }
}

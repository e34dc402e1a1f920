import type { SignalKey } from '../core/types.js';
import { errorText } from '../errors.js';
import type { Deps, SignalUpdate, Source, SourceHealth } from '../ports.js';

const FIRST_RETRY_MS = 15_000;

/** Health of one source, for `check`, logs and Home Assistant. */
export type { SourceHealth };

/**
 * Runs sources: polled ones on their own schedule with exponential backoff on failure (capped at
 * their interval), push ones started once. Logs only transitions (failed → recovered), never every retry.
 */
export class SourceRunner {
  private readonly timers = new Map<string, unknown>();
  private readonly health = new Map<string, SourceHealth>();
  private stopped = false;

  constructor(
    private readonly sources: readonly Source[],
    private readonly deliver: (update: SignalUpdate) => void,
    private readonly deps: Deps,
  ) {
    for (const s of sources) this.health.set(s.id, { id: s.id, ok: false, failures: 0 });
  }

  /** Starts everything; resolves once every source has answered or failed once. */
  async start(): Promise<void> {
    await Promise.all(
      this.sources.map(async (source) => {
        if (source.start) await this.startPush(source);
        if (source.poll) await this.pollOnce(source);
      }),
    );
  }

  /** Polls every polled source once (for `check` and `signals`), without scheduling. */
  async pollAllOnce(): Promise<void> {
    await Promise.all(this.sources.filter((s) => s.poll).map((s) => this.pollOnce(s, false)));
  }

  /** Stops timers and closes every source. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const handle of this.timers.values()) this.deps.clock.clearTimeout(handle);
    this.timers.clear();
    await Promise.all(this.sources.map((s) => s.close?.().catch(() => undefined)));
  }

  /** Signal keys fed by push sources (MQTT, Home Assistant statestream): they arrive after start. */
  pushKeys(): SignalKey[] {
    return this.sources.filter((s) => s.start).flatMap((s) => [...s.keys]);
  }

  /** Signal keys a source feeds. */
  keysOf(id: string): readonly SignalKey[] {
    return this.sources.find((s) => s.id === id)?.keys ?? [];
  }

  /** Health of every source. */
  healthAll(): SourceHealth[] {
    return [...this.health.values()].map((h) => ({ ...h }));
  }

  private async startPush(source: Source): Promise<void> {
    try {
      await source.start?.((update) => {
        this.markOk(source.id);
        this.deliver(update);
      });
    } catch (error) {
      this.markFailed(source.id, error);
    }
  }

  private async pollOnce(source: Source, schedule = true): Promise<void> {
    let delayMs: number;
    try {
      const updates = (await source.poll?.()) ?? [];
      for (const update of updates) this.deliver(update);
      this.markOk(source.id);
      delayMs = source.nextPollInMs?.(this.deps.clock.now()) ?? source.intervalMs ?? 60_000;
    } catch (error) {
      const failures = this.markFailed(source.id, error);
      delayMs = Math.min(source.intervalMs ?? 60_000, FIRST_RETRY_MS * 2 ** (failures - 1));
    }
    if (!schedule || this.stopped) return;
    this.timers.set(
      source.id,
      this.deps.clock.setTimeout(() => void this.pollOnce(source), Math.max(1000, delayMs)),
    );
  }

  private markOk(id: string): void {
    const health = this.health.get(id)!;
    if (health.failures > 0)
      this.deps.logger.info({ source: id, after: health.failures }, 'source recovered');
    health.ok = true;
    health.failures = 0;
    health.lastSuccessAt = this.deps.clock.now();
    delete health.lastError;
  }

  private markFailed(id: string, error: unknown): number {
    const health = this.health.get(id)!;
    health.failures += 1;
    health.ok = false;
    health.lastError = errorText(error);
    if (health.failures === 1)
      this.deps.logger.warn(
        { source: id, error: health.lastError },
        'source failed; keeping its last good reading',
      );
    return health.failures;
  }
}

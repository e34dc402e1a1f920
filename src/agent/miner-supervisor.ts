import { maxPlausibleMinerW, plausibleStatus } from '../core/plausible.js';
import type { Level, MinerStatus } from '../core/types.js';
import { DeviceError, errorText } from '../errors.js';
import type { ApplyResult, Deps, MinerAdapter } from '../ports.js';
import { RateLimitedWarning } from './rate-limited-warning.js';
import { withTimeout } from './timeout.js';

const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 10 * 60_000;
/** Status reads after a timeout: the first retry after 30 s, doubling to 5 min (a hung device costs one timeout, not one per tick). */
const FIRST_READ_BACKOFF_MS = 30_000;
const MAX_READ_BACKOFF_MS = 5 * 60_000;
/** A typical read is the median of this many recent ones (one slow first read with a cold connection does not count for long). */
const TYPICAL_READS = 7;

/**
 * Wraps one miner adapter for the agent: serialises calls to the device, bounds each by the
 * miner's timeout, keeps the last good status, logs only reachability transitions, and backs off
 * (30 s doubling to 10 min) after a failed or refused command instead of hammering the device with
 * it again; a command for another level (a stop after a start that is still booting) goes out at once.
 * A status read that timed out backs off the same way (30 s doubling to 5 min); in between, `status()`
 * answers the last good values at once, marked unreachable.
 */
export class MinerSupervisor {
  private queue: Promise<unknown> = Promise.resolve();
  private lastGood: MinerStatus | undefined;
  private reachable = true;
  private applyFailures = 0;
  private nextApplyAt = 0;
  /** The level whose command failed last; the backoff holds back only that one. */
  private failedLevelId: string | undefined;

  private lastCommandAt: number | undefined;
  private readonly implausible: RateLimitedWarning;
  /** The status read under way, shared by every caller that asks meanwhile. */
  private reading: Promise<MinerStatus> | undefined;
  private readTimeouts = 0;
  private nextReadAt = 0;
  private lastError: string | undefined;
  /** Durations of the last successful status reads (ms), newest last. */
  private readonly readMs: number[] = [];

  constructor(
    readonly adapter: MinerAdapter,
    private readonly limits: { timeoutMs: number; minCommandIntervalMs: number },
    private readonly deps: Deps,
  ) {
    this.implausible = new RateLimitedWarning(deps);
  }

  /** The device's timeout (ms): how long one status read may take. */
  get timeoutMs(): number {
    return this.limits.timeoutMs;
  }

  /** Consecutive failed or refused commands. */
  get failedApplies(): number {
    return this.applyFailures;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** True while a status read is under way (a command now would queue behind it). */
  get busy(): boolean {
    return this.reading !== undefined;
  }

  /** How long a status read usually takes (ms): the median of the last 7; undefined until the device has answered. */
  get typicalReadMs(): number | undefined {
    if (this.readMs.length === 0) return undefined;
    const sorted = [...this.readMs].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  }

  /** The status as last known, without asking the device (for a tick that cannot wait for a slow read). */
  cachedStatus(): MinerStatus {
    if (this.reachable && this.lastGood) return this.withFailures(this.lastGood);
    return this.unreachableStatus(this.lastError ?? 'no status read yet');
  }

  /**
   * The device's status; never throws: an unreachable device keeps its last good values with
   * `reachable: false`. Callers during a read share it; after a timeout, reads back off.
   */
  status(): Promise<MinerStatus> {
    const now = this.deps.clock.now();
    if (now < this.nextReadAt) {
      const inS = Math.ceil((this.nextReadAt - now) / 1000);
      return Promise.resolve(this.unreachableStatus(`${this.lastError}; next read in ${inS} s`));
    }
    if (!this.reading) {
      this.reading = this.readNow().finally(() => {
        this.reading = undefined;
      });
    }
    return this.reading;
  }

  private async readNow(): Promise<MinerStatus> {
    const what = `${this.adapter.id} status`;
    const startedAt = this.deps.clock.now();
    try {
      const status = this.plausible(
        await this.serial(() => withTimeout(this.adapter.status(), this.timeoutMs, this.deps.clock, what)),
      );
      if (!this.reachable) this.deps.logger.info({ miner: this.adapter.id }, 'miner reachable again');
      this.readMs.push(this.deps.clock.now() - startedAt);
      if (this.readMs.length > TYPICAL_READS) this.readMs.shift();
      this.reachable = true;
      this.lastGood = status;
      this.lastError = undefined;
      this.readTimeouts = 0;
      this.nextReadAt = 0;
      this.confirmLate(status);
      return this.withFailures(status);
    } catch (error) {
      const text = errorText(error);
      if (this.reachable) this.deps.logger.warn({ miner: this.adapter.id, error: text }, 'miner unreachable');
      this.reachable = false;
      this.lastError = text;
      if (error instanceof DeviceError && error.code === 'TIMEOUT') {
        this.readTimeouts += 1;
        const delay = Math.min(MAX_READ_BACKOFF_MS, FIRST_READ_BACKOFF_MS * 2 ** (this.readTimeouts - 1));
        this.nextReadAt = this.deps.clock.now() + delay;
      }
      return this.unreachableStatus(text);
    }
  }

  private unreachableStatus(error: string): MinerStatus {
    const last = this.lastGood;
    return this.withFailures({
      ...(last ?? { running: false }),
      reachable: false,
      error,
      at: last?.at ?? this.deps.clock.now(),
    });
  }

  /** The status without impossible measurements (a plug reporting 1e300 W): they never reach learning or counters. */
  private plausible(raw: MinerStatus): MinerStatus {
    const topW = Math.max(0, ...this.adapter.levels().map((l) => l.powerW));
    const { status, rejected } = plausibleStatus(raw, maxPlausibleMinerW(topW));
    if (rejected.length > 0)
      this.implausible.warn(
        this.adapter.id,
        { miner: this.adapter.id, rejected },
        'implausible miner reading ignored',
      );
    return status;
  }

  /** A slow command (a Whatsminer restarting for a new power limit) confirmed by a later status clears the failures. */
  private confirmLate(status: MinerStatus): void {
    const target = this.failedLevelId;
    if (target === undefined) return;
    const reached = target === 'off' ? !status.running : status.running && status.levelId === target;
    if (!reached) return;
    this.applyFailures = 0;
    this.nextApplyAt = 0;
    this.failedLevelId = undefined;
  }

  /** A status with the consecutive failed commands, for the safety policy (marks a miner faulty). */
  private withFailures(status: MinerStatus): MinerStatus {
    const withOff =
      this.adapter.capabilities.switchesOff === false ? { ...status, canSwitchOff: false } : status;
    return this.applyFailures > 0 ? { ...withOff, commandFailures: this.applyFailures } : withOff;
  }

  /** Sends a level unless backing off after failures; never throws. */
  async apply(level: Level): Promise<ApplyResult & { skipped?: boolean }> {
    const now = this.deps.clock.now();
    if (now < this.nextReadAt) {
      return {
        accepted: false,
        skipped: true,
        detail: 'status reads back off after a timeout; waiting for the device to answer',
      };
    }
    if (now < this.nextApplyAt && level.id === this.failedLevelId) {
      return { accepted: false, skipped: true, detail: 'backing off after a failed command' };
    }
    // At most one command per interval, so a noisy meter cannot cause a command storm; stops always pass.
    const sinceLast = this.lastCommandAt === undefined ? Number.POSITIVE_INFINITY : now - this.lastCommandAt;
    if (level.id !== 'off' && sinceLast < this.limits.minCommandIntervalMs) {
      return { accepted: false, skipped: true, detail: 'rate-limited' };
    }
    this.lastCommandAt = now;
    const what = `${this.adapter.id} apply ${level.id}`;
    try {
      const result = await this.serial(() =>
        withTimeout(this.adapter.apply(level), this.timeoutMs * 3, this.deps.clock, what),
      );
      if (result.accepted) {
        this.applyFailures = 0;
        this.nextApplyAt = 0;
        this.failedLevelId = undefined;
      } else if (result.pending) {
        this.deps.logger.debug({ miner: this.adapter.id, detail: result.detail }, 'command under way');
      } else this.backoff(now, level.id, result.detail ?? 'refused');
      return result;
    } catch (error) {
      this.backoff(now, level.id, errorText(error));
      return { accepted: false, detail: errorText(error) };
    }
  }

  /**
   * Caps the fans (%) or gives them back to the firmware (`undefined`), queued with the other calls
   * to the device and bounded like a command. Throws when the device refuses or does not answer.
   */
  async setFanCap(percent: number | undefined): Promise<void> {
    const set = this.adapter.setFanCapPercent;
    if (!set) throw new Error(`${this.adapter.id} exposes no fan control`);
    const what = `${this.adapter.id} fan cap`;
    await this.serial(() =>
      withTimeout(set.call(this.adapter, percent), this.timeoutMs * 3, this.deps.clock, what),
    );
  }

  /** Lets the next read and command through at once (a user command): clears both backoffs and the rate limit. */
  resetBackoff(): void {
    this.nextReadAt = 0;
    this.readTimeouts = 0;
    this.applyFailures = 0;
    this.nextApplyAt = 0;
    this.failedLevelId = undefined;
    this.lastCommandAt = undefined;
  }

  private backoff(now: number, levelId: string, detail: string): void {
    this.applyFailures += 1;
    this.failedLevelId = levelId;
    const delay = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (this.applyFailures - 1));
    this.nextApplyAt = now + delay;
    if (this.applyFailures === 1)
      this.deps.logger.warn(
        { miner: this.adapter.id, detail },
        'miner did not take the command; retrying with backoff',
      );
  }

  async close(): Promise<void> {
    await this.adapter.close().catch(() => undefined);
  }
}

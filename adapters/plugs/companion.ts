import type { Level, MinerStatus } from '../../src/core/types.js';
import { DeviceError, errorText } from '../../src/errors.js';
import type { ApplyResult, Deps, MinerAdapter, MinerCapabilities } from '../../src/ports.js';
import type { PlugState, PowerSwitch } from './power-switch.js';

/** How a companion plug treats its miner (both in seconds). */
export interface CompanionOptions {
  /** After a soft stop, cut the power this long later. */
  hardOffDelaySeconds: number;
  /** After powering on, failures to answer count as booting for this long. */
  bootSeconds: number;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** The miner's error, with the plug's failure appended when both failed. */
function combined(minerError: unknown, plugError?: unknown): DeviceError {
  const plugText = plugError === undefined ? '' : `; plug: ${errorText(plugError)}`;
  if (minerError instanceof DeviceError)
    return new DeviceError(minerError.code, `${minerError.message}${plugText}`, minerError.retryable, {
      cause: minerError,
    });
  return new DeviceError('UNREACHABLE', `${errorText(minerError)}${plugText}`, true, { cause: minerError });
}

/** A miner behind a smart plug: the plug meters it and cuts its power when it should be off. */
class CompanionMiner implements MinerAdapter {
  readonly id: string;
  readonly family: string;
  readonly capabilities: MinerCapabilities;
  readonly describe?: MinerAdapter['describe'];
  readonly setFanCapPercent?: MinerAdapter['setFanCapPercent'];
  private pendingCut: unknown;
  private cutGeneration = 0;
  private poweredOnAt: number | undefined;
  private lastPlugOn: boolean | undefined;
  /** Last level commanded since start: true = a running level, false = off, undefined = none yet. */
  private wantRunning: boolean | undefined;
  private plugFailing = false;
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inner: MinerAdapter,
    private readonly plug: PowerSwitch,
    private readonly options: CompanionOptions,
    private readonly deps: Deps,
  ) {
    this.id = inner.id;
    this.family = inner.family;
    this.capabilities = { ...inner.capabilities, reportsPower: true, switchesOff: true };
    if (inner.describe) this.describe = () => inner.describe!();
    if (inner.setFanCapPercent) this.setFanCapPercent = (percent) => inner.setFanCapPercent!(percent);
  }

  levels(): Level[] {
    return this.inner.levels();
  }

  async status(): Promise<MinerStatus> {
    // Ask the miner in parallel unless its plug was off last time (an unpowered miner only times out).
    const early = this.lastPlugOn === false ? undefined : settle(this.inner.status());
    const plug = await settle(this.plug.read());
    const now = this.deps.clock.now();
    if (plug.ok) {
      this.plugAnswered(plug.value);
      if (!plug.value.on) return this.knownOff(plug.value, now);
    } else this.plugFailed(plug.error);
    const miner = await (early ?? settle(this.inner.status()));
    if (miner.ok) {
      this.poweredOnAt = undefined;
      const status: MinerStatus = { ...miner.value };
      if (plug.ok && plug.value.powerW !== undefined) status.powerW = plug.value.powerW;
      if (!plug.ok) status.error = `plug ${this.plug.label}: ${errorText(plug.error)}`;
      if (plug.ok && status.reachable && !status.running) this.cutIfIdle();
      return status;
    }
    if (plug.ok && this.booting(now)) {
      const powerW = plug.value.powerW;
      return { reachable: true, running: false, ...(powerW !== undefined ? { powerW } : {}), at: now };
    }
    throw combined(miner.error, plug.ok ? undefined : plug.error);
  }

  apply(level: Level): Promise<ApplyResult> {
    return this.exclusive(() => (level.id === 'off' ? this.stop(level) : this.start(level)));
  }

  async close(): Promise<void> {
    this.cancelCut();
    await this.inner.close();
    await this.plug.close();
  }

  private knownOff(plug: PlugState, now: number): MinerStatus {
    return {
      reachable: false,
      running: false,
      levelId: 'off',
      powerW: plug.powerW ?? 0,
      error: `powered off by ${this.plug.label}`,
      at: now,
    };
  }

  /** Power on first and let the next tick apply the level once the miner answers (never blocks a tick). */
  private async start(level: Level): Promise<ApplyResult> {
    this.cancelCut();
    this.wantRunning = true;
    const plug = await settle(this.plug.read());
    if (plug.ok) this.plugAnswered(plug.value);
    else this.plugFailed(plug.error);
    if (plug.ok && !plug.value.on) {
      await this.plug.set(true);
      const after = await this.plug.read();
      this.plugAnswered(after);
      if (!after.on) return { accepted: false, detail: `${this.plug.label} did not switch on` };
      this.poweredOnAt = this.deps.clock.now();
      this.deps.logger.info({ miner: this.id, plug: this.plug.label }, 'plug switched on; miner booting');
      return { accepted: false, pending: true, detail: 'booting' };
    }
    try {
      return await this.inner.apply(level);
    } catch (error) {
      if (plug.ok && this.booting(this.deps.clock.now()))
        return { accepted: false, pending: true, detail: 'booting' };
      throw combined(error, plug.ok ? undefined : plug.error);
    }
  }

  /** Soft stop, then a delayed cut; a miner that cannot stop softly (or refuses) is cut at once. */
  private async stop(off: Level): Promise<ApplyResult> {
    this.wantRunning = false;
    if (this.inner.capabilities.softStop) {
      const soft = await settle(this.inner.apply(off));
      if (soft.ok && soft.value.accepted) {
        this.scheduleCut();
        return { accepted: true, detail: `soft-stopped; power cut in ${this.options.hardOffDelaySeconds} s` };
      }
      const why = soft.ok ? (soft.value.detail ?? 'refused') : errorText(soft.error);
      this.deps.logger.debug({ miner: this.id, why }, 'soft stop failed; cutting power now');
    }
    this.cancelCut();
    const after = await this.cut();
    return after.on
      ? { accepted: false, detail: `${this.plug.label} still on` }
      : { accepted: true, detail: 'power cut' };
  }

  private async cut(): Promise<PlugState> {
    await this.plug.set(false);
    const after = await this.plug.read();
    this.plugAnswered(after);
    if (!after.on) this.poweredOnAt = undefined;
    return after;
  }

  /**
   * A miner we stopped but whose power is still on (the delayed cut failed, or the plug was switched
   * back on) gets another delayed cut. Only after our own `off`: status alone never commands a device
   * (dry runs and a disabled agent must not switch anything).
   */
  private cutIfIdle(): void {
    if (this.wantRunning !== false || this.booting(this.deps.clock.now())) return;
    this.scheduleCut();
  }

  private scheduleCut(): void {
    if (this.pendingCut !== undefined) return; // a repeated `off` must not postpone the cut
    const generation = ++this.cutGeneration;
    this.pendingCut = this.deps.clock.setTimeout(() => {
      this.pendingCut = undefined;
      void this.exclusive(() => this.delayedCut(generation));
    }, this.options.hardOffDelaySeconds * 1000);
  }

  private async delayedCut(generation: number): Promise<void> {
    if (generation !== this.cutGeneration || this.wantRunning === true) return;
    try {
      const after = await this.cut();
      if (after.on)
        this.deps.logger.warn({ miner: this.id, plug: this.plug.label }, 'plug stayed on after cut');
      else this.deps.logger.info({ miner: this.id, plug: this.plug.label }, 'power cut after soft stop');
    } catch (error) {
      this.deps.logger.warn(
        { miner: this.id, plug: this.plug.label, error: errorText(error) },
        'could not cut power',
      );
    }
  }

  private cancelCut(): void {
    if (this.pendingCut !== undefined) this.deps.clock.clearTimeout(this.pendingCut);
    this.pendingCut = undefined;
    this.cutGeneration += 1;
  }

  private booting(now: number): boolean {
    return this.poweredOnAt !== undefined && now - this.poweredOnAt < this.options.bootSeconds * 1000;
  }

  private plugAnswered(state: PlugState): void {
    this.lastPlugOn = state.on;
    if (this.plugFailing)
      this.deps.logger.info({ miner: this.id, plug: this.plug.label }, 'plug reachable again');
    this.plugFailing = false;
  }

  private plugFailed(error: unknown): void {
    if (!this.plugFailing)
      this.deps.logger.warn(
        { miner: this.id, plug: this.plug.label, error: errorText(error) },
        'plug unreachable',
      );
    this.plugFailing = true;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** Wraps `adapter` with its companion `plug`: plug-measured power, power-on before start, hard off after stop. */
export function withCompanion(
  adapter: MinerAdapter,
  plug: PowerSwitch,
  options: CompanionOptions,
  deps: Deps,
): MinerAdapter {
  return new CompanionMiner(adapter, plug, options, deps);
}

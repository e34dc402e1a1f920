import type { Config } from '../../config/schema.js';
import { quietFanCap, quietWindowSchema, windowOf } from '../../policies/quiet-hours.js';
import type { QuietWindow } from '../../policies/rules.js';
import type { LocalTime, MinerStatus } from '../core/types.js';
import { errorText } from '../errors.js';
import type { Deps, FanCapOutcome } from '../ports.js';
import type { MinerSupervisor } from './miner-supervisor.js';

/** A miner's quiet windows with a `fanCapPercent`, from its `quietHours` and its `quiet-hours` policies. */
function fanWindows(miner: Config['miners'][number]): QuietWindow[] {
  const raw = [
    ...(miner.quietHours ?? []),
    ...((miner.policies ?? []) as { type: string; windows?: unknown[] }[])
      .filter((p) => p.type === 'quiet-hours')
      .flatMap((p) => p.windows ?? []),
  ];
  return raw.map((w) => windowOf(quietWindowSchema.parse(w))).filter((w) => w.fanCapPercent !== undefined);
}

interface Capped {
  minerId: string;
  windows: QuietWindow[];
  /** What the device was last set to: a cap (%), `auto`, or undefined when unknown (a failure). */
  sent?: number | 'auto';
  failing: boolean;
}

/**
 * Fan caps for quiet hours (issue 19): while a quiet window with `fanCapPercent` is open, the miner's
 * fans are capped (`setFanCapPercent`); when it closes they go back to the firmware's control. Only
 * changes are sent; a cap left by a restart (the state file's `fanCaps`) is released on the first tick
 * outside the window. A failure is retried each tick and logged on the transitions.
 */
export class FanCaps {
  private readonly items: Capped[];

  constructor(
    config: Pick<Config, 'miners'>,
    private readonly miners: ReadonlyMap<string, MinerSupervisor>,
    private readonly deps: Deps,
    saved: Readonly<Record<string, number>> = {},
  ) {
    this.items = config.miners
      .map((m) => ({ minerId: m.id, windows: fanWindows(m), failing: false }))
      .filter((i) => i.windows.length > 0 && miners.get(i.minerId)?.adapter.setFanCapPercent !== undefined)
      .map((i) => (saved[i.minerId] !== undefined ? { ...i, sent: saved[i.minerId]! } : i));
  }

  /** Whether any miner has a fan cap to follow. */
  get active(): boolean {
    return this.items.length > 0;
  }

  /**
   * Sets or releases each miner's cap for local time `local` (`send: false` in dry run or while
   * paused: nothing reaches a device). Returns each miner's outcome and the caps now in force.
   */
  async step(
    local: LocalTime,
    options: {
      send: boolean;
      held?: 'dry-run' | 'disabled';
      /** The miners' last statuses: an unreachable miner is not asked (its call would only time out). */
      statuses?: Readonly<Record<string, MinerStatus>>;
    },
  ): Promise<{ outcomes: Record<string, FanCapOutcome>; capped: Record<string, number> }> {
    const outcomes: Record<string, FanCapOutcome> = {};
    await Promise.all(
      this.items.map(async (item) => {
        const reachable = options.statuses?.[item.minerId]?.reachable !== false;
        outcomes[item.minerId] = await this.follow(item, local, {
          send: options.send,
          held: options.held ?? 'dry-run',
          reachable,
        });
      }),
    );
    const capped: Record<string, number> = {};
    for (const i of this.items) if (typeof i.sent === 'number') capped[i.minerId] = i.sent;
    return { outcomes, capped };
  }

  private async follow(
    item: Capped,
    local: LocalTime,
    { send, held, reachable }: { send: boolean; held: 'dry-run' | 'disabled'; reachable: boolean },
  ): Promise<FanCapOutcome> {
    const cap = quietFanCap(item.windows, local);
    const want = cap?.percent ?? 'auto';
    const detail = cap ? `fans at most ${cap.percent} % (quiet hours ${cap.label})` : 'fans on automatic';
    const base = cap ? { capPercent: cap.percent } : {};
    // Nothing to release when hashheat never capped this miner: the firmware's setting stays the user's.
    if (item.sent === want || (want === 'auto' && item.sent === undefined && !item.failing))
      return { ...base, status: 'none', detail };
    if (!send) return { ...base, status: held, detail };
    if (!reachable) return { ...base, status: 'held-back', detail: `${detail}: the miner does not answer` };
    const { logger } = this.deps;
    try {
      await this.miners.get(item.minerId)!.setFanCap(cap?.percent);
      item.sent = want;
      item.failing = false;
      logger.info({ miner: item.minerId, fanCapPercent: cap?.percent ?? null }, `${item.minerId}: ${detail}`);
      return { ...base, status: 'taken', detail };
    } catch (error) {
      const text = errorText(error);
      if (!item.failing)
        logger.warn({ miner: item.minerId, error: text }, 'fan cap failed; retrying each tick');
      item.failing = true;
      item.sent = undefined;
      return { ...base, status: 'failed', detail: `${detail}: ${text}` };
    }
  }
}

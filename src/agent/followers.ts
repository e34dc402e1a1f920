import type { AdapterDeps } from '../../adapters/deps.js';
import { targetPlugins } from '../../adapters/followers/registry.js';
import type { OnOffTarget, SpeedTarget } from '../../adapters/followers/target.js';
import type { FollowerConfig } from '../../config/followers.js';
import type { Config } from '../../config/schema.js';
import { type SpeedCurve, speedWant } from '../core/follower-speed.js';
import { type FollowerMemory, type FollowerModel, followerWant } from '../core/followers.js';
import type { Memory } from '../core/memory.js';
import type { MinerStatus, Reading } from '../core/types.js';
import { errorText } from '../errors.js';

interface Common {
  model: FollowerModel;
  memory: FollowerMemory;
  failing: boolean;
}
/** An on/off follower; `sent` is undefined before the first switch and after a failure. */
interface SwitchItem extends Common {
  kind: 'switch';
  device: OnOffTarget;
  sent?: boolean;
}
/** A speed follower: the curve and where its temperature comes from. */
interface SpeedItem extends Common {
  kind: 'speed';
  device: SpeedTarget;
  curve: SpeedCurve;
  from: string;
  maxAgeMs: number;
  sent?: number;
}
type Item = SwitchItem | SpeedItem;

/** What one step of the followers sees. */
export interface FollowerInputs {
  /** The levels the miners took (`memory.miners[id].levelId`). */
  memory: Memory;
  /** The miners' last statuses (chip temperatures). */
  statuses: Readonly<Record<string, MinerStatus>>;
  /** The latest reading of a scalar signal. */
  scalar(key: string): Reading<unknown> | undefined;
  now: number;
}

/** The miners a follower follows: those named, and every miner of the zones named (each once). */
export function followedMinerIds(follower: FollowerConfig, miners: Config['miners']): string[] {
  const zones = new Set(follower.zones);
  const ids = [...follower.miners, ...miners.filter((m) => m.zone && zones.has(m.zone)).map((m) => m.id)];
  return [...new Set(ids)];
}

/**
 * The followers (issue 19): each one's device switched on while any of its miners runs, and for its
 * run-on time after (`src/core/followers.ts` decides), or set to a speed from a temperature
 * (`src/core/follower-speed.ts`; 0 % while none of its miners runs). Only changes are sent; the
 * first tick sends once, so a device left on by a restart is put right. A failing device is
 * retried every tick and logged on the transitions only.
 */
export class Followers {
  private readonly items: Item[];

  constructor(
    config: Pick<Config, 'followers' | 'miners'>,
    private readonly deps: AdapterDeps,
    saved: Readonly<Record<string, FollowerMemory>> = {},
  ) {
    this.items = config.followers.map((c) => {
      const device = (c.target ?? c.plug)!;
      const plugin = targetPlugins.find((p) => p.type === device.type);
      // The config schema already rejected unknown types; this guards programmatic use.
      if (!plugin) throw new Error(`unknown follower target type "${device.type}"`);
      const logger = deps.logger.child({ follower: c.id });
      const model = {
        id: c.id,
        minerIds: followedMinerIds(c, config.miners),
        runOnMs: c.runOnMinutes * 60_000,
      };
      const common = { model, memory: { ...saved[c.id] }, failing: false };
      if (plugin.kind === 'switch')
        return { ...common, kind: 'switch', device: plugin.create(device, { ...deps, logger }) };
      if (!c.speed) throw new Error(`follower "${c.id}": a speed target needs speed`);
      return {
        ...common,
        kind: 'speed',
        device: plugin.create(device, { ...deps, logger }),
        curve: { points: c.speed.curve, hysteresisK: c.speed.hysteresisK },
        from: c.speed.from,
        maxAgeMs: c.speed.maxAgeSeconds * 1000,
      };
    });
  }

  /** Drives each follower from the inputs; returns each follower's memory, for the state file. */
  async step(inputs: FollowerInputs): Promise<Record<string, FollowerMemory>> {
    await Promise.all(
      this.items.map((item) =>
        item.kind === 'switch' ? this.follow(item, inputs) : this.speed(item, inputs),
      ),
    );
    return Object.fromEntries(this.items.map((i) => [i.model.id, i.memory]));
  }

  private running(item: Item, inputs: FollowerInputs) {
    const levels = Object.fromEntries(
      item.model.minerIds.map((id) => [id, inputs.memory.miners[id]?.levelId]),
    );
    const want = followerWant(item.model, levels, inputs.now, item.memory);
    item.memory = want.memory;
    return want;
  }

  private async follow(item: SwitchItem, inputs: FollowerInputs): Promise<void> {
    const want = this.running(item, inputs);
    if (item.sent === want.on) return;
    await this.send(item, () => item.device.set(want.on), want.reason);
    item.sent = item.failing ? undefined : want.on;
  }

  private async speed(item: SpeedItem, inputs: FollowerInputs): Promise<void> {
    let want = { percent: 0, reason: '' };
    const gate = item.model.minerIds.length > 0 ? this.running(item, inputs) : undefined;
    if (gate && !gate.on) want = { percent: 0, reason: `0 %: ${gate.reason.replace(/^off: /, '')}` };
    else want = speedWant(item.curve, this.temperatureC(item, inputs), item.sent);
    if (item.sent === want.percent) return;
    await this.send(item, () => item.device.setPercent(want.percent), `${want.reason} (from ${item.from})`);
    item.sent = item.failing ? undefined : want.percent;
  }

  /** The follower's temperature (°C): the hottest fresh chip of its running miners, or its fresh signal. */
  private temperatureC(item: SpeedItem, inputs: FollowerInputs): number | undefined {
    const fresh = (at: number) => inputs.now - at <= item.maxAgeMs;
    if (item.from === 'chip') {
      const temps = item.model.minerIds
        .map((id) => inputs.statuses[id])
        .filter((s): s is MinerStatus => s?.chipTempC !== undefined && fresh(s.at))
        .map((s) => s.chipTempC!);
      return temps.length > 0 ? Math.max(...temps) : undefined;
    }
    const reading = inputs.scalar(item.from);
    return reading && typeof reading.value === 'number' && fresh(reading.at) ? reading.value : undefined;
  }

  private async send(item: Item, command: () => Promise<void>, reason: string): Promise<void> {
    const { logger } = this.deps;
    const follower = item.model.id;
    try {
      await command();
      if (item.failing) logger.info({ follower }, 'follower device answers again');
      item.failing = false;
      logger.info({ follower, target: item.device.label }, `${follower}: ${reason}`);
    } catch (error) {
      if (!item.failing)
        logger.warn({ follower, error: errorText(error) }, 'follower device failed; retrying each tick');
      item.failing = true;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.items.map((i) => i.device.close()));
  }
}

import type { AdapterDeps } from '../../adapters/deps.js';
import type { PowerSwitch } from '../../adapters/plugs/power-switch.js';
import { plugPlugins } from '../../adapters/plugs/registry.js';
import type { Config } from '../../config/schema.js';
import { type FollowerMemory, type FollowerModel, followerWant } from '../core/followers.js';
import type { Memory } from '../core/memory.js';
import { errorText } from '../errors.js';

interface Follower {
  model: FollowerModel;
  plug: PowerSwitch;
  memory: FollowerMemory;
  /** What the plug was last switched to; undefined before the first switch and after a failure. */
  sent?: boolean;
  failing: boolean;
}

/**
 * The followers (issue 19): each one's plug switched on while any of its miners runs, and for its
 * run-on time after (`src/core/followers.ts` decides). Only changes are sent; the first tick sends
 * the state once, so a plug left on by a restart is put right. A failing plug is retried every tick
 * and logged on the transitions only.
 */
export class Followers {
  private readonly items: Follower[];

  constructor(
    configs: Config['followers'],
    private readonly deps: AdapterDeps,
    saved: Readonly<Record<string, FollowerMemory>> = {},
  ) {
    this.items = configs.map((c) => {
      const plugin = plugPlugins.find((p) => p.type === c.plug.type);
      // The config schema already rejected unknown types; this guards programmatic use.
      if (!plugin) throw new Error(`unknown follower plug type "${c.plug.type}"`);
      const logger = deps.logger.child({ follower: c.id });
      return {
        model: { id: c.id, minerIds: [...c.miners], runOnMs: c.runOnMinutes * 60_000 },
        plug: plugin.create(c.plug, { ...deps, logger }),
        memory: { ...saved[c.id] },
        failing: false,
      };
    });
  }

  /**
   * Switches each follower to what the miners' levels in `memory` (what the devices took) want now;
   * returns each follower's memory, for the state file.
   */
  async step(memory: Memory, now: number): Promise<Record<string, FollowerMemory>> {
    await Promise.all(this.items.map((item) => this.follow(item, memory, now)));
    return Object.fromEntries(this.items.map((i) => [i.model.id, i.memory]));
  }

  private async follow(item: Follower, memory: Memory, now: number): Promise<void> {
    const levels = Object.fromEntries(item.model.minerIds.map((id) => [id, memory.miners[id]?.levelId]));
    const want = followerWant(item.model, levels, now, item.memory);
    item.memory = want.memory;
    if (item.sent === want.on) return;
    const { logger } = this.deps;
    try {
      await item.plug.set(want.on);
      item.sent = want.on;
      if (item.failing) logger.info({ follower: item.model.id }, 'follower plug answers again');
      item.failing = false;
      logger.info({ follower: item.model.id, on: want.on }, `${item.model.id}: ${want.reason}`);
    } catch (error) {
      item.sent = undefined;
      if (!item.failing)
        logger.warn(
          { follower: item.model.id, error: errorText(error) },
          'follower plug failed; retrying each tick',
        );
      item.failing = true;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.items.map((i) => i.plug.close()));
  }
}

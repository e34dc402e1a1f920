/**
 * The yardstick of issue 20's done-when ("within 1 % of one agent owning all 1,000"): ONE agent's
 * core (`decide`, standard policies, its own guards and memory) owning every live miner of the
 * site, with the site budget as its fuse limit (`site.maxPowerW`). Its miners are simulated like
 * the shards' (they take the commanded level at once); its value is what its own ledgers say its
 * miners' levels earn per hour.
 */
import { decide } from '../../src/core/decide.js';
import { emptyMemory, type Memory } from '../../src/core/memory.js';
import type { MinerModel, Model } from '../../src/core/model.js';
import type { Instant, MinerStatus } from '../../src/core/types.js';
import { HASHPRICE_2025, makeModel, makeSnapshot } from '../fakes/world.js';

export interface OneAgent {
  /** One tick over `miners` (the live ones, ids unique across the site) within `budgetW`: net value per hour. */
  tick(now: Instant, miners: readonly MinerModel[], budgetW: number): number;
}

export function oneAgent(importPerKWh: number): OneAgent {
  let model: Model | undefined;
  let memory: Memory = emptyMemory();
  const levels = new Map<string, { levelId: string; powerW: number }>();
  return {
    tick(now, miners, budgetW) {
      // The same model object while the set of miners stays (decide caches per policy list).
      if (!model || model.miners.length !== miners.length || model.miners.some((m, i) => m !== miners[i]))
        model = makeModel({ miners: [...miners] });
      const statuses: Record<string, MinerStatus> = {};
      for (const m of miners) {
        const at = levels.get(m.id) ?? { levelId: 'off', powerW: 0 };
        statuses[m.id] = {
          reachable: true,
          running: at.levelId !== 'off',
          levelId: at.levelId,
          powerW: at.powerW,
          at: now,
        };
      }
      const snapshot = makeSnapshot({ now, importPerKWh, hashprice: HASHPRICE_2025, miners: statuses });
      const result = decide(snapshot, { ...model, siteMaxPowerW: budgetW }, memory);
      memory = result.memory;
      let netPerHour = 0;
      for (const d of result.decisions) {
        levels.set(d.minerId, { levelId: d.levelId, powerW: d.powerW });
        netPerHour += d.ledger.find((r) => r.levelId === d.levelId)?.netPerHour ?? 0;
      }
      return netPerHour;
    },
  };
}

import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { Deps, MinerAdapter } from '../ports.js';
import { adapterFacts } from './build-model.js';
import { MinerSupervisor } from './miner-supervisor.js';

/** One supervisor per adapter: per-device timeout and the agent's command rate limit. */
export function superviseMiners(
  config: Config,
  adapters: readonly MinerAdapter[],
  deps: Deps,
): Map<string, MinerSupervisor> {
  const limits = (i: number) => ({
    timeoutMs: config.miners[i]!.timeoutMs,
    minCommandIntervalMs: config.agent.minCommandSeconds * 1000,
  });
  return new Map(adapters.map((a, i) => [a.id, new MinerSupervisor(a, limits(i), deps)]));
}

/**
 * Families that learn their levels from the device (a Braiins power-target range, a Bitaxe board)
 * answer one status before the model is built; a device that stays silent is reported once.
 */
export async function discoverLevels(
  config: Config,
  miners: ReadonlyMap<string, MinerSupervisor>,
  logger: Logger,
): Promise<void> {
  const configs = new Map(config.miners.map((c) => [c.id, c]));
  const needs = [...miners.values()].filter((m) => {
    const continuous = configs.get(m.adapter.id)?.continuous;
    return (
      m.adapter.levels().length <= 1 || (continuous !== undefined && !adapterFacts(m.adapter).powerRange)
    );
  });
  await Promise.all(needs.map((m) => m.status()));
  for (const m of needs) {
    if (m.adapter.levels().length <= 1) {
      logger.warn(
        { miner: m.adapter.id },
        'no levels known: configure `levels` or make the miner reachable at start',
      );
    }
  }
}

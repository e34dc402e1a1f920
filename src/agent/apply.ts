import type { Decision } from '../core/decision.js';
import type { Model } from '../core/model.js';
import type { Deps } from '../ports.js';
import type { MinerSupervisor } from './miner-supervisor.js';

/** Sends every decision that needs a command to its miner, in parallel; one dead miner never stalls the others. */
export async function applyDecisions(
  decisions: readonly Decision[],
  miners: ReadonlyMap<string, MinerSupervisor>,
  model: Model,
  deps: Deps,
): Promise<void> {
  await Promise.all(
    decisions
      .filter((d) => d.command)
      .map(async (d) => {
        const supervisor = miners.get(d.minerId);
        const level = model.miners.find((m) => m.id === d.minerId)?.levels.find((l) => l.id === d.levelId);
        if (!supervisor || !level) return;
        const result = await supervisor.apply(level);
        if (result.accepted) deps.logger.debug({ miner: d.minerId, levelId: d.levelId }, 'command taken');
      }),
  );
}

/** Logs one line per decision that changed a miner's level, with its reason. */
export function logChanges(decisions: readonly Decision[], deps: Deps, dryRun: boolean): void {
  for (const d of decisions) {
    if (!d.changed) continue;
    deps.logger.info(
      { miner: d.minerId, from: d.previousLevelId, to: d.levelId, decidedBy: d.decidedBy, dryRun },
      `${d.minerId}: ${d.reason}`,
    );
  }
}

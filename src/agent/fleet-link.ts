import type { FleetConfig } from '../../config/fleet.js';
import type { MqttConfig } from '../../config/mqtt.js';
import { fleetBudgetW } from '../core/fleet/budget.js';
import { offerFromDecisions } from '../core/fleet/from-decisions.js';
import type { Model } from '../core/model.js';
import type { Snapshot } from '../core/types.js';
import { createFleetShard } from '../fleet/shard.js';
import { connectMqtt } from '../mqtt/connection.js';
import type { AppliedDecision, CommandStatus, Deps, MqttBus } from '../ports.js';

/** Outcomes after which the miner still runs what it ran before (the others count it there). */
const NOT_TAKEN: ReadonlySet<CommandStatus> = new Set(['held-back', 'failed', 'dry-run', 'disabled']);

/** The agent's part of a site (issue 20): caps before deciding, an offer after. */
export interface FleetLink {
  /** Caps for this tick's snapshot (W per miner id): this shard's share of the site budget. */
  capsW(snapshot: Snapshot, model: Model): Record<string, number>;
  /** Publishes this tick's offer from its decisions as applied (a command not taken leaves the miner where it was). */
  offer(snapshot: Snapshot, model: Model, decisions: readonly AppliedDecision[]): void;
  close(): Promise<void>;
}

/**
 * Joins the site of the `fleet` section on its own MQTT 5 connection to the `mqtt` broker (role
 * `fleet`: client id `<id>-fleet`, no will), or on `deps.bus` when the caller owns one (tests).
 */
export function createFleetLink(
  settings: { fleet: FleetConfig; mqtt: MqttConfig },
  deps: Deps & { bus?: MqttBus },
): FleetLink {
  const ownBus = deps.bus ? undefined : connectMqtt(settings.mqtt, deps, 'fleet', 5);
  const bus = deps.bus ?? ownBus!;
  const offerTtlMs = settings.fleet.offerTtlSeconds * 1000;
  const shard = createFleetShard(
    { site: settings.fleet.site, shard: settings.fleet.shard, offerTtlMs },
    { bus, clock: deps.clock },
  );
  let reportedBudget: number | undefined;
  return {
    capsW(snapshot, model) {
      // No site limit: the fleet shares nothing, every miner may run what its own ledger wants.
      const budgetW = fleetBudgetW(snapshot, model, shard.offers()) ?? Number.POSITIVE_INFINITY;
      const step = shard.step(
        budgetW,
        model.miners.map((m) => m.id),
      );
      const rounded = Math.round(budgetW / 1000);
      if (rounded !== reportedBudget) {
        reportedBudget = rounded;
        deps.logger.debug(
          { budgetW, allocatedW: step.allocation.allocatedW, expired: step.allocation.expiredShards },
          'fleet budget',
        );
      }
      return step.capsW;
    },
    offer(snapshot, model, decisions) {
      const runningLevelIds: Record<string, string> = {};
      for (const d of decisions) {
        if (!NOT_TAKEN.has(d.outcome.status)) continue;
        const status = snapshot.miners[d.minerId];
        runningLevelIds[d.minerId] =
          status?.running === false ? 'off' : (status?.levelId ?? d.previousLevelId);
      }
      shard.publish(
        offerFromDecisions({
          shard: settings.fleet.shard,
          at: snapshot.now,
          ttlMs: offerTtlMs,
          miners: model.miners,
          decisions,
          statuses: snapshot.miners,
          overrides: snapshot.overrides,
          runningLevelIds,
        }),
      );
    },
    async close() {
      shard.stop();
      await ownBus?.close();
    },
  };
}

import type { FleetConfig } from '../../config/fleet.js';
import type { MqttConfig } from '../../config/mqtt.js';
import { type FleetBudgetRules, fleetBudget, meteredMinersW, siteReadingOf } from '../core/fleet/budget.js';
import { offerFromDecisions } from '../core/fleet/from-decisions.js';
import type { Model } from '../core/model.js';
import type { Snapshot } from '../core/types.js';
import { createFleetShard, type FleetHold } from '../fleet/shard.js';
import { connectMqtt } from '../mqtt/connection.js';
import type { AppliedDecision, CommandStatus, Deps, MqttBus, SiteTotals } from '../ports.js';

export type { SiteTotals } from '../ports.js';

/** Outcomes after which the miner still runs what it ran before (the others count it there). */
const NOT_TAKEN: ReadonlySet<CommandStatus> = new Set(['held-back', 'failed', 'dry-run', 'disabled']);

/** The agent's part of a site (issue 20): caps before deciding, an offer after. */
export interface FleetLink {
  /** The site's totals from the last `capsW`, undefined before the first. */
  totals(): SiteTotals | undefined;
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
  let reportedHold: FleetHold | undefined;
  let heardOnce = false;
  let totals: SiteTotals | undefined;
  /** The site inputs read at this tick's start, with the miners' draw then: they go into the offer. */
  let reading: ReturnType<typeof siteReadingOf>;
  return {
    totals: () => totals,
    capsW(snapshot, model) {
      // No site limit: the fleet shares nothing, every miner may run what its own ledger wants.
      const rules: FleetBudgetRules = {
        maxPowerW: model.siteMaxPowerW ?? Number.POSITIVE_INFINITY,
        surplusOnly: settings.fleet.surplusOnly,
        heatDemand: settings.fleet.heatDemandZone !== undefined,
        capacity: model.capacity !== undefined,
      };
      const budget = fleetBudget(rules, shard.offers(), snapshot.now, shard.racks());
      // The meter read now counts the miners as the offers held now say they draw.
      reading = siteReadingOf(snapshot, model, {
        heatDemandZone: settings.fleet.heatDemandZone,
        minersW: meteredMinersW(shard.offers(), snapshot.now, shard.racks()),
      });
      const step = shard.step(
        budget.budgetW,
        model.miners.map((m) => m.id),
      );
      totals = {
        site: settings.fleet.site,
        shard: settings.fleet.shard,
        budgetW: budget.budgetW,
        limitedBy: budget.limitedBy,
        allocatedW: step.allocation.allocatedW,
        drawW: budget.minersW,
        overBudget: budget.minersW > budget.budgetW,
        liveShards: step.liveShards,
        publisher: (step.liveShards[0] ?? settings.fleet.shard) === settings.fleet.shard,
        ...(step.hold ? { hold: step.hold } : {}),
      };
      const rounded = Math.round(budget.budgetW / 1000);
      if (rounded !== reportedBudget) {
        reportedBudget = rounded;
        deps.logger.debug(
          {
            budgetW: budget.budgetW,
            limitedBy: budget.limitedBy,
            reading: budget.reading,
            allocatedW: step.allocation.allocatedW,
            expired: step.allocation.expiredShards,
          },
          'fleet budget',
        );
      }
      if (step.hold !== reportedHold) {
        // Before its first echo every shard holds (start-up): only a hold after hearing the site is news.
        const news = reportedHold !== undefined || step.hold !== 'no-echo' || heardOnce;
        reportedHold = step.hold;
        if (step.hold && news)
          deps.logger.warn(
            { hold: step.hold },
            step.hold === 'no-echo'
              ? 'fleet: own offer not heard back from the broker; holding miners at the last offer'
              : 'fleet: no other shard heard for longer than the offer TTL; holding miners at the last offer',
          );
        else if (!step.hold && heardOnce) deps.logger.info('fleet: hearing the site again');
      }
      if (!step.hold) heardOnce = true;
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
      const offer = offerFromDecisions({
        shard: settings.fleet.shard,
        at: snapshot.now,
        ttlMs: offerTtlMs,
        miners: model.miners,
        decisions,
        statuses: snapshot.miners,
        overrides: snapshot.overrides,
        runningLevelIds,
      });
      shard.publish(reading ? { ...offer, site: reading } : offer);
    },
    async close() {
      shard.stop();
      await ownBus?.close();
    },
  };
}

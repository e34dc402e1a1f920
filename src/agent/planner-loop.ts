import type { Logger } from 'pino';
import { plannerSettings } from '../../config/planner.js';
import type { Config } from '../../config/schema.js';
import { plannerPolicy } from '../../policies/planner.js';
import { knownEvents } from '../core/grid-events.js';
import type { Memory } from '../core/memory.js';
import type { Model } from '../core/model.js';
import { type Forecasts, type PlannerSettings, planAll } from '../core/planner/plan-all.js';
import type { MinerPlan } from '../core/planner/plan-types.js';
import { solveScratch } from '../core/planner/solve.js';
import { type PlanSummary, summarizePlan } from '../core/planner/summary.js';
import { withTankZones } from '../core/planner/tank-thermal.js';
import type { Instant, Snapshot } from '../core/types.js';

/** End of the known import prices: it moves when a new day's prices are published. */
function pricesEnd(snapshot: Snapshot): Instant | undefined {
  const slots = snapshot.series['price.import']?.value;
  return slots?.[slots.length - 1]?.end;
}

/** What the planner knows of the grid events: it re-plans when they change (a session announced, moved or called off). */
function eventsKey(snapshot: Snapshot): string {
  return JSON.stringify(knownEvents(snapshot.events).map((e) => [e.id, e.start, e.end, e.effect]));
}

/** Room temperature off the plan's expectation that triggers a re-plan (K). */
const DRIFT_C = 0.3;

/** Re-plans on new prices, every `replanMinutes` and when the room drifts off the plan; hands the plans to each tick's snapshot. */
export interface PlannerLoop {
  /** Plans for this tick: fresh ones when due, else the last ones. */
  plansFor(snapshot: Snapshot, memory: Memory): Record<string, MinerPlan>;
  /** Per miner: next start/stop and planned levels, for the decision record. */
  summaries(now: Instant): Record<string, PlanSummary>;
  /** How many re-plans, by reason. */
  replans(): Record<string, number>;
}

/** The model with the planner policy appended when the config enables the planner. */
export function withPlannerPolicy(model: Model, config: Config): Model {
  if (!config.planner?.enabled) return model;
  return { ...model, policies: [...model.policies, plannerPolicy()] };
}

function describe(plan: MinerPlan, now: Instant): string {
  const s = summarizePlan(plan, now);
  const at = (t: Instant | undefined) => (t === undefined ? 'none' : new Date(t).toISOString().slice(11, 16));
  return `next start ${at(s.nextStartAt)}, next stop ${at(s.nextStopAt)} (UTC), ${s.runs.length} runs`;
}

/** The planner loop, or undefined when the config has no enabled `planner:` section. */
export function createPlannerLoop(
  config: Config,
  model: Model,
  deps: {
    logger: Logger;
    settings?: PlannerSettings;
    forecasts?: (now: Instant) => Forecasts;
    /** Changes whenever a new forecast arrives (the planner re-plans on it). */
    forecastVersion?: () => number;
    /**
     * Keep the solver's value storage from one plan to the next: the backtest, which plans every
     * hour of a year, does; the live agent, which plans every few minutes and should stay small, not.
     */
    reuseValues?: boolean;
  },
): PlannerLoop | undefined {
  if (!config.planner?.enabled) return undefined;
  const settings = deps.settings ?? withTankZones(plannerSettings(config.planner, config.zones), model.zones);
  const replanMs = config.planner.replanMinutes * 60_000;
  const logger = deps.logger.child({ component: 'planner' });
  let plans: Record<string, MinerPlan> = {};
  let plannedAt: Instant | undefined;
  let pricesAt: Instant | undefined;
  let eventsSeen = '';
  let forecastSeen = 0;
  let unplanned = new Set<string>();
  const counts: Record<string, number> = {};
  const scratch = deps.reuseValues ? solveScratch() : undefined;

  function replan(snapshot: Snapshot, memory: Memory, why: string): void {
    counts[why] = (counts[why] ?? 0) + 1;
    plans = planAll(snapshot, model, settings, memory.miners, deps.forecasts?.(snapshot.now), scratch);
    plannedAt = snapshot.now;
    forecastSeen = deps.forecastVersion?.() ?? 0;
    pricesAt = pricesEnd(snapshot);
    eventsSeen = eventsKey(snapshot);
    for (const [id, plan] of Object.entries(plans))
      logger.debug({ miner: id, why }, `planned ${id}: ${describe(plan, snapshot.now)}`);
    const missing = new Set(model.miners.map((m) => m.id).filter((id) => !plans[id]));
    for (const id of missing)
      if (!unplanned.has(id))
        logger.warn(
          { miner: id },
          `no plan for ${id}: prices, hashprice, room or outdoor temperature missing`,
        );
    for (const id of unplanned) if (!missing.has(id)) logger.info({ miner: id }, `planning ${id} again`);
    unplanned = missing;
  }

  /** The room has moved more than DRIFT_C away from what a plan expected for now. */
  function drifted(snapshot: Snapshot): boolean {
    return model.miners.some((m) => {
      const slot = plans[m.id]?.slots.find((s) => s.start <= snapshot.now && snapshot.now < s.end);
      const room = m.zoneId ? snapshot.scalars[`zone.${m.zoneId}.tempC`] : undefined;
      return slot?.roomC !== undefined && room !== undefined && Math.abs(room.value - slot.roomC) > DRIFT_C;
    });
  }

  return {
    plansFor(snapshot, memory) {
      const newPrices = pricesEnd(snapshot) !== pricesAt;
      if (plannedAt === undefined) replan(snapshot, memory, 'first plan');
      else if (newPrices) replan(snapshot, memory, 'new prices');
      else if (eventsKey(snapshot) !== eventsSeen) replan(snapshot, memory, 'new grid events');
      else if ((deps.forecastVersion?.() ?? 0) !== forecastSeen) replan(snapshot, memory, 'new forecast');
      else if (snapshot.now - plannedAt >= replanMs) replan(snapshot, memory, 'periodic');
      else if (drifted(snapshot)) replan(snapshot, memory, 'room off the plan');
      return plans;
    },
    replans: () => ({ ...counts }),
    summaries(now) {
      return Object.fromEntries(Object.entries(plans).map(([id, plan]) => [id, summarizePlan(plan, now)]));
    },
  };
}

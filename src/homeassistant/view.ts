import type { Config } from '../../config/schema.js';
import { minerBreakEvenPerKWh } from '../core/break-even.js';
import { syntheticPowerW } from '../core/continuous.js';
import type { Decision } from '../core/decision.js';
import { knownEvents, nextEvent } from '../core/grid-events.js';
import type { MinerModel, Model } from '../core/model.js';
import { priceNow, scalar } from '../core/signals.js';
import { siteSurplus } from '../core/surplus.js';
import type { GridEvent, GridEventEffect, Instant, MinerStatus, Snapshot } from '../core/types.js';
import { localTimeOf } from '../local-time.js';
import type { AgentState, AgentView, TickRecord } from '../ports.js';

/** Everything the Home Assistant entities show, read from the agent at one moment. */
export interface HaView {
  now: Instant;
  model: Model;
  state: Readonly<AgentState>;
  /** A snapshot as of now: the store's latest readings, judged for staleness at `now`. */
  snapshot: Snapshot;
  statuses: Record<string, MinerStatus>;
  record: TickRecord | undefined;
}

/** Reads the view; `record` is the last tick record the bridge saw. */
export function readView(agent: AgentView<Config>, now: Instant, record: TickRecord | undefined): HaView {
  const state = agent.state();
  const statuses = agent.statuses();
  const snapshot: Snapshot = {
    now,
    local: localTimeOf(now, agent.config.site.timeZone),
    scalars: agent.store.scalarsRecord(),
    series: agent.store.seriesRecord(),
    miners: statuses,
    overrides: state.overrides,
    zoneTargetsC: state.zoneTargetsC,
  };
  const events = agent.store.eventsRecord();
  if (events) snapshot.events = events;
  return { now, model: agent.model, state, snapshot, statuses, record };
}

/** The grid event under way or next to come (issue 18). */
export function nextEventOf(view: HaView): GridEvent | undefined {
  return nextEvent(knownEvents(view.snapshot.events), view.now);
}

/** What an event does, in words: "free power", "price 0.05/kWh", "stop", "cap 100 W". */
export function effectText(effect: GridEventEffect, currency: string): string {
  if (effect.kind === 'stop') return 'stop';
  if (effect.kind === 'cap') return `cap ${effect.maxW} W`;
  if (effect.kind === 'cap-level') return `cap at ${effect.levelId}`;
  if (effect.kind === 'reward') return `reward ${effect.perKWh} ${currency}/kWh saved`;
  return effect.perKWh === 0 ? 'free power' : `price ${effect.perKWh} ${currency}/kWh`;
}

/** Import or export price now (per kWh); undefined when the series is missing, stale or has no slot for now. */
export function priceOf(view: HaView, key: 'price.import' | 'price.export'): number | undefined {
  const price = priceNow(view.snapshot, view.model, key);
  return price.ok ? price.value : undefined;
}

/** A fresh scalar reading; undefined when missing or stale. */
export function scalarOf(view: HaView, key: string): number | undefined {
  const value = scalar(view.snapshot, view.model, key);
  return value.ok ? value.value : undefined;
}

/** Surplus the site offers the miners now (W), as the core computes it; undefined without a fresh meter. */
export function surplusOf(view: HaView): number | undefined {
  return siteSurplus(view.snapshot, view.model, view.state.memory).surplusW;
}

/**
 * Break-even import price of a miner (per kWh) at its most efficient level, pool fee included — above
 * it, mining alone no longer pays for the power. Undefined without a fresh hashprice.
 */
export function breakEvenOf(view: HaView, miner: MinerModel): number | undefined {
  const hashprice = scalarOf(view, miner.revenueKey);
  return hashprice === undefined ? undefined : minerBreakEvenPerKWh(miner, hashprice);
}

/** The miner's decision in the last tick record. */
export function decisionOf(view: HaView, minerId: string): Decision | undefined {
  return view.record?.decisions.find((d) => d.minerId === minerId);
}

/** The level a miner is at: as reported, else the level the core chose; `off` when it is not running. */
export function levelOf(view: HaView, miner: MinerModel): string {
  const status = view.statuses[miner.id];
  // A power-target miner runs at targets the core synthesises from the surplus (`w700`): those are levels too.
  const known = (id: string | undefined) =>
    miner.levels.some((l) => l.id === id) || (miner.continuous && id && syntheticPowerW(id) !== undefined)
      ? id
      : undefined;
  if (status?.reachable && !status.running) return 'off';
  return known(status?.levelId) ?? known(view.state.memory.miners[miner.id]?.levelId) ?? 'off';
}

/** Power (W) and hashrate (TH/s) a miner runs at: measured where reported, else its level's. */
export function drawOf(view: HaView, miner: MinerModel): { powerW?: number; ths?: number } {
  const status = view.statuses[miner.id];
  if (!status) return {};
  const level = miner.levels.find((l) => l.id === levelOf(view, miner));
  return { powerW: status.powerW ?? level?.powerW, ths: status.ths ?? level?.ths };
}

/** The miner's mode in Home Assistant: `auto`, or the level of an active override. */
export function modeOf(view: HaView, miner: MinerModel): string {
  const override = view.state.overrides[miner.id];
  const active = override && (override.until === undefined || override.until > view.now);
  return active && miner.levels.some((l) => l.id === override.levelId) ? override.levelId : 'auto';
}

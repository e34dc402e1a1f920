import type { Config } from '../../config/schema.js';
import { type DecideResult, decide } from '../core/decide.js';
import type { Decision } from '../core/decision.js';
import type { Model } from '../core/model.js';
import type { MinerStatus, SignalKey, Snapshot } from '../core/types.js';
import { localTimeOf } from '../local-time.js';
import type { AgentState, AppliedDecision, Deps, TickRecord } from '../ports.js';
import { applyDecisions, followDevice, logChanges, withoutCommand } from './apply.js';
import type { CapacityMeter } from './capacity-meter.js';
import type { FanCaps } from './fan-caps.js';
import type { FaultReport } from './fault-report.js';
import type { FleetLink } from './fleet-link.js';
import type { Followers } from './followers.js';
import { learnFromStatuses, withLearnedLevels } from './learning.js';
import type { MinerSupervisor } from './miner-supervisor.js';
import type { OverrideInbox } from './override-inbox.js';
import type { PlannerLoop } from './planner-loop.js';
import type { Problems } from './problems.js';
import type { GridSignCheck } from './sign-check.js';
import type { SignalStore } from './signal-store.js';
import { updateCounters } from './tick-counters.js';
import { readStatuses } from './tick-reads.js';

/** What the agent and its ticks share and change: the persisted state and the last readings. */
export interface LiveState {
  state: AgentState;
  statuses: Record<string, MinerStatus>;
  snapshot: Snapshot | undefined;
  /** The last tick's record, once a tick has run. */
  lastRecord?: TickRecord;
}

/** Everything a tick works with; built once by `createAgent`. */
export interface TickParts {
  config: Config;
  model: Model;
  miners: ReadonlyMap<string, MinerSupervisor>;
  store: SignalStore;
  planner: PlannerLoop | undefined;
  /** The capacity tariff's meter, when the config has one. */
  capacity: CapacityMeter | undefined;
  /** This agent's part of a site sharing one budget (issue 20), when the config has a `fleet` section. */
  fleet?: FleetLink;
  /** Devices that follow miners (fans, pumps), when the config has any. */
  followers?: Followers;
  /** Quiet hours' fan caps, when a miner that can set its fans has one. */
  fanCaps?: FanCaps;
  inbox: OverrideInbox;
  faults: FaultReport;
  signCheck: GridSignCheck;
  deps: Deps;
  live: LiveState;
  isDryRun(): boolean;
  /** Writes the state file (a failure is a reported problem, never a throw). */
  saveState(): void;
  /** Who hears each tick's record (Home Assistant, the CLI's log). */
  listeners: ReadonlySet<(record: TickRecord) => void>;
}

/**
 * Read: commands from `hashheat override` first (so they count in this very tick), then every
 * miner's status at once; a miner slower than its straggler limit does not hold up the others.
 */
export async function read(parts: TickParts): Promise<void> {
  const { live, inbox, miners, deps } = parts;
  const overrides = inbox.refresh(live.state.overrides, deps.clock.now(), (id) =>
    miners.get(id)?.resetBackoff(),
  );
  live.state = { ...live.state, overrides };
  const reads = await readStatuses(miners, deps.clock);
  live.statuses = reads.statuses;
  if (reads.late.size > 0)
    deps.logger.debug({ miners: [...reads.late] }, 'status read late; deciding on the last known status');
}

/** Snapshot: the inputs as they are now, one immutable picture the core decides on. */
export function snapshot(parts: TickParts): Snapshot {
  const { live, store, config, deps } = parts;
  const now = deps.clock.now();
  live.snapshot = {
    now,
    local: localTimeOf(now, config.site.timeZone),
    scalars: store.scalarsRecord(),
    series: store.seriesRecord(),
    miners: live.statuses,
    overrides: live.state.overrides,
    zoneTargetsC: live.state.zoneTargetsC,
  };
  const events = store.eventsRecord();
  if (events) live.snapshot.events = events;
  if (parts.capacity) {
    live.snapshot.capacity = parts.capacity.window(now);
    live.state = { ...live.state, capacity: parts.capacity.state() };
  }
  return live.snapshot;
}

/** Plan: the look-ahead plans for this tick (fresh when due), when the planner is on. */
export function plan(parts: TickParts, snap: Snapshot): void {
  if (parts.planner) snap.plans = parts.planner.plansFor(snap, parts.live.state.memory);
}

/** Decide: learn level values from the statuses, let the core decide, advance the counters, report faults. */
export function decideStep(parts: TickParts, snap: Snapshot): DecideResult {
  const { live, model, faults } = parts;
  const minerIds = model.miners.map((m) => m.id);
  const learned = learnFromStatuses(
    live.state.learned,
    minerIds,
    live.statuses,
    live.state.memory.miners,
    snap.now,
  );
  live.state = { ...live.state, learned };
  const result = decide(snap, withLearnedLevels(model, learned), live.state.memory);
  live.state = {
    ...live.state,
    counters: updateCounters(live.state.counters, snap, model, result.decisions),
  };
  faults.report(result.decisions);
  return result;
}

const previousPowerW = (d: Decision) => d.ledger.find((r) => r.levelId === d.previousLevelId)?.powerW ?? 0;

/**
 * Apply: send the decided levels (unless paused or in dry run), then let memory follow what the
 * device took (in dry run: what it would have taken).
 */
export async function apply(
  parts: TickParts,
  result: DecideResult,
  dryRun: boolean,
): Promise<AppliedDecision[]> {
  const { live, miners, deps, store, signCheck } = parts;
  let decisions: AppliedDecision[];
  if (!live.state.enabled) decisions = result.decisions.map((d) => withoutCommand(d, 'disabled'));
  else if (dryRun) decisions = result.decisions.map((d) => withoutCommand(d, 'dry-run'));
  else {
    const applied = await applyDecisions(result.decisions, miners, deps);
    decisions = applied.decisions;
    live.statuses = { ...live.statuses, ...applied.statuses };
    const deltaW = decisions.reduce((sum, d) => sum + (d.command ? d.powerW - previousPowerW(d) : 0), 0);
    signCheck.stepped(deltaW, store.get('grid.powerW')?.value as number | undefined);
  }
  live.state = { ...live.state, memory: followDevice(live.state.memory, result.memory, decisions) };
  // Followers switch with what the miners took; in dry run and while paused nothing is switched.
  if (parts.followers && live.state.enabled && !dryRun) {
    const followers = await parts.followers.step({
      memory: live.state.memory,
      statuses: live.statuses,
      scalar: (key) => store.get(key as SignalKey),
      now: deps.clock.now(),
    });
    live.state = { ...live.state, followers };
  }
  if (parts.fanCaps && live.snapshot) {
    const { outcomes, capped } = await parts.fanCaps.step(live.snapshot.local, {
      send: live.state.enabled && !dryRun,
      held: live.state.enabled ? 'dry-run' : 'disabled',
      statuses: live.statuses,
    });
    live.state = { ...live.state, fanCaps: capped };
    decisions = decisions.map((d) => (outcomes[d.minerId] ? { ...d, fan: outcomes[d.minerId]! } : d));
  }
  return decisions;
}

/** Publish: the tick's record (with the plans' summaries) and one log line per change. */
export function publish(
  parts: TickParts,
  now: number,
  decisions: AppliedDecision[],
  dryRun: boolean,
): TickRecord {
  const record: TickRecord = { at: now, decisions, dryRun, enabled: parts.live.state.enabled };
  if (parts.planner) record.plans = parts.planner.summaries(now);
  logChanges(decisions, parts.deps, dryRun);
  return record;
}

/** Persist: write the state, then tell the listeners (so what they read back includes this tick). */
export function persist(parts: TickParts, record: TickRecord): void {
  parts.saveState();
  parts.live.lastRecord = record;
  for (const listener of parts.listeners) listener(record);
}

/** One tick: read → snapshot → plan → decide → apply → publish → persist. */
export async function runTick(parts: TickParts): Promise<TickRecord> {
  const startedAt = parts.deps.clock.now();
  await read(parts);
  const snap = snapshot(parts);
  if (parts.fleet) snap.fleetCapsW = parts.fleet.capsW(snap, parts.model);
  plan(parts, snap);
  const result = decideStep(parts, snap);
  const dryRun = parts.isDryRun();
  const decisions = await apply(parts, result, dryRun);
  parts.fleet?.offer(snap, parts.model, decisions);
  const record = publish(parts, snap.now, decisions, dryRun);
  record.durationMs = parts.deps.clock.now() - startedAt;
  persist(parts, record);
  return record;
}

/** The tick as a boundary: never two at once (a request during one runs right after), and an error is a logged problem, not a crash. */
export function tickBoundary(
  run: () => Promise<TickRecord>,
  problems: Problems,
): { tick(): Promise<TickRecord | undefined>; running(): boolean } {
  let running = false;
  let again = false;
  async function tick(): Promise<TickRecord | undefined> {
    if (running) {
      again = true;
      return undefined;
    }
    running = true;
    try {
      const record = await run();
      problems.clear('tick', 'ticks work again');
      return record;
    } catch (error) {
      // The loop goes on and the miners keep the last state they took.
      problems.set('tick', error, 'tick failed; the miners keep their last state');
      return undefined;
    } finally {
      running = false;
      if (again) {
        again = false;
        void tick();
      }
    }
  }
  return { tick, running: () => running };
}

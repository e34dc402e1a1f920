import type { Logger } from 'pino';
import type { Decision, DecisionRecord } from './core/decision.js';
import type { BudgetLimit } from './core/fleet/budget.js';
import type { FollowerMemory } from './core/followers.js';
import type { GridEvent } from './core/grid-events.js';
import type { Memory } from './core/memory.js';
import type { Model } from './core/model.js';
import type { PlanSummary } from './core/planner/summary.js';
import type {
  Instant,
  Level,
  MinerStatus,
  Override,
  PriceSlot,
  Reading,
  SeriesKey,
  SignalKey,
  Snapshot,
} from './core/types.js';

/** Time as the shell sees it; tests pass a fake clock. */
export interface Clock {
  now(): Instant;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What a miner can do. */
export interface MinerCapabilities {
  /** Can stop hashing without cutting power (pause, sleep, soft off). */
  softStop: boolean;
  /** Has more than one running level (work modes, power target, frequency). */
  throttle: boolean;
  /** Reports its own power draw. */
  reportsPower: boolean;
  /**
   * Can reach `off` at all: a soft stop, a relay, or a companion plug. False only when it is known
   * that nothing can (an Avalon Nano 3S on firmware without soft off, no plug); absent = it can.
   */
  switchesOff?: boolean;
}

/** Identity a device reports, for `hashheat probe` and Home Assistant's device block. */
export interface MinerInfo {
  family: string;
  model?: string;
  firmware?: string;
  serial?: string;
}

/** Result of `apply`: whether the read-back shows the device at the requested level. */
export interface ApplyResult {
  accepted: boolean;
  detail?: string;
  /**
   * Not taken yet but under way (a miner booting behind its plug, a Whatsminer restarting for a new
   * power limit): the agent asks again next tick without counting a failure or backing off.
   */
  pending?: boolean;
}

/** The port every miner family implements. Errors are thrown as `DeviceError`. */
export interface MinerAdapter {
  readonly id: string;
  readonly family: string;
  readonly capabilities: MinerCapabilities;
  /** Operating points, `off` first, sorted by power. */
  levels(): Level[];
  status(): Promise<MinerStatus>;
  apply(level: Level): Promise<ApplyResult>;
  describe?(): Promise<MinerInfo>;
  /**
   * Caps the fans (%) for quiet hours (issue 19), or gives them back to the firmware's own control
   * (`undefined`). Only families whose documented API exposes fan control implement it; it resolves
   * once the device's read-back shows the setting and throws a DeviceError otherwise.
   */
  setFanCapPercent?(percent: number | undefined): Promise<void>;
  close(): Promise<void>;
}

/** One new reading from a source. */
export type SignalUpdate =
  | { key: Exclude<SignalKey, 'price.import' | 'price.export' | 'events'>; reading: Reading<number> }
  | { key: 'price.import' | 'price.export'; reading: Reading<PriceSlot[]> }
  | { key: 'events'; reading: Reading<GridEvent[]> };

/** Where push sources deliver their readings. */
export type Emit = (update: SignalUpdate) => void;

/**
 * A signal source. Polled sources implement `poll` (and may say when to poll next, e.g. more often
 * around a tariff's publication window); push sources (MQTT) implement `start`.
 */
export interface Source {
  readonly id: string;
  readonly keys: readonly SignalKey[];
  /** Normal poll interval (ms). */
  readonly intervalMs?: number;
  poll?(): Promise<SignalUpdate[]>;
  /** Delay until the next poll after a successful one (ms); defaults to `intervalMs`. */
  nextPollInMs?(now: Instant): number;
  start?(emit: Emit): Promise<void>;
  close?(): Promise<void>;
}

/** Dependencies the shell passes down; one object, no singletons. */
export interface Deps {
  clock: Clock;
  logger: Logger;
}

/** Whether an update carries a source's grid events (issue 18). */
export function isEventsUpdate(update: SignalUpdate): update is Extract<SignalUpdate, { key: 'events' }> {
  return update.key === 'events';
}

/** Whether an update carries a price series (else a scalar or events). */
export function isSeriesUpdate(
  update: SignalUpdate,
): update is Extract<SignalUpdate, { key: 'price.import' | 'price.export' }> {
  return update.key === 'price.import' || update.key === 'price.export';
}

/** Options of one publish. */
export interface PublishOptions {
  retain?: boolean;
  qos?: 0 | 1;
  /** MQTT 5 message expiry (s): the broker drops the message (retained too) after it; ignored on MQTT 3.1.1. */
  expirySeconds?: number;
  /**
   * Called once the publish has gone out: QoS 1 when the broker acknowledged it (PUBACK), QoS 0 when
   * it was written to the connection; later for a publish queued while offline, never for one that
   * was dropped or failed. A request/reply caller uses it to ignore messages that reached it before
   * its request reached the broker (a reply to an earlier request, a broker replay).
   */
  onSent?: () => void;
}

/** A received message; `retained` is true for messages the broker replayed on subscribe. */
export interface MqttMessage {
  topic: string;
  payload: Buffer;
  retained: boolean;
}

/**
 * The MQTT port the agent, Home Assistant bridge, MQTT sources and MQTT-driven miners share: one
 * connection per agent. Subscriptions survive reconnects; publishes while offline are queued.
 */
export interface MqttBus {
  readonly connected: boolean;
  publish(topic: string, payload: string | Buffer, options?: PublishOptions): void;
  /** Subscribes to a topic filter (wildcards allowed); returns the unsubscribe function. */
  subscribe(filter: string, handler: (message: MqttMessage) => void): () => void;
  /** Called after every (re)connect, after subscriptions are restored. Returns the unsubscribe function. */
  onConnect(listener: () => void): () => void;
  close(): Promise<void>;
}

// The agent as the shell above it (Home Assistant, HTTP, the CLI) sees it: what it reports and what
// it lets them change. The agent implements both; front ends import these, never src/agent.

/**
 * What happened at the device for one decision:
 * - `none`: no command was needed (the miner already runs as decided);
 * - `taken`: the command went out and the device's read-back shows the level;
 * - `sent`: the command went out and is under way (a miner booting, a restart for a new power limit);
 * - `held-back`: not sent (rate limit, backoff after a failure), `detail` says why;
 * - `failed`: sent and refused, or the device did not answer;
 * - `dry-run` / `disabled`: a command was wanted but dry run or the pause switch kept it from the device.
 */
export type CommandStatus = 'none' | 'taken' | 'sent' | 'held-back' | 'failed' | 'dry-run' | 'disabled';

export interface CommandOutcome {
  status: CommandStatus;
  detail?: string;
}

/**
 * A miner's fan cap in this tick (issue 19, quiet hours' `fanCapPercent`): the cap in force
 * (undefined = the firmware's own control) and what happened at the device: `taken` when it was
 * set or released now, `none` when it already was, `failed`, `held-back` (the miner does not answer),
 * `dry-run` or `disabled`.
 */
export interface FanCapOutcome {
  capPercent?: number;
  status: CommandStatus;
  detail: string;
}

/** A decision as recorded: `command` is true only when a command actually went to the device. */
export interface AppliedDecision extends Decision {
  outcome: CommandOutcome;
  /** The fan cap, on miners with one configured. */
  fan?: FanCapOutcome;
}

/** Running totals per miner. */
export interface MinerCounters {
  energyKWh: number;
  revenue: number;
  powerCost: number;
  /** Last time the totals were advanced (epoch ms). */
  lastAt?: number;
}

/** Everything persisted between runs. */
export interface AgentState {
  memory: Memory;
  overrides: Record<string, Override>;
  zoneTargetsC: Record<string, number>;
  /** Control enabled (false = pause: decide and report, never command). */
  enabled: boolean;
  /** Dry run switched on at run time (Home Assistant), on top of the config/CLI setting. */
  dryRun: boolean;
  counters: Record<string, MinerCounters>;
  /** Learned level values per miner and level id (adapters' measurements). */
  learned: Record<string, Record<string, { powerW: number; ths: number; samples: number }>>;
  /** Self-diagnoses (e.g. an inverted grid meter), reported once in the log and by `hashheat check`. */
  diagnostics: Record<string, string>;
  /** The capacity tariff's meter: the month's peak and the current window (issue 18). */
  capacity?: CapacityState;
  /** Miners whose fans hashheat capped (%), so a cap left by a restart is released (issue 19). */
  fanCaps?: Record<string, number>;
  /** Per follower (issue 19): when one of its miners last ran, so a run-on outlasts a restart. */
  followers?: Record<string, FollowerMemory>;
}

/** What the meter keeps across restarts (the state file's `capacity`). */
export interface CapacityState {
  /** Local month `YYYY-MM` of `peakW`. */
  month: string;
  /** The highest completed window average of that month (W). */
  peakW: number;
  windowStartAt: number;
  /** Grid import counted in that window so far (Wh). */
  importedWh: number;
  /** The last grid reading (W) and when it was taken: it holds until the next one. */
  lastW?: number;
  lastAt?: number;
  /** Import is counted up to here. */
  countedTo?: number;
}

/** A tick's record as reported: the decisions plus the control flags in force. */
export interface TickRecord extends DecisionRecord {
  /** Each decision with what happened at the device. */
  decisions: AppliedDecision[];
  dryRun: boolean;
  enabled: boolean;
  /** How long the tick took (ms, on the agent's clock). */
  durationMs?: number;
  /** Per miner: the plan's next start/stop and planned levels, when the planner is on. */
  plans?: Record<string, PlanSummary>;
}

/** How one input source is doing: the last success, the last error and the failures in a row. */
export interface SourceHealth {
  id: string;
  ok: boolean;
  lastSuccessAt?: number;
  lastError?: string;
  failures: number;
}

/** What a front end reads from the running agent; `C` is the validated config (config/schema.ts's `Config`, left generic so the ports never import the config). */
export interface AgentView<C = unknown> {
  readonly config: C;
  readonly model: Model;
  readonly store: {
    scalarsRecord(): Record<string, Reading<number>>;
    seriesRecord(): Partial<Record<SeriesKey, Reading<PriceSlot[]>>>;
    /** Grid events per source id (issue 18); undefined when no source delivered any. */
    eventsRecord(): Record<string, Reading<GridEvent[]>> | undefined;
    /** Called on every accepted signal update; returns the unsubscribe function. */
    onUpdate(listener: () => void): () => void;
  };
  readonly sources: {
    healthAll(): readonly SourceHealth[];
    keysOf(id: string): readonly SignalKey[];
  };
  readonly miners: ReadonlyMap<string, { readonly adapter: MinerAdapter }>;
  onRecord(listener: (record: TickRecord) => void): () => void;
  state(): Readonly<AgentState>;
  statuses(): Record<string, MinerStatus>;
  /** The last tick's snapshot, if a tick has run. */
  lastSnapshot(): Snapshot | undefined;
  /** The last tick's record, if a tick has run. */
  lastRecord(): TickRecord | undefined;
  /** Whether dry run is in force now: the CLI flag, the config, or the run-time switch. */
  isDryRun(): boolean;
  /** Problems the agent has now (a failing tick, an unwritable state file), key → error text. */
  problems(): Record<string, string>;
  /** The site's totals as this shard saw them in its last tick; absent without a `fleet` section (issue 20). */
  fleetTotals?(): SiteTotals | undefined;
}

/** The site as one shard saw it in its last tick (issue 20): what the site's Home Assistant device shows. */
export interface SiteTotals {
  site: string;
  shard: string;
  /** Power all the site's miners may draw together (W), and what bound it. */
  budgetW: number;
  limitedBy: BudgetLimit;
  /** Power of all shares of the allocation together, expired shards' reservations included (W). */
  allocatedW: number;
  /** What every offer says its miners draw now (W). */
  drawW: number;
  /** The draw is above the budget (the site must shed power). */
  overBudget: boolean;
  /** The shards the allocation counted as live, sorted. */
  liveShards: string[];
  /** This shard is the lowest live shard id: the one that publishes the site's totals. */
  publisher: boolean;
  /** Set while this shard holds its miners at its last offer: cut off the broker, or hearing no other shard. */
  hold?: 'no-echo' | 'alone';
}

/** What a front end may change in the running agent. */
export interface AgentControls {
  setOverride(minerId: string, override: Override | undefined): void;
  setEnabled(enabled: boolean): void;
  setDryRun(dryRun: boolean): void;
  setZoneTarget(zoneId: string, targetC: number | undefined): void;
}

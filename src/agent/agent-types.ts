import type { SimWorld } from '../../adapters/sim/world.js';
import type { Config } from '../../config/schema.js';
import type { Model } from '../core/model.js';
import type { MinerStatus, Override, Snapshot } from '../core/types.js';
import type { MqttBus } from '../mqtt/bus.js';
import type { AgentControls, AgentView, Deps, TickRecord } from '../ports.js';
import type { MinerSupervisor } from './miner-supervisor.js';
import type { Scheduler } from './scheduler.js';
import type { SignalStore } from './signal-store.js';
import type { SourceRunner } from './source-runner.js';
import type { AgentState } from './state-file.js';

/** What `createAgent` needs besides the config. */
export interface AgentDeps extends Deps {
  scheduler: Scheduler;
  sim?: SimWorld;
  /** Forces dry run on (CLI `--dry-run`). */
  dryRun?: boolean;
  /** An MQTT bus owned by the caller (e.g. `check`'s probe); else one is made from `config.mqtt`. */
  mqtt?: MqttBus;
  /** The bus for the fleet's offers (issue 20), owned by the caller (tests); else an MQTT 5 connection to `config.mqtt`. */
  fleetBus?: MqttBus;
}

export type { TickRecord } from '../ports.js';

/** The running agent: lifecycle, one tick, and the controls Home Assistant and the CLI use (through the AgentView/AgentControls ports). */
export interface Agent extends AgentView<Config>, AgentControls {
  readonly config: Config;
  readonly model: Model;
  readonly store: SignalStore;
  /** The MQTT connection adapters share, when the config has an `mqtt` section. */
  readonly mqtt?: MqttBus;
  /**
   * Starts sources and the loop. `waitForInputsMs` (the CLI passes 5000): wait at most that long for
   * MQTT to connect and push inputs to deliver before returning, so the first tick sees them.
   */
  start(options?: { waitForInputsMs?: number }): Promise<void>;
  /** Stops the loop; unless `applyOnExit` is false, leaves the miners as `agent.onExit` says. */
  stop(options?: { applyOnExit?: boolean }): Promise<void>;
  tick(): Promise<TickRecord | undefined>;
  /** Re-evaluate as soon as possible (coalesced with a running tick). */
  requestTick(): void;
  onRecord(listener: (record: TickRecord) => void): () => void;
  state(): Readonly<AgentState>;
  statuses(): Record<string, MinerStatus>;
  lastSnapshot(): Snapshot | undefined;
  /** The last tick's record, if a tick has run. */
  lastRecord(): TickRecord | undefined;
  setOverride(minerId: string, override: Override | undefined): void;
  setEnabled(enabled: boolean): void;
  setDryRun(dryRun: boolean): void;
  /** Whether dry run is in force now: the CLI flag, the config, or the run-time switch. */
  isDryRun(): boolean;
  /** Problems the agent has now (a failing tick, an unwritable state file), key → error text. */
  problems(): Record<string, string>;
  setZoneTarget(zoneId: string, targetC: number | undefined): void;
  readonly sources: SourceRunner;
  readonly miners: ReadonlyMap<string, MinerSupervisor>;
}

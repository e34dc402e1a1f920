import type { AdapterDeps } from '../../adapters/deps.js';
import { createHomeAssistantClient } from '../../adapters/homeassistant/client.js';
import { createSimWorld } from '../../adapters/sim/world.js';
import type { Config } from '../../config/schema.js';
import { decide } from '../core/decide.js';
import type { Decision } from '../core/decision.js';
import { OFF } from '../core/model.js';
import type { MinerStatus, Snapshot } from '../core/types.js';
import { connectMqtt } from '../mqtt/connection.js';
import type { Agent, AgentDeps, TickRecord } from './agent-types.js';
import { type AppliedDecision, applyDecisions, followDevice, logChanges, withoutCommand } from './apply.js';
import { adapterFacts, buildModel } from './build-model.js';
import { gridNeedsReaction } from './fast-reaction.js';
import { FaultReport } from './fault-report.js';
import { createForecastSources } from './forecast-sources.js';
import { ForecastStore } from './forecast-store.js';
import { learnFromStatus, withLearnedLevels } from './learning.js';
import { localTimeOf } from './local-time.js';
import { discoverLevels, superviseMiners } from './miner-setup.js';
import { OverrideInbox } from './override-inbox.js';
import { createPlannerLoop, withPlannerPolicy } from './planner-loop.js';
import { Problems } from './problems.js';
import { RateLimitedWarning } from './rate-limited-warning.js';
import { GridSignCheck } from './sign-check.js';
import { SignalStore } from './signal-store.js';
import { SourceRunner } from './source-runner.js';
import { StateFile } from './state-file.js';
import { updateCounters } from './tick-counters.js';
import { createMiners, createSources } from './wiring.js';

export type { Agent, AgentDeps, TickRecord } from './agent-types.js';

/** Delay of a requested re-evaluation (ms): commands and grid jumps take effect well within a second. */
const REACTION_DELAY_MS = 250;

/** The composition root: builds sources, miners and the model from the config, and runs the loop. */
export async function createAgent(config: Config, deps: AgentDeps): Promise<Agent> {
  const { clock, logger } = deps;
  // Made before sources and miners, which subscribe on it; closed on stop (unless the caller owns it).
  const ownMqtt = !deps.mqtt && config.mqtt ? connectMqtt(config.mqtt, { clock, logger }) : undefined;
  const mqtt = deps.mqtt ?? ownMqtt;
  // One Home Assistant client (REST + a lazily opened WebSocket) shared by HA inputs and switch miners.
  const homeassistant = config.homeassistant
    ? createHomeAssistantClient(config.homeassistant, { clock, logger })
    : undefined;
  const adapterDeps: AdapterDeps = {
    clock,
    logger,
    sim: deps.sim ?? createSimWorld(),
    timeZone: config.site.timeZone,
    currency: config.site.currency,
    ...(mqtt ? { mqtt } : {}),
    ...(homeassistant ? { homeassistant } : {}),
  };
  const implausible = new RateLimitedWarning({ clock, logger });
  const store = new SignalStore((update, why) =>
    implausible.warn(
      update.key,
      { signal: update.key, source: update.reading.source, why },
      'implausible reading ignored',
    ),
  );
  // A grid jump (a kettle, a cloud) re-evaluates at once instead of waiting for the next tick.
  store.onUpdate((update, previous) => {
    if (gridNeedsReaction(update, previous, config.agent.fastReaction)) agent.requestTick();
    if (update.key === 'grid.powerW') noteGridReading(update.reading.value as number);
  });
  // Forecasts (weather, PV) run beside the signal sources, on their schedule, into their own store.
  const forecasts = new ForecastStore({
    maxAgeMs: config.maxAge.forecast * 1000,
    reserveW: config.site.reserveW,
  });
  const sources = new SourceRunner(
    [
      ...createSources(config, adapterDeps),
      ...createForecastSources(config, adapterDeps, (u) => forecasts.update(u)),
    ],
    (u) => store.update(u),
    deps,
  );
  const adapters = createMiners(config, adapterDeps);
  const miners = superviseMiners(config, adapters, { clock, logger });
  await discoverLevels(config, miners, logger);
  const model = withPlannerPolicy(
    buildModel(config, Object.fromEntries(adapters.map((a) => [a.id, adapterFacts(a)]))),
    config,
  );
  const planner = createPlannerLoop(config, model, {
    logger,
    forecasts: (now) => forecasts.forecastsAt(now),
    forecastVersion: () => forecasts.version,
  });
  const stateFile = new StateFile(config.agent.dataDir);
  let state = stateFile.load();
  const { dataDir } = config.agent;
  const inbox = new OverrideInbox({ dataDir, model, timeZone: config.site.timeZone }, { clock, logger });
  state = { ...state, overrides: inbox.seed(state.overrides, config.miners) };
  const faults = new FaultReport(logger);
  const problems = new Problems(logger);
  let statuses: Record<string, MinerStatus> = {};
  let snapshot: Snapshot | undefined;
  let lastRecord: TickRecord | undefined;
  const listeners = new Set<(record: TickRecord) => void>();
  let running = false;
  let again = false;
  let task: { stop(): void } | undefined;
  let tickRequested = false;
  const signCheck = new GridSignCheck();
  const noteGridReading = (gridW: number) => {
    const verdict = signCheck.observed(gridW);
    if (!verdict) return;
    logger.warn(verdict);
    state = { ...state, diagnostics: { ...state.diagnostics, gridSign: verdict } };
  };
  const previousPowerW = (d: Decision) => d.ledger.find((r) => r.levelId === d.previousLevelId)?.powerW ?? 0;

  const isDryRun = () => Boolean(deps.dryRun || config.agent.dryRun || state.dryRun);

  async function readStatuses(): Promise<Record<string, MinerStatus>> {
    const entries = await Promise.all([...miners].map(async ([id, m]) => [id, await m.status()] as const));
    return Object.fromEntries(entries);
  }

  /** Persists the state; a failing write (disk full, read-only) is a problem to report, not a crash. */
  function saveState(): void {
    try {
      stateFile.save(state);
      problems.clear('state-file', 'state file written again');
    } catch (error) {
      problems.set(
        'state-file',
        error,
        'cannot write the state file; control goes on, state is kept in memory',
      );
    }
  }

  /** One tick: read → snapshot → plan → decide → apply → publish → persist. */
  async function runTick(): Promise<TickRecord> {
    const startedAt = clock.now();
    // Commands from `hashheat override` first, so they count in this very tick; expired ones go.
    const overrides = inbox.refresh(state.overrides, clock.now(), (id) => miners.get(id)?.resetBackoff());
    state = { ...state, overrides };
    statuses = await readStatuses();
    const now = clock.now();
    snapshot = {
      now,
      local: localTimeOf(now, config.site.timeZone),
      scalars: store.scalarsRecord(),
      series: store.seriesRecord(),
      miners: statuses,
      overrides: state.overrides,
      zoneTargetsC: state.zoneTargetsC,
    };
    if (planner) snapshot.plans = planner.plansFor(snapshot, state.memory);
    let learned = state.learned;
    for (const miner of model.miners) {
      learned = learnFromStatus(learned, miner.id, statuses[miner.id], state.memory.miners[miner.id], now);
    }
    state = { ...state, learned };
    const result = decide(snapshot, withLearnedLevels(model, learned), state.memory);
    state = { ...state, counters: updateCounters(state.counters, snapshot, model, result.decisions) };
    faults.report(result.decisions);
    const dryRun = isDryRun();
    let decisions: AppliedDecision[];
    if (!state.enabled) decisions = result.decisions.map((d) => withoutCommand(d, 'disabled'));
    else if (dryRun) decisions = result.decisions.map((d) => withoutCommand(d, 'dry-run'));
    else {
      const applied = await applyDecisions(result.decisions, miners, deps);
      decisions = applied.decisions;
      statuses = { ...statuses, ...applied.statuses };
      const deltaW = decisions.reduce((sum, d) => sum + (d.command ? d.powerW - previousPowerW(d) : 0), 0);
      signCheck.stepped(deltaW, store.get('grid.powerW')?.value as number | undefined);
    }
    // Memory follows what the device took (in dry run: what it would have taken).
    state = { ...state, memory: followDevice(state.memory, result.memory, decisions) };
    const record: TickRecord = {
      at: now,
      decisions,
      dryRun,
      enabled: state.enabled,
      durationMs: clock.now() - startedAt,
    };
    if (planner) record.plans = planner.summaries(now);
    logChanges(decisions, deps, dryRun);
    saveState();
    lastRecord = record;
    for (const listener of listeners) listener(record);
    return record;
  }

  async function tick(): Promise<TickRecord | undefined> {
    if (running) {
      again = true;
      return undefined;
    }
    running = true;
    try {
      const record = await runTick();
      problems.clear('tick', 'ticks work again');
      return record;
    } catch (error) {
      // The tick is a boundary: the loop goes on and the miners keep the last state they took.
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

  /**
   * Before the first tick: waits (bounded) for the MQTT connection and for every push input to
   * deliver its first (retained) reading, so the first decision does not run blind and MQTT miners
   * are not reported unreachable on every start. Transport time is wall time, as for MQTT itself.
   */
  async function waitForInputs(limitMs: number): Promise<void> {
    const started = Date.now();
    const left = () => Math.max(0, limitMs - (Date.now() - started));
    const connection = ownMqtt;
    if (connection && !(await connection.waitForConnect(left()))) {
      logger.warn(
        { waitedMs: limitMs },
        'MQTT is not connected yet; the first tick runs without MQTT inputs',
      );
      return;
    }
    const missing = () => sources.pushKeys().filter((k) => store.get(k) === undefined);
    while (missing().length > 0 && left() > 0) await new Promise((resolve) => setTimeout(resolve, 25));
    if (missing().length > 0)
      logger.info(
        { missing: missing(), waitedMs: limitMs },
        'starting without a first reading of some inputs',
      );
  }

  const persist = () => {
    saveState();
    agent.requestTick();
  };

  const agent: Agent = {
    config,
    model,
    store,
    ...(mqtt ? { mqtt } : {}),
    sources,
    miners,
    async start(options) {
      await sources.start();
      if (options?.waitForInputsMs) await waitForInputs(options.waitForInputsMs);
      inbox.watch(() => agent.requestTick());
      task = deps.scheduler.schedule(config.agent.tick, () => void tick());
      logger.info({ miners: model.miners.length, dryRun: isDryRun() }, 'hashheat agent started');
    },
    async stop(options) {
      task?.stop();
      inbox.close();
      while (running) await new Promise((r) => setImmediate(r));
      if (options?.applyOnExit !== false && config.agent.onExit === 'off' && !isDryRun()) {
        await Promise.all([...miners.values()].map((m) => m.apply(OFF)));
        logger.info('miners switched off on exit');
      }
      await sources.stop();
      await Promise.all([...miners.values()].map((m) => m.close()));
      saveState();
      await ownMqtt?.close();
      await homeassistant?.close();
    },
    tick,
    requestTick() {
      // Debounced: a burst of readings or commands costs one evaluation, within a quarter second.
      if (tickRequested) return;
      tickRequested = true;
      clock.setTimeout(() => {
        tickRequested = false;
        void tick();
      }, REACTION_DELAY_MS);
    },
    onRecord(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    state: () => state,
    statuses: () => statuses,
    lastSnapshot: () => snapshot,
    lastRecord: () => lastRecord,
    setOverride(minerId, override) {
      const overrides = { ...state.overrides };
      if (override) overrides[minerId] = override;
      else delete overrides[minerId];
      state = { ...state, overrides };
      miners.get(minerId)?.resetBackoff();
      persist();
    },
    setEnabled(enabled) {
      state = { ...state, enabled };
      persist();
    },
    isDryRun,
    problems: () => problems.current(),
    setDryRun(dryRun) {
      state = { ...state, dryRun };
      persist();
    },
    setZoneTarget(zoneId, targetC) {
      const zoneTargetsC = { ...state.zoneTargetsC };
      if (targetC === undefined) delete zoneTargetsC[zoneId];
      else zoneTargetsC[zoneId] = targetC;
      state = { ...state, zoneTargetsC };
      persist();
    },
  };
  return agent;
}

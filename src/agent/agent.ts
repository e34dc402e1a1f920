import type { AdapterDeps } from '../../adapters/deps.js';
import { createHomeAssistantClient } from '../../adapters/homeassistant/client.js';
import { createSimWorld } from '../../adapters/sim/world.js';
import type { Config } from '../../config/schema.js';
import { knownEvents } from '../core/grid-events.js';
import { OFF } from '../core/model.js';
import { connectMqtt } from '../mqtt/connection.js';
import type { Agent, AgentDeps, TickRecord } from './agent-types.js';
import { adapterFacts, buildModel } from './build-model.js';
import { CapacityMeter } from './capacity-meter.js';
import { agentControls } from './controls.js';
import { EventEdges } from './event-edges.js';
import { FanCaps } from './fan-caps.js';
import { gridNeedsReaction } from './fast-reaction.js';
import { FaultReport } from './fault-report.js';
import { createFleetLink } from './fleet-link.js';
import { Followers } from './followers.js';
import { createForecastSources } from './forecast-sources.js';
import { ForecastStore } from './forecast-store.js';
import { discoverLevels, superviseMiners } from './miner-setup.js';
import { OverrideInbox } from './override-inbox.js';
import { createPlannerLoop, withPlannerPolicy } from './planner-loop.js';
import { Problems } from './problems.js';
import { RateLimitedWarning } from './rate-limited-warning.js';
import { GridSignCheck } from './sign-check.js';
import { SignalStore } from './signal-store.js';
import { SourceRunner } from './source-runner.js';
import { StateFile } from './state-file.js';
import { type LiveState, runTick, type TickParts, tickBoundary } from './tick.js';
import { waitForInputs } from './wait-for-inputs.js';
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
  // A grid event's start or end wakes the agent at that moment (issue 18).
  const edges = new EventEdges(clock, () => agent.requestTick());
  // A grid jump (a kettle, a cloud) re-evaluates at once instead of waiting for the next tick.
  store.onUpdate((update, previous) => {
    if (gridNeedsReaction(update, previous, config.agent.fastReaction)) agent.requestTick();
    if (update.key === 'events') edges.update(knownEvents(store.eventsRecord()));
    if (update.key === 'grid.powerW') {
      noteGridReading(update.reading.value as number);
      capacity?.reading(update.reading.value as number, update.reading.at);
    }
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
  const live: LiveState = { state: stateFile.load(), statuses: {}, snapshot: undefined };
  const capacity =
    model.capacity && new CapacityMeter(model.capacity.windowMs, config.site.timeZone, live.state.capacity);
  const { dataDir } = config.agent;
  const inbox = new OverrideInbox({ dataDir, model, timeZone: config.site.timeZone }, { clock, logger });
  live.state = { ...live.state, overrides: inbox.seed(live.state.overrides, config.miners) };
  const faults = new FaultReport(logger);
  const problems = new Problems(logger);
  const listeners = new Set<(record: TickRecord) => void>();
  let task: { stop(): void } | undefined;
  let tickRequested = false;
  const signCheck = new GridSignCheck();
  const noteGridReading = (gridW: number) => {
    const verdict = signCheck.observed(gridW);
    if (!verdict) return;
    logger.warn(verdict);
    live.state = { ...live.state, diagnostics: { ...live.state.diagnostics, gridSign: verdict } };
  };

  const isDryRun = () => Boolean(deps.dryRun || config.agent.dryRun || live.state.dryRun);

  /** Persists the state; a failing write (disk full, read-only) is a problem to report, not a crash. */
  function saveState(): void {
    try {
      stateFile.save(live.state);
      problems.clear('state-file', 'state file written again');
    } catch (error) {
      problems.set(
        'state-file',
        error,
        'cannot write the state file; control goes on, state is kept in memory',
      );
    }
  }

  const fleet =
    config.fleet && config.mqtt
      ? createFleetLink(
          { fleet: config.fleet, mqtt: config.mqtt },
          { clock, logger, ...(deps.fleetBus ? { bus: deps.fleetBus } : {}) },
        )
      : undefined;
  const followers =
    config.followers.length > 0 ? new Followers(config, adapterDeps, live.state.followers) : undefined;
  const fanCaps = new FanCaps(config, miners, deps, live.state.fanCaps);
  const parts: TickParts = {
    config,
    model,
    miners,
    store,
    planner,
    capacity,
    ...(fleet ? { fleet } : {}),
    ...(followers ? { followers } : {}),
    ...(fanCaps.active ? { fanCaps } : {}),
    inbox,
    faults,
    signCheck,
    deps,
    live,
    isDryRun,
    saveState,
    listeners,
  };
  const boundary = tickBoundary(() => runTick(parts), problems);
  const tick = boundary.tick;

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
      if (options?.waitForInputsMs)
        await waitForInputs(options.waitForInputsMs, { connection: ownMqtt, sources, store, logger });
      inbox.watch(() => agent.requestTick());
      task = deps.scheduler.schedule(config.agent.tick, () => void tick());
      logger.info({ miners: model.miners.length, dryRun: isDryRun() }, 'hashheat agent started');
    },
    async stop(options) {
      task?.stop();
      edges.stop();
      inbox.close();
      while (boundary.running()) await new Promise((r) => setImmediate(r));
      if (options?.applyOnExit !== false && config.agent.onExit === 'off' && !isDryRun()) {
        await Promise.all([...miners.values()].map((m) => m.apply(OFF)));
        logger.info('miners switched off on exit');
      }
      await sources.stop();
      await Promise.all([...miners.values()].map((m) => m.close()));
      await followers?.close();
      saveState();
      await fleet?.close();
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
    state: () => live.state,
    statuses: () => live.statuses,
    lastSnapshot: () => live.snapshot,
    lastRecord: () => live.lastRecord,
    isDryRun,
    problems: () => problems.current(),
    ...(fleet ? { fleetTotals: () => fleet.totals() } : {}),
    ...agentControls(live, miners, persist),
  };
  return agent;
}

import { createPlannerLoop } from '../../agent/planner-loop.js';
import { decide } from '../../core/decide.js';
import { emptyMemory, type Memory } from '../../core/memory.js';
import type { Model } from '../../core/model.js';
import type { Level, Snapshot } from '../../core/types.js';
import { CapacityTracker, stepGridW } from '../capacity.js';
import { backtestForecasts } from '../forecast.js';
import type { Controller } from '../simulate.js';
import { backtestSnapshot, type PriceBook, priceBook } from '../snapshot.js';
import { type BacktestWorld, quietLogger } from '../world.js';

const DELAYS = new Set(['enable-delay', 'disable-delay']);

/** The same snapshot `ms` later, every reading re-stamped (the data do not change within a step). */
function later(snapshot: Snapshot, ms: number): Snapshot {
  const now = snapshot.now + ms;
  const scalars = Object.fromEntries(
    Object.entries(snapshot.scalars).map(([k, r]) => [k, r && { ...r, at: now }]),
  ) as Snapshot['scalars'];
  const series = Object.fromEntries(
    Object.entries(snapshot.series).map(([k, r]) => [k, r && { ...r, at: now }]),
  ) as Snapshot['series'];
  const miners = Object.fromEntries(Object.entries(snapshot.miners).map(([k, m]) => [k, { ...m, at: now }]));
  return { ...snapshot, now, scalars, series, miners };
}

/** Runs the real `decide` each step on the snapshot the live agent would have seen. */
function decideController(
  world: BacktestWorld,
  model: Model,
  withPlans: (snapshot: Snapshot, memory: Memory) => Snapshot,
): Controller {
  const book: PriceBook = priceBook(world);
  let memory = emptyMemory();
  // The live agent ticks every 30 s, so enable/disable delays of a few minutes pass within a step:
  // when one holds a change, decide again once the delay is over and let that choice fill the step.
  const delayMs = Math.max(
    ...model.miners.map((m) => Math.max(m.guards.enableDelayMs, m.guards.disableDelayMs)),
    0,
  );
  const redecide = delayMs > 0 && delayMs < world.frames.stepMs;
  // The capacity tariff's meter, as the live agent's CapacityMeter keeps it, fed each step's grid import.
  const tracker = model.capacity && new CapacityTracker(world.frames, model.capacity);
  return {
    choose(state) {
      let seen = backtestSnapshot(world, book, state);
      if (tracker) {
        if (state.i > 0)
          tracker.add(state.i - 1, stepGridW(world.frames, state.i - 1, drawW(world, state.levels)));
        seen = { ...seen, capacity: tracker.window(state.i) };
      }
      const snapshot = withPlans(seen, memory);
      let result = decide(snapshot, model, memory);
      if (redecide && result.decisions.some((d) => DELAYS.has(d.decidedBy))) {
        result = decide(later(snapshot, delayMs + 1000), model, result.memory);
      }
      memory = result.memory;
      return world.miners.map((m) =>
        levelIndex(m.levels, result.decisions.find((d) => d.minerId === m.id)?.level),
      );
    },
  };
}

/** The miners' draw (W) at the given level indices. */
function drawW(world: BacktestWorld, levels: readonly number[]): number {
  return world.miners.reduce((sum, m, k) => sum + m.levels[levels[k]!]!.powerW, 0);
}

/** hashheat's live policies and guards, without look-ahead. */
export function liveController(world: BacktestWorld): Controller {
  return decideController(world, world.model, (snapshot) => snapshot);
}

/**
 * hashheat with the planner: the live planner loop (re-plan on newly published prices and every
 * `planner.replanMinutes`) on published prices and forecast temperatures and PV, then `decide`
 * with the planner policy.
 */
export function plannerController(world: BacktestWorld): Controller {
  const config = { ...world.bc.config, planner: { ...world.bc.config.planner!, enabled: true } };
  const loop = createPlannerLoop(config, world.plannerModel, {
    logger: quietLogger,
    settings: world.settings,
    forecasts: (now) => backtestForecasts(world, now),
    // A year of hourly plans: the solver keeps its value storage from one to the next.
    reuseValues: true,
  })!;
  return decideController(world, world.plannerModel, (snapshot, memory) => ({
    ...snapshot,
    plans: loop.plansFor(snapshot, memory),
  }));
}

/**
 * The replayed level for a decision's level: the configured one with its id, else (a power target
 * the core synthesised) the highest configured level that draws no more than the decided power.
 */
export function levelIndex(levels: readonly Level[], level: Level | undefined): number {
  if (!level) return 0;
  const same = levels.findIndex((l) => l.id === level.id);
  if (same >= 0) return same;
  let best = 0;
  levels.forEach((l, i) => {
    if (l.powerW <= level.powerW && l.powerW >= levels[best]!.powerW) best = i;
  });
  return best;
}

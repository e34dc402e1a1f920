import type { PlanTotals } from '../core/planner/plan-types.js';
import type { CapacityResult } from './capacity.js';
import { type EventSummary, eventSummaries } from './grid-summary.js';
import { capturedShare, type Penalties, type Scored, score } from './objective.js';
import { type Controller, type StrategyRun, simulate, type Trace } from './simulate.js';
import { liveController, plannerController } from './strategies/decide-driven.js';
import { type OptimumName, optimumReplay, type SolvedOptimum } from './strategies/optimum.js';
import { baselineController, thermostatController, thresholdController } from './strategies/simple.js';
import { type TankSummary, tankNotes, tankSummary } from './tank-summary.js';
import type { BacktestWorld } from './world.js';

/** The strategies a backtest compares, in report order. */
export const STRATEGIES = [
  'baseline',
  'thermostat',
  'threshold',
  'live',
  'planner',
  'optimum',
  'money',
] as const;
/** One strategy name. */
export type StrategyName = (typeof STRATEGIES)[number];

const MAKERS: Record<
  StrategyName,
  { label: string; make(world: BacktestWorld, solved?: SolvedOptimum): Controller & { notes?: string[] } }
> = {
  baseline: { label: 'no miner (baseline)', make: baselineController },
  thermostat: { label: 'thermostat-only miner', make: thermostatController },
  threshold: { label: 'fixed price threshold', make: thresholdController },
  live: { label: 'hashheat live policies', make: liveController },
  planner: { label: 'hashheat with planner', make: plannerController },
  optimum: {
    label: 'perfect-foresight optimum',
    make: (world, solved) => optimumReplay(world, 'optimum', solved),
  },
  money: {
    label: 'money-only optimum (no comfort penalty)',
    make: (world, solved) => optimumReplay(world, 'money', solved),
  },
};

/**
 * One strategy's result: totals, its score on the objective (extra cold/hot K·h over the baseline,
 * net cost + penalties), captured share of the optimum's saving, traces and run time.
 */
export interface StrategyResult extends Scored {
  name: StrategyName;
  label: string;
  totals: PlanTotals;
  /**
   * (baseline − strategy) / (baseline − optimum) on the objective (net cost + penalties): the
   * optimum minimises exactly that, so no strategy passes 1 unless the optimum is off. Undefined
   * without the optimum, or when it saves nothing.
   */
  captured?: number;
  trace: Trace;
  /** With a capacity tariff: the month's peaks of this strategy's grid import and their charges (in `totals`). */
  capacity?: CapacityResult;
  wallMs: number;
}

/** A whole backtest: the period, the strategies' results and data warnings. */
export interface BacktestResult {
  name: string;
  from: string;
  to: string;
  stepMinutes: number;
  steps: number;
  currency: string;
  /** The objective's comfort prices (currency per K·h). */
  penalties: Penalties;
  strategies: StrategyResult[];
  /** The no-miner baseline's traces, run even when the baseline is not reported (per-period extras). */
  baselineTrace: Trace;
  /** With a capacity tariff (issue 18): its terms and the house alone's (the baseline's) months. */
  capacity?: { windowMinutes: number; perKWMonth: number; minimumW: number; house: CapacityResult };
  /** The grid events replayed, with each strategy's energy and money in their windows (the house alone first). */
  events: EventSummary[];
  warnings: string[];
  /** How the optimum was found (grid, convergence, several miners). */
  notes: string[];
  /** A water zone (issue 19 item 4): each strategy's tank energy account. */
  tank?: TankSummary;
}

/**
 * What a capacity tariff's figures mean in this replay: the windows the data support, who sees the
 * tariff (hashheat's strategies through the capacity policy; not the thermostat, the threshold or the
 * optimum's solver), and what the house's import does and does not include.
 */
function capacityNotes(world: BacktestWorld, names: readonly StrategyName[]): string[] {
  const tariff = world.model.capacity!;
  const f = world.frames;
  const windowMin = tariff.windowMs / 60_000;
  const stepMin = f.stepMs / 60_000;
  const notes: string[] = [];
  if (!world.bc.backtest.houseImport)
    notes.push(
      "capacity: no backtest.houseImport: the house's own grid import is unknown, so the peaks count the miners' grid import only",
    );
  else if (windowMin < stepMin)
    notes.push(
      `capacity: the tariff's ${windowMin}-min windows on ${stepMin}-min data are each taken as the step's mean import: ` +
        `${windowMin}-min peaks inside a step would need ${windowMin}-min data, which this replay does not have (none invented); the peaks and charges are lower bounds`,
    );
  else
    notes.push(
      `capacity: ${windowMin}-min windows on ${stepMin}-min data: each window's average is the measured import of its steps (hourly data support 60-min windows; 15-min windows would need 15-min data)`,
    );
  notes.push(
    "capacity: grid import = the house's recorded import + what the miners draw beyond the PV surplus; the recorded import includes the house's own heating, and heat the miners displace is not taken off it",
  );
  if (names.includes('optimum') || names.includes('money'))
    notes.push(
      "capacity: the optimum's solver has no month's-peak state, so it cannot price a peak: its capacity charge is what its schedule happens to pay, not an optimum — not comparable for the capacity charge, nor its captured share",
    );
  if (names.includes('thermostat') || names.includes('threshold'))
    notes.push('capacity: the thermostat and the price threshold ignore the tariff (the comparison)');
  return notes;
}

/** Adds `captured` on the objective to each result from the baseline's objective and the optimum's, when it ran. */
export function withCaptured(results: StrategyResult[], baselineObjective: number): StrategyResult[] {
  const optimum = results.find((r) => r.name === 'optimum')?.objective;
  return results.map(({ captured: _old, ...r }) => {
    const captured =
      optimum === undefined ? undefined : capturedShare(r.objective, baselineObjective, optimum);
    return captured === undefined ? r : { ...r, captured };
  });
}

/**
 * The optimum is the best schedule the solver found for the objective: when the money-only solve's
 * schedule happens to score better on it (within the grid's convergence tolerance), the optimum is
 * that schedule, and a note says so.
 */
function adoptBetterCandidate(results: StrategyResult[], notes: string[]): void {
  const at = results.findIndex((r) => r.name === 'optimum');
  const money = results.find((r) => r.name === 'money');
  const optimum = results[at];
  if (!optimum || !money || money.objective >= optimum.objective) return;
  notes.push(
    `optimum: the money-only solve's schedule scores ${(optimum.objective - money.objective).toFixed(4)} better on the objective; the optimum is that schedule`,
  );
  results[at] = { ...money, name: 'optimum', label: optimum.label, wallMs: optimum.wallMs };
}

/** Options of a backtest run. */
export interface RunOptions {
  strategies?: readonly StrategyName[];
  onProgress?: (strategy: StrategyName, fraction: number) => void;
  /** A wall clock (ms) for the strategies' run times; none: every run time is 0 (tests). */
  now?: () => number;
}

/** One strategy replayed: its result, its run (traces) and its notes. */
export interface Ran {
  result: StrategyResult;
  run: StrategyRun;
  notes: string[];
}

/** An optimum solved elsewhere (a worker thread) and how long the solve took (ms). */
export type Solved = Partial<Record<OptimumName, { solved: SolvedOptimum; ms: number }>>;

/** The comfort prices every strategy is scored with (the configured objective). */
function penaltiesOf(world: BacktestWorld): Penalties {
  return { coldPerKh: world.settings.coldPenaltyPerKh, hotPerKh: world.settings.hotPenaltyPerKh };
}

/** The no-miner baseline's replay: the reference every score is taken against, run even when not reported. */
export function baselineReplay(world: BacktestWorld): StrategyRun {
  return simulate(world, MAKERS.baseline.make(world));
}

/**
 * Replays the named strategies (in report order) against the baseline's totals; an optimum in
 * `solved` replays that schedule instead of solving it here, and its run time includes the solve.
 */
export function runStrategies(
  world: BacktestWorld,
  names: readonly StrategyName[],
  baseline: StrategyRun,
  options: RunOptions = {},
  solved: Solved = {},
): Ran[] {
  const now = options.now ?? (() => 0);
  const penalties = penaltiesOf(world);
  return STRATEGIES.filter((s) => names.includes(s)).map((name) => {
    const started = now();
    options.onProgress?.(name, 0);
    const elsewhere = name === 'optimum' || name === 'money' ? solved[name] : undefined;
    const controller = MAKERS[name].make(world, elsewhere?.solved);
    const run = simulate(world, controller, (f) => options.onProgress?.(name, f));
    const result: StrategyResult = {
      name,
      label: MAKERS[name].label,
      totals: run.totals,
      ...score(run.totals, baseline.totals, penalties),
      trace: run.trace,
      ...(run.capacity ? { capacity: run.capacity } : {}),
      wallMs: now() - started + (elsewhere?.ms ?? 0),
    };
    return { result, run, notes: controller.notes ?? [] };
  });
}

/**
 * Replays every chosen strategy on the same data (a wall clock is passed in for run times, so this
 * stays testable); `onProgress` hears each strategy's progress 0…1.
 */
export function runBacktest(world: BacktestWorld, options: RunOptions = {}): BacktestResult {
  const names = options.strategies ?? STRATEGIES;
  const baseline = baselineReplay(world);
  return backtestResult(world, names, baseline, runStrategies(world, names, baseline, options));
}

/** The whole backtest from the strategies' replays (in any order): scores, notes, events, tank. */
export function backtestResult(
  world: BacktestWorld,
  names: readonly StrategyName[],
  baselineRun: StrategyRun,
  replays: readonly Ran[],
): BacktestResult {
  const ran = STRATEGIES.flatMap((name) => replays.filter((r) => r.result.name === name));
  const penalties = penaltiesOf(world);
  const baseline = baselineRun.totals;
  const results = ran.map((r) => r.result);
  const runs = ran.map((r) => ({ name: r.result.name, label: r.result.label, run: r.run }));
  const notes = ran.flatMap((r) => r.notes);
  const tariff = world.model.capacity;
  if (tariff) notes.push(...capacityNotes(world, names));
  notes.push(...tankNotes(world));
  adoptBetterCandidate(results, notes);
  const bt = world.bc.backtest;
  const tank = tankSummary(world, baselineRun, runs);
  return {
    name: bt.name ?? `${bt.from} – ${bt.to}`,
    from: bt.from,
    to: bt.to,
    stepMinutes: bt.stepMinutes,
    steps: world.frames.start.length,
    currency: world.bc.config.site.currency,
    penalties,
    strategies: withCaptured(results, baseline.netCost),
    baselineTrace: baselineRun.trace,
    ...(tariff && baselineRun.capacity
      ? {
          capacity: {
            windowMinutes: tariff.windowMs / 60_000,
            perKWMonth: tariff.perKWMonth,
            minimumW: tariff.minimumW,
            house: baselineRun.capacity,
          },
        }
      : {}),
    events: eventSummaries(world, [
      { name: 'house', trace: baselineRun.trace, capacity: baselineRun.capacity },
      ...results.filter((r) => r.name !== 'baseline'),
    ]),
    warnings: world.frames.warnings,
    notes,
    ...(tank ? { tank } : {}),
  };
}

import type { PlanTotals } from '../core/planner/plan-types.js';
import { type Controller, simulate, type Trace } from './simulate.js';
import { liveController, plannerController } from './strategies/decide-driven.js';
import { optimumController } from './strategies/optimum.js';
import { baselineController, thermostatController, thresholdController } from './strategies/simple.js';
import type { BacktestWorld } from './world.js';

/** The strategies a backtest compares, in report order. */
export const STRATEGIES = ['baseline', 'thermostat', 'threshold', 'live', 'planner', 'optimum'] as const;
/** One strategy name. */
export type StrategyName = (typeof STRATEGIES)[number];

const MAKERS: Record<StrategyName, { label: string; make(world: BacktestWorld): Controller }> = {
  baseline: { label: 'no miner (baseline)', make: baselineController },
  thermostat: { label: 'thermostat-only miner', make: thermostatController },
  threshold: { label: 'fixed price threshold', make: thresholdController },
  live: { label: 'hashheat live policies', make: liveController },
  planner: { label: 'hashheat with planner', make: plannerController },
  optimum: { label: 'perfect-foresight optimum', make: optimumController },
};

/** One strategy's result: totals, captured share of the optimum's saving, traces and run time. */
export interface StrategyResult {
  name: StrategyName;
  label: string;
  totals: PlanTotals;
  /**
   * (baseline − strategy) / (baseline − optimum); undefined without both, or when the optimum saves
   * nothing. It can pass 1 when `planner.hotPenaltyPerKh` > 0 (the optimum then also pays for
   * comfort) and a strategy spends more comfort than the optimum did.
   */
  captured?: number;
  trace: Trace;
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
  strategies: StrategyResult[];
  warnings: string[];
}

/** Adds `captured` to each result from the baseline and the optimum, when both ran. */
export function withCaptured(results: StrategyResult[]): StrategyResult[] {
  const baseline = results.find((r) => r.name === 'baseline')?.totals.netCost;
  const optimum = results.find((r) => r.name === 'optimum')?.totals.netCost;
  const gain = baseline === undefined || optimum === undefined ? 0 : baseline - optimum;
  return results.map(({ captured: _old, ...r }) =>
    Math.abs(gain) < 1e-9 ? r : { ...r, captured: (baseline! - r.totals.netCost) / gain },
  );
}

/**
 * Replays every chosen strategy on the same data (a wall clock is passed in for run times, so this
 * stays testable); `onProgress` hears each strategy's progress 0…1.
 */
export function runBacktest(
  world: BacktestWorld,
  options: {
    strategies?: readonly StrategyName[];
    onProgress?: (strategy: StrategyName, fraction: number) => void;
    now?: () => number;
  } = {},
): BacktestResult {
  const names = options.strategies ?? STRATEGIES;
  const now = options.now ?? (() => 0);
  const results: StrategyResult[] = [];
  for (const name of STRATEGIES.filter((s) => names.includes(s))) {
    const started = now();
    options.onProgress?.(name, 0);
    const run = simulate(world, MAKERS[name].make(world), (f) => options.onProgress?.(name, f));
    results.push({
      name,
      label: MAKERS[name].label,
      totals: run.totals,
      trace: run.trace,
      wallMs: now() - started,
    });
  }
  const bt = world.bc.backtest;
  return {
    name: bt.name ?? `${bt.from} – ${bt.to}`,
    from: bt.from,
    to: bt.to,
    stepMinutes: bt.stepMinutes,
    steps: world.frames.start.length,
    currency: world.bc.config.site.currency,
    strategies: withCaptured(results),
    warnings: world.frames.warnings,
  };
}

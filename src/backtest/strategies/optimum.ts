import { eventCapW } from '../../core/grid-events.js';
import type { PlanResult } from '../../core/planner/plan-types.js';
import { slotGuards } from '../../core/planner/slot-guards.js';
import { type SolveScratch, solvePlan, solveScratch } from '../../core/planner/solve.js';
import { solveStartsCapLast } from '../../core/planner/starts-cap.js';
import { allocationOrder } from '../../core/surplus.js';
import type { Penalties } from '../objective.js';
import { actualSlot, type ReplayWorld } from '../replay-world.js';
import { type Controller, simulate } from '../simulate.js';

/** How the optimum was found: the grid it converged on and whether it is exact for several miners. */
export interface OptimumReport {
  /** Grid step of the schedule kept (K). */
  stepC: number;
  /** Relative change of the objective's saving over the last refinement (fraction). */
  lastChange: number;
  converged: boolean;
  /** Memory forced a grid coarser than asked for. */
  coarsened: boolean;
  /**
   * One miner; several solved jointly (one combined miner over every combination of levels); or
   * several solved one after another (an estimate, not a bound).
   */
  method: 'single' | 'joint' | 'sequential';
  /** Objective per grid step tried, finest last. */
  history: { stepC: number; objective: number }[];
}

/** Relative change of the saving under which the grid counts as converged (0.1 %). */
export const CONVERGED = 0.001;
/** Finest grid the refinement tries (K). */
const FINEST_C = 0.003;

type Schedules = number[][];

/**
 * The miners solved one after another in allocation order on grid `stepC`: each sees the earlier
 * ones' heat and draw, as the live planner does.
 */
function solveAll(world: ReplayWorld, stepC: number, penalties: Penalties, scratch: SolveScratch) {
  const n = world.frames.start.length;
  const base = Array.from({ length: n }, (_, i) => actualSlot(world, i));
  const events = Object.values(world.frames.events).flat();
  const heatW = new Float64Array(n);
  const takenW = new Float64Array(n);
  const schedules: Schedules = world.miners.map(() => new Array<number>(n).fill(0));
  let coarsened = false;
  let usedC = stepC;
  for (const miner of allocationOrder(world.miners)) {
    const k = world.miners.indexOf(miner);
    const heats = world.heats[k]!;
    const slots = base.map((s, i) => {
      // A grid event's stop or cap binds the optimum too, as it binds the planner (issue 18).
      const capW = eventCapW(events, s.start, s.end, miner.levels);
      return {
        ...s,
        surplusW: Math.max(0, s.surplusW - takenW[i]!),
        baseHeatW: s.baseHeatW + heatW[i]!,
        ...(capW === undefined ? {} : { maxPowerW: capW }),
      };
    });
    // The starts cap binds the schedule only if the schedule without it breaks it (seldom: solved last).
    const result: PlanResult = solveStartsCapLast(
      {
        slots,
        levels: miner.levels,
        poolFee: miner.poolFee,
        guards: slotGuards(miner.guards, world.frames.stepMs),
        ...(heats ? { room: world.room } : {}),
        start: { roomC: world.startC, levelIndex: 0, slotsInState: 1e6, slotsAtLevel: 1e6, startsToday: 0 },
        temperatureStepC: stepC,
        coldPenaltyPerKh: penalties.coldPerKh,
        hotPenaltyPerKh: penalties.hotPerKh,
      },
      { scratch },
    );
    coarsened ||= result.grid.coarsened;
    usedC = Math.max(usedC, result.grid.stepC);
    schedules[k] = result.levelIndex;
    result.levelIndex.forEach((l, i) => {
      takenW[i] = takenW[i]! + miner.levels[l]!.powerW;
      if (heats) heatW[i] = heatW[i]! + miner.levels[l]!.powerW;
    });
  }
  return { schedules, coarsened, stepC: usedC };
}

/** Most level combinations a joint solve takes on. */
const MAX_COMBINATIONS = 64;

/**
 * The miners as one combined miner over every combination of their levels, when that is exact
 * enough: all heat the room (or none does), at most 64 combinations, and no guard binds at this step
 * (anti-flap times of one step or less, a starts cap no day reaches): per-miner guards do not
 * survive the combination. Revenue is net of each miner's pool fee. Undefined otherwise.
 */
function jointProblem(world: ReplayWorld) {
  const miners = world.miners;
  if (miners.length < 2) return undefined;
  if (!world.heats.every((h) => h === world.heats[0])) return undefined;
  // A stop or cap event limits each miner, which the combined miner cannot express.
  const limits = Object.values(world.frames.events).flat();
  if (limits.some((e) => e.effect.kind !== 'price' && e.effect.kind !== 'reward')) return undefined;
  const count = miners.reduce((n, m) => n * m.levels.length, 1);
  if (count > MAX_COMBINATIONS) return undefined;
  const perDay = Math.round(86_400_000 / world.frames.stepMs);
  for (const m of miners) {
    const g = slotGuards(m.guards, world.frames.stepMs);
    if (g.minOnSlots > 1 || g.minOffSlots > 1 || g.minDwellSlots > 1) return undefined;
    if (g.maxStartsPerDay < Math.ceil(perDay / 2)) return undefined;
  }
  const combos: number[][] = [[]];
  for (const m of miners) {
    const next: number[][] = [];
    for (const c of combos) for (let l = 0; l < m.levels.length; l++) next.push([...c, l]);
    combos.splice(0, combos.length, ...next);
  }
  const levels = combos.map((c, i) => ({
    id: i === 0 ? 'off' : `combo-${i}`,
    powerW: c.reduce((w, l, k) => w + miners[k]!.levels[l]!.powerW, 0),
    ths: c.reduce((t, l, k) => t + miners[k]!.levels[l]!.ths * (1 - miners[k]!.poolFee), 0),
  }));
  return { combos, levels };
}

/** The miners solved jointly on grid `stepC` (see `jointProblem`), or undefined when that is not exact. */
function solveJoint(world: ReplayWorld, stepC: number, penalties: Penalties, scratch: SolveScratch) {
  const joint = jointProblem(world);
  if (!joint) return undefined;
  const n = world.frames.start.length;
  const result = solvePlan(
    {
      slots: Array.from({ length: n }, (_, i) => actualSlot(world, i)),
      levels: joint.levels,
      poolFee: 0,
      guards: { minOnSlots: 0, minOffSlots: 0, minDwellSlots: 0, maxStartsPerDay: Number.POSITIVE_INFINITY },
      ...(world.heats[0] ? { room: world.room } : {}),
      start: { roomC: world.startC, levelIndex: 0, slotsInState: 1e6, slotsAtLevel: 1e6, startsToday: 0 },
      temperatureStepC: stepC,
      coldPenaltyPerKh: penalties.coldPerKh,
      hotPenaltyPerKh: penalties.hotPerKh,
    },
    { scratch },
  );
  const schedules: Schedules = world.miners.map((_, k) => result.levelIndex.map((c) => joint.combos[c]![k]!));
  return { schedules, coarsened: result.grid.coarsened, stepC: result.grid.stepC };
}

function replay(schedules: Schedules): Controller {
  return { choose: ({ i }) => schedules.map((s) => s[i]!) };
}

/** A schedule's objective as the simulator scores it (absolute K·h; differs from the report's by a constant). */
function objectiveOf(world: ReplayWorld, schedules: Schedules, penalties: Penalties): number {
  const t = simulate(world, replay(schedules)).totals;
  return t.netCost + penalties.coldPerKh * t.coldKh + penalties.hotPerKh * t.hotKh;
}

/**
 * The perfect-foresight optimum of `net cost + penalties`: the planner's solver over the whole
 * period with the actual prices, temperatures and surplus, its grid halved from the planner's step
 * until the saving over the baseline changes by less than 0.1 % (or the grid reaches 0.003 K, or
 * memory forces a coarser one: then the report says so). Every candidate is scored by the
 * simulator and the best kept, so the optimum is always a schedule the house really runs.
 */
export function solveOptimum(
  world: ReplayWorld,
  penalties: Penalties,
): { schedules: Schedules; report: OptimumReport } {
  const n = world.frames.start.length;
  const baseline = objectiveOf(
    world,
    world.miners.map(() => new Array<number>(n).fill(0)),
    penalties,
  );
  const history: OptimumReport['history'] = [];
  // One value storage for every solve of the refinement (each grid's replaces the coarser one's).
  const scratch = solveScratch();
  let best: { schedules: Schedules; objective: number; stepC: number } | undefined;
  let previous: number | undefined;
  let stepC = world.settings.temperatureStepC;
  let lastChange = Number.POSITIVE_INFINITY;
  let converged = false;
  let coarsened = false;
  let joint = false;
  for (;;) {
    // Jointly where that is exact; one after another otherwise (and as a rival: the better schedule wins).
    const together = solveJoint(world, stepC, penalties, scratch);
    const apart = solveAll(world, stepC, penalties, scratch);
    const candidates = [...(together ? [{ ...together, joint: true }] : []), { ...apart, joint: false }].map(
      (c) => ({ ...c, objective: objectiveOf(world, c.schedules, penalties) }),
    );
    const solved = candidates.reduce((a, b) => (b.objective < a.objective ? b : a));
    const objective = solved.objective;
    joint = together !== undefined;
    history.push({ stepC: solved.stepC, objective });
    if (!best || objective < best.objective)
      best = { schedules: solved.schedules, objective, stepC: solved.stepC };
    if (solved.coarsened) {
      coarsened = true;
      break;
    }
    if (previous !== undefined) {
      const saving = Math.max(Math.abs(baseline - best.objective), 1e-6 * Math.abs(baseline), 1e-9);
      lastChange = Math.abs(objective - previous) / saving;
      if (lastChange < CONVERGED) {
        converged = true;
        break;
      }
    }
    previous = objective;
    if (stepC / 2 < FINEST_C) break;
    stepC /= 2;
  }
  return {
    schedules: best!.schedules,
    report: {
      stepC: best!.stepC,
      lastChange,
      converged,
      coarsened,
      method: world.miners.length < 2 ? 'single' : joint ? 'joint' : 'sequential',
      history,
    },
  };
}

/** A note for the report on how the optimum was found. */
export function optimumNote(label: string, r: OptimumReport): string {
  const how = r.converged
    ? `converged on a ${r.stepC.toPrecision(3)} K grid (saving changed ${(r.lastChange * 100).toFixed(3)} % on the last halving)`
    : `NOT converged: best on a ${r.stepC.toPrecision(3)} K grid, saving changed ${(r.lastChange * 100).toFixed(2)} % on the last halving`;
  const memory = r.coarsened ? '; memory forced a coarser grid than asked for' : '';
  const several =
    r.method === 'sequential'
      ? '; miners solved one after another (each sees the earlier ones’ heat and draw): an estimate, not a bound'
      : r.method === 'joint'
        ? '; miners solved jointly (every combination of their levels)'
        : '';
  return `${label}: ${how}${memory}${several}`;
}

/** A solved optimum: its schedules (level index per miner per step) and how it was found. */
export interface SolvedOptimum {
  schedules: Schedules;
  report: OptimumReport;
}

/** The two optima a backtest can solve, and what each minimises. */
export type OptimumName = 'optimum' | 'money';

/**
 * The comfort prices each optimum minimises: the configured ones for `optimum`
 * (net cost + coldPenaltyPerKh · cold K·h + hotPenaltyPerKh · hot K·h); none for `money`, whose
 * schedule shows what comfort costs next to `optimum`.
 */
export function optimumPenalties(world: ReplayWorld, name: OptimumName): Penalties {
  if (name === 'money') return { coldPerKh: 0, hotPerKh: 0 };
  const { coldPenaltyPerKh, hotPenaltyPerKh } = world.settings;
  return { coldPerKh: coldPenaltyPerKh, hotPerKh: hotPenaltyPerKh };
}

const LABELS: Record<OptimumName, string> = { optimum: 'optimum', money: 'money-only optimum' };

/**
 * A controller replaying an optimum's schedule, with a note on how it was found: solved here, or
 * `solved` already (by a worker thread, src/backtest/run-parallel.ts).
 */
export function optimumReplay(
  world: ReplayWorld,
  name: OptimumName,
  solved: SolvedOptimum = solveOptimum(world, optimumPenalties(world, name)),
): Controller & { notes: string[] } {
  return { ...replay(solved.schedules), notes: [optimumNote(LABELS[name], solved.report)] };
}

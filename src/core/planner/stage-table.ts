import type { PlanInput, PlanSlotInput } from './plan-types.js';
import { minerNetCost, slotHours } from './slot-cost.js';
import type { Shape } from './solve-shape.js';
import { decayOver, heatCostPerKWh, wantsHeat } from './thermal.js';

/** Stage cost (currency) and where the room ends (grid index below, weight of the one above) per (grid point, level). */
export interface StageTable {
  /** Indexed `b * L + level`. */
  cost: Float64Array;
  nextI: Int32Array;
  nextW: Float64Array;
}

/** An empty table for a shape, filled per slot by `fillStageTable`. */
export function stageTableFor(shape: Shape): StageTable {
  const n = shape.grid.points.length * shape.L;
  return {
    cost: new Float64Array(n),
    nextI: new Int32Array(n),
    nextW: new Float64Array(n),
  };
}

/** The stage cost of a level a grid event forbids in a slot (currency): far above any real cost, finite so sums stay numbers. */
const BLOCKED_COST = 1e9;

/** BLOCKED_COST for a level above the slot's grid-event cap (`maxPowerW`), else 0: the value table and the forward pass both add it. */
export function blockedCost(slot: PlanSlotInput, powerW: number): number {
  return slot.maxPowerW !== undefined && powerW > slot.maxPowerW ? BLOCKED_COST : 0;
}

/** Fills `table` with the stage cost and next-temperature location of every (grid point, level) for slot `t`. */
export function fillStageTable(input: PlanInput, shape: Shape, t: number, table: StageTable): void {
  const slot = input.slots[t]!;
  const { L, grid } = shape;
  const points = grid.points;
  const B = points.length;
  const room = input.room;
  const hours = slotHours(slot);
  const k = room ? decayOver(room, hours) : 0;
  const heatPerKWh = room ? heatCostPerKWh(room.heater, slot.importPerKWh, slot.outdoorC) : 0;
  const penalty = input.coldPenaltyPerKh ?? 1;
  const hotPenalty = input.hotPenaltyPerKh ?? 0;
  const { cost, nextI, nextW } = table;
  const last = B - 1;
  const bottomC = points[0]!;
  const topC = points[last]!;
  for (let to = 0; to < L; to++) {
    const level = input.levels[to]!;
    // A level above a grid event's cap costs so much that no plan takes it.
    const blocked = blockedCost(slot, level.powerW);
    const moneyCost = minerNetCost(level, slot, input.poolFee) + blocked;
    if (!room) {
      for (let b = 0; b < B; b++) {
        cost[b * L + to] = moneyCost;
        nextI[b * L + to] = 0;
        nextW[b * L + to] = 0;
      }
      continue;
    }
    // advanceRoom's arithmetic (as advanceRooms has it: what every start shares worked out once), in
    // the same order, so the same bits; fused with the cost and the location per point, one pass
    // instead of a pass writing four arrays and one reading them back: 10–20 % less time for the
    // optimum and the rolling planner on the full-year Nano backtest (issue 16, A/B runs).
    const heatInW = level.powerW + slot.baseHeatW;
    const ua = room.heatLossWPerK;
    const outdoorC = slot.outdoorC;
    const { minC, maxC, heaterMaxW } = room;
    const eqMinersC = outdoorC + heatInW / ua;
    const heating = wantsHeat(room, outdoorC);
    const heats = heating && room.heater.type !== 'none';
    let at = 0;
    for (let b = 0; b < B; b++) {
      const s = points[b]!;
      // Where the heater stays off, its terms are zeros: eqC is eqMinersC and the cost adds nothing
      // (the same bits without two divisions, about a fifth of this loop's time; issue 16).
      let e = eqMinersC + (s - eqMinersC) * k;
      let money = moneyCost;
      if (heats && e < minC) {
        const eqC = (minC - s * k) / (1 - k);
        const w = Math.min(heaterMaxW, Math.max(0, ua * (eqC - outdoorC) - heatInW));
        const heatedC = outdoorC + (heatInW + w) / ua;
        e = heatedC + (s - heatedC) * k;
        money = moneyCost + ((w * hours) / 1000) * heatPerKWh;
      }
      const j = b * L + to;
      // A slot that starts and ends inside the comfort band has no degree-hours: its penalties are
      // zeros, left out (the same bits; most of the grid is inside the band: 8 % of this loop's
      // instructions, counted with valgrind; issue 16).
      if (s >= minC && s <= maxC && e >= minC && e <= maxC) cost[j] = money;
      else {
        const belowS = minC - s;
        const belowE = minC - e;
        const aboveS = s - maxC;
        const aboveE = e - maxC;
        // Written out here and in terminal-value.ts: a shared helper in thermal.ts cost 4 % more
        // instructions in the Nano year's rolling planner (valgrind, run one at a time; issue 16).
        // biome-ignore lint/complexity/useMathMinMax: a comparison, not Math.max: fewer instructions in this loop (issue 16).
        const coldKh = heating ? (((belowS > 0 ? belowS : 0) + (belowE > 0 ? belowE : 0)) / 2) * hours : 0;
        // biome-ignore lint/complexity/useMathMinMax: a comparison, not Math.max: fewer instructions in this loop (issue 16).
        const hotKh = (((aboveS > 0 ? aboveS : 0) + (aboveE > 0 ? aboveE : 0)) / 2) * hours;
        cost[j] = money + penalty * coldKh + hotPenalty * hotKh;
      }
      // Where e falls on the grid, clamped at both ends, exactly as `locate` does, but walking from
      // the previous point's index (ends rise with the start: a step or two where a bisection takes
      // eight or nine). Written out here, not called: 15 % of this loop's time (issue 16).
      if (e <= bottomC) {
        at = 0;
        nextI[j] = 0;
        nextW[j] = 0;
      } else if (e >= topC) {
        at = last - 1;
        nextI[j] = at;
        nextW[j] = 1;
      } else {
        // Sought: points[at] <= e < points[at + 1], the one index bisection finds.
        while (at < last - 1 && points[at + 1]! <= e) at++;
        while (points[at]! > e) at--;
        nextI[j] = at;
        nextW[j] = (e - points[at]!) / (points[at + 1]! - points[at]!);
      }
    }
  }
}

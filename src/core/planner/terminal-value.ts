import type { ContinuationSlot, PlanInput } from './plan-types.js';
import { slotHours } from './slot-cost.js';
import type { Shape } from './solve-shape.js';
import { decayOver, heatCostPerKWh, type RoomModel, wantsHeat } from './thermal.js';

const DAY_MS = 86_400_000;

/** Longest continuation the terminal value looks at (h) and its length in room time constants. */
export const CONTINUATION_MAX_H = 168;
export const CONTINUATION_TAUS = 3;

/** Hours after the horizon the room's value looks at: three time constants, at most a week. */
export function continuationHours(room: RoomModel): number {
  const tauH = (room.capacityKWhPerK * 1000) / room.heatLossWPerK;
  return Math.min(CONTINUATION_MAX_H, CONTINUATION_TAUS * tauH);
}

/**
 * What the room costs after the horizon from each grid temperature, with no miner running: the
 * alternative heater's cost plus the comfort penalties over `input.continuation` (forecasts) or,
 * without it, the horizon's last day repeating, for three time constants (at most a week). Stored
 * heat is thus worth the heating it saves in cold weather, and costs the overheating it causes in a
 * warm spell (valuing it at the heating cost whatever the weather made rolling plans store summer
 * heat that only overheated the house, issue 14).
 */
export function terminalValues(input: PlanInput, shape: Shape, out: Float64Array): void {
  const room = input.room;
  // Without an alternative heater the miner itself heats after the horizon, at a cost this does not
  // model: a no-miner continuation would charge a week of cold to the plan, so heat is not credited.
  if (!room || !input.valueStoredHeat || room.heater.type === 'none') return;
  const endMs = input.slots[input.slots.length - 1]!.end;
  const after: readonly ContinuationSlot[] =
    input.continuation && input.continuation.length > 0
      ? input.continuation
      : input.slots
          .filter((s) => s.start >= endMs - DAY_MS)
          .map((s) => ({
            hours: slotHours(s),
            outdoorC: s.outdoorC,
            baseHeatW: s.baseHeatW,
            importPerKWh: s.importPerKWh,
          }));
  const continuationH = continuationHours(room);
  const cold = input.coldPenaltyPerKh ?? 1;
  const hot = input.hotPenaltyPerKh ?? 0;
  // One slot at a time for every grid point (the same sums per point as one point at a time), the
  // room step fused with the sum: advanceRoom's arithmetic in the same order, so the same bits, with
  // what every point shares worked out once per slot (issue 16: a rolling backtest plans 8,784 times).
  const B = shape.grid.points.length;
  const c = new Float64Array(shape.grid.points); // a copy (`from` would walk an iterator, an object per point)
  const cost = new Float64Array(B);
  const ua = room.heatLossWPerK;
  const { minC, maxC, heaterMaxW } = room;
  let hours = 0;
  // Per continuation slot, its decay and heat price, worked out as the walk reaches it rather than
  // kept in objects (a rolling backtest plans 8,784 times; those were its largest allocation).
  for (let i = 0; hours < continuationH; i = (i + 1) % after.length) {
    const slot = after[i]!;
    const heatInW = slot.baseHeatW;
    const outdoorC = slot.outdoorC;
    const h = slot.hours;
    const k = decayOver(room, h);
    const perKWh = heatCostPerKWh(room.heater, slot.importPerKWh, outdoorC);
    const eqMinersC = outdoorC + heatInW / ua;
    const heating = wantsHeat(room, outdoorC);
    for (let b = 0; b < B; b++) {
      const s = c[b]!;
      // As in fillStageTable: where the heater stays off its terms are zeros, left out (the same bits).
      let e = eqMinersC + (s - eqMinersC) * k;
      let w = 0;
      // The heater is not 'none' here (returned above), so it heats whenever the house wants heat.
      if (heating && e < minC) {
        const eqC = (minC - s * k) / (1 - k);
        w = Math.min(heaterMaxW, Math.max(0, ua * (eqC - outdoorC) - heatInW));
        const heatedC = outdoorC + (heatInW + w) / ua;
        e = heatedC + (s - heatedC) * k;
      }
      c[b] = e;
      // Inside the comfort band from start to end with the heater off, the slot adds zeros: left out.
      if (w === 0 && s >= minC && s <= maxC && e >= minC && e <= maxC) continue;
      const belowS = minC - s;
      const belowE = minC - e;
      const aboveS = s - maxC;
      const aboveE = e - maxC;
      // Written out here and in stage-table.ts: a shared helper in thermal.ts cost 4 % more
      // instructions in the Nano year's rolling planner (valgrind, run one at a time; issue 16).
      // biome-ignore lint/complexity/useMathMinMax: a comparison, not Math.max: fewer instructions in this loop (issue 16).
      const coldKh = heating ? (((belowS > 0 ? belowS : 0) + (belowE > 0 ? belowE : 0)) / 2) * h : 0;
      // biome-ignore lint/complexity/useMathMinMax: a comparison, not Math.max: fewer instructions in this loop (issue 16).
      const hotKh = (((aboveS > 0 ? aboveS : 0) + (aboveE > 0 ? aboveE : 0)) / 2) * h;
      const slotCost =
        w === 0 ? cold * coldKh + hot * hotKh : ((w * h) / 1000) * perKWh + cold * coldKh + hot * hotKh;
      cost[b] = cost[b]! + slotCost;
    }
    hours += h;
  }
  for (let b = 0; b < B; b++) out.fill(cost[b]!, b * shape.stride, (b + 1) * shape.stride);
}

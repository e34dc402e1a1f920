import { type RoomModel, wantsHeat } from './thermal.js';

/** What one slot does to the room from each of many start temperatures (arrays as `RoomStep`'s fields). */
export interface RoomSteps {
  endC: Float64Array;
  heaterW: Float64Array;
  coldKh: Float64Array;
  hotKh: Float64Array;
}

/** Scratch arrays for `advanceRooms` with room for `n` start temperatures. */
export function roomStepsFor(n: number): RoomSteps {
  return {
    endC: new Float64Array(n),
    heaterW: new Float64Array(n),
    coldKh: new Float64Array(n),
    hotKh: new Float64Array(n),
  };
}

/**
 * `advanceRoom` for the first `n` start temperatures of `startC` at once, with the same arithmetic
 * in the same order (so the same bits): what is the same for every start (equilibrium, whether the
 * house wants heat) is worked out once, which is what makes the solver's per-slot tables cheap.
 */
export function advanceRooms(
  room: RoomModel,
  startC: Float64Array,
  n: number,
  input: { heatInW: number; outdoorC: number; hours: number; k: number },
  out: RoomSteps,
): void {
  const ua = room.heatLossWPerK;
  const { k, outdoorC, heatInW, hours } = input;
  const { minC, maxC, heaterMaxW } = room;
  const eqMinersC = outdoorC + heatInW / ua;
  const heating = wantsHeat(room, outdoorC);
  const heats = heating && room.heater.type !== 'none';
  const { endC, heaterW, coldKh, hotKh } = out;
  for (let b = 0; b < n; b++) {
    const s = startC[b]!;
    let w = 0;
    if (heats && eqMinersC + (s - eqMinersC) * k < minC) {
      const eqC = (minC - s * k) / (1 - k);
      w = Math.min(heaterMaxW, Math.max(0, ua * (eqC - outdoorC) - heatInW));
    }
    const eqC = outdoorC + (heatInW + w) / ua;
    const e = eqC + (s - eqC) * k;
    endC[b] = e;
    heaterW[b] = w;
    coldKh[b] = heating ? ((Math.max(0, minC - s) + Math.max(0, minC - e)) / 2) * hours : 0;
    hotKh[b] = ((Math.max(0, s - maxC) + Math.max(0, e - maxC)) / 2) * hours;
  }
}

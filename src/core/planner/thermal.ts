/**
 * The room as one thermal mass: C·dT/dt = heat in − UA·(T − T_out), solved exactly over a slot.
 * An alternative heater on a thermostat keeps the room at `minC`; the miners' heat displaces it.
 * Shared by the planner and the backtest simulator so both account heat the same way.
 */

/** How the room is heated when the miners do not; a heat pump's COP falls with outdoor temperature. */
export type HeaterModel =
  | {
      type: 'heat-pump';
      /** COP at `refC` outdoor. */
      cop: number;
      /** COP change per K of outdoor temperature above `refC` (0 = constant). */
      copPerK?: number;
      /** Reference outdoor temperature of `cop` (°C), default 7. */
      refC?: number;
      /** Lowest COP the curve may reach, default 1. */
      minCop?: number;
    }
  | { type: 'gas'; perKWh: number; efficiency: number }
  | { type: 'resistive' }
  | { type: 'none' };

/** A room: heat loss, thermal capacity, comfort band and its alternative heater. */
export interface RoomModel {
  /** Heat loss per K indoor − outdoor (W/K). */
  heatLossWPerK: number;
  /** Thermal capacity (kWh/K). */
  capacityKWhPerK: number;
  /** Comfort minimum; the alternative heater holds the room here (°C). */
  minC: number;
  /** Comfort maximum; a running miner stops at or above it (°C). */
  maxC: number;
  /** A stopped miner restarts only below maxC − bandC (K). */
  bandC: number;
  heater: HeaterModel;
  /** Most heat the alternative heater can give (W); Infinity when unlimited. */
  heaterMaxW: number;
  /**
   * Heating limit (°C): at or above this outdoor temperature the house wants no heat: the alternative
   * heater stays off and the room below minC counts no cold K·h. Undefined: heat whenever below minC.
   */
  heatingLimitC?: number | undefined;
}

/** Whether the house wants heat at an outdoor temperature (below its heating limit, if any). */
export function wantsHeat(room: RoomModel, outdoorC: number): boolean {
  return room.heatingLimitC === undefined || outdoorC < room.heatingLimitC;
}

/** What one slot does to the room. */
export interface RoomStep {
  /** Room temperature at the end of the slot (°C). */
  endC: number;
  /** Mean heat output of the alternative heater over the slot (W). */
  heaterW: number;
  /** Degree-hours below minC and above maxC during the slot (K·h, trapezoid). */
  coldKh: number;
  hotKh: number;
}

/** Coefficient of performance of a heat pump at an outdoor temperature. */
export function copAt(heater: Extract<HeaterModel, { type: 'heat-pump' }>, outdoorC: number): number {
  const cop = heater.cop + (heater.copPerK ?? 0) * (outdoorC - (heater.refC ?? 7));
  return Math.max(heater.minCop ?? 1, cop);
}

/** Cost of one kWh of heat from the alternative heater (currency per kWh of heat). */
export function heatCostPerKWh(heater: HeaterModel, importPerKWh: number, outdoorC: number): number {
  switch (heater.type) {
    case 'heat-pump':
      return importPerKWh / copAt(heater, outdoorC);
    case 'gas':
      return heater.perKWh / heater.efficiency;
    case 'resistive':
      return importPerKWh;
    default:
      return 0;
  }
}

/** Factor by which the gap to equilibrium shrinks over `hours` (exp(−hours/τ)). */
export function decayOver(room: RoomModel, hours: number): number {
  return Math.exp(-(hours * room.heatLossWPerK) / (room.capacityKWhPerK * 1000));
}

/**
 * Allocation-free core of `stepRoom`: writes the slot's end temperature, heater power and
 * degree-hours into `out`. `k` is `decayOver(room, hours)`, computed once per slot length.
 */
export function advanceRoom(
  room: RoomModel,
  startC: number,
  input: { heatInW: number; outdoorC: number; hours: number; k: number },
  out: RoomStep,
): RoomStep {
  const ua = room.heatLossWPerK;
  const { k, outdoorC } = input;
  let heaterW = 0;
  const eqMinersC = outdoorC + input.heatInW / ua;
  const heating = wantsHeat(room, outdoorC);
  if (heating && room.heater.type !== 'none' && eqMinersC + (startC - eqMinersC) * k < room.minC) {
    // Heat that makes the slot end exactly at minC: solve minC = eq + (start − eq)·k for eq.
    const eqC = (room.minC - startC * k) / (1 - k);
    heaterW = Math.min(room.heaterMaxW, Math.max(0, ua * (eqC - outdoorC) - input.heatInW));
  }
  const eqC = outdoorC + (input.heatInW + heaterW) / ua;
  const endC = eqC + (startC - eqC) * k;
  out.endC = endC;
  out.heaterW = heaterW;
  out.coldKh = heating
    ? ((Math.max(0, room.minC - startC) + Math.max(0, room.minC - endC)) / 2) * input.hours
    : 0;
  out.hotKh = ((Math.max(0, startC - room.maxC) + Math.max(0, endC - room.maxC)) / 2) * input.hours;
  return out;
}

/**
 * Advances the room over `hours` with `heatInW` from miners and other gains: exact exponential
 * solution of the one-mass model; the alternative heater gives just enough to end at `minC`.
 */
export function stepRoom(
  room: RoomModel,
  startC: number,
  input: { heatInW: number; outdoorC: number; hours: number },
): RoomStep {
  const out: RoomStep = { endC: 0, heaterW: 0, coldKh: 0, hotKh: 0 };
  return advanceRoom(room, startC, { ...input, k: decayOver(room, input.hours) }, out);
}

/** Whether a miner heating this room may run in a slot that starts at `roomC` (house rule, as heat-credit's). */
export function mayRun(room: RoomModel | undefined, roomC: number, running: boolean): boolean {
  if (!room) return true;
  if (roomC >= room.maxC) return false;
  return running || roomC <= room.maxC - room.bandC;
}

import type { MinerModel } from '../../core/model.js';
import { afterMove, type GuardState, mayMove, slotGuards } from '../../core/planner/slot-guards.js';
import type { Controller } from '../simulate.js';
import type { BacktestWorld } from '../world.js';

/** Never runs a miner: the alternative heater does everything. */
export function baselineController(world: BacktestWorld): Controller {
  return { choose: () => world.miners.map(() => 0) };
}

/** Applies each miner's guards (in steps) to the wanted levels, as the live core would. */
function guarded(
  world: BacktestWorld,
  want: (i: number, k: number, roomC: number, now: number) => number,
): Controller {
  const stepMs = world.frames.stepMs;
  const guards = world.miners.map((m) => slotGuards(m.guards, stepMs));
  let states: GuardState[] = world.miners.map(() => ({
    levelIndex: 0,
    slotsInState: 1e6,
    slotsAtLevel: 1e6,
    startsToday: 0,
  }));
  return {
    choose({ i, roomC, levels }) {
      const newDay = i > 0 && world.frames.local[i]!.date !== world.frames.local[i - 1]!.date;
      const chosen = world.miners.map((_, k) => {
        const target = want(i, k, roomC, levels[k]!);
        const state = {
          ...states[k]!,
          levelIndex: levels[k]!,
          startsToday: newDay ? 0 : states[k]!.startsToday,
        };
        return mayMove(guards[k]!, state, target) ? target : levels[k]!;
      });
      const caps = { state: 1e6, level: 1e6, starts: 1e6 };
      states = chosen.map((l, k) =>
        afterMove(
          { ...states[k]!, levelIndex: levels[k]!, startsToday: newDay ? 0 : states[k]!.startsToday },
          l,
          caps,
          false,
        ),
      );
      return chosen;
    },
  };
}

const top = (m: MinerModel) => m.levels.length - 1;

/**
 * A thermostat-only miner: the room's miners run at their top level below `onBelowC` (default the
 * zone's targetC) and stop at `offAtC` (default targetC + 0.5), ignoring prices. Other miners stay off.
 */
export function thermostatController(world: BacktestWorld): Controller {
  const zone = world.bc.config.zones.find((z) => z.id === world.bc.backtest.house.zone)!;
  const spec = world.bc.backtest.strategies.thermostat;
  const onBelowC = spec.onBelowC ?? zone.targetC;
  const offAtC = spec.offAtC ?? zone.targetC + 0.5;
  return guarded(world, (_i, k, roomC, current) => {
    if (!world.heats[k]) return 0;
    if (roomC < onBelowC) return top(world.miners[k]!);
    if (roomC >= offAtC) return 0;
    return current;
  });
}

/** Break-even import price of a miner's top level at a hashprice (currency per kWh, no heat value). */
export function breakEvenPerKWh(miner: MinerModel, hashprice: number): number {
  const level = miner.levels[top(miner)]!;
  return level.powerW > 0
    ? (((level.ths * hashprice) / 24) * (1 - miner.poolFee)) / (level.powerW / 1000)
    : 0;
}

/**
 * A fixed price threshold: every miner runs at its top level while the import price is at or below
 * `maxPerKWh` (default: its break-even price at the period's mean hashprice, heat not counted).
 */
export function thresholdController(world: BacktestWorld): Controller {
  const hp = world.frames.hashprice;
  const meanHashprice = hp.reduce((a, b) => a + b, 0) / Math.max(1, hp.length);
  const limits = world.miners.map(
    (m) => world.bc.backtest.strategies.threshold.maxPerKWh ?? breakEvenPerKWh(m, meanHashprice),
  );
  return guarded(world, (i, k) => (world.frames.importPerKWh[i]! <= limits[k]! ? top(world.miners[k]!) : 0));
}

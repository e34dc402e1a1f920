import pino from 'pino';
import { plannerSettings } from '../../config/planner.js';
import { buildModel } from '../agent/build-model.js';
import { withPlannerPolicy } from '../agent/planner-loop.js';
import type { Model } from '../core/model.js';
import { gainsW } from '../core/planner/gains.js';
import type { PlannerSettings } from '../core/planner/plan-all.js';
import { withTankZones } from '../core/planner/tank-thermal.js';
import type { HeaterModel, RoomModel } from '../core/planner/thermal.js';
import { drawOffW } from '../core/tank.js';
import type { BacktestConfig } from './config.js';
import { buildFrames, type Frames } from './frames.js';
import type { ReplayWorld } from './replay-world.js';

/** Everything the strategies replay: the data, the house, the miners and the core's models. */
export interface BacktestWorld extends ReplayWorld {
  bc: BacktestConfig;
  /** The live model (standard policies) and the same with the planner policy. */
  model: Model;
  plannerModel: Model;
}

/** A silent logger for the shell pieces the backtest reuses. */
export const quietLogger = pino({ level: 'silent' });

/** Builds the world of a loaded backtest config: frames from the data, models as the live agent builds them. */
export function buildWorld(bc: BacktestConfig, frames: Frames = buildFrames(bc)): BacktestWorld {
  const { config, backtest } = bc;
  const facts = Object.fromEntries(config.miners.map((m) => [m.id, { levels: m.levels ?? [] }]));
  const model = buildModel(config, facts);
  const withPlanner = { ...config, planner: { ...config.planner!, enabled: true } };
  const plannerModel = withPlannerPolicy(model, withPlanner);
  const base = withTankZones(plannerSettings(config.planner!, config.zones), model.zones);
  const settings: PlannerSettings = { ...base, slotMs: frames.stepMs };
  const zone = config.zones.find((z) => z.id === backtest.house.zone)!;
  const thermal = settings.zones[zone.id];
  if (!thermal)
    throw new Error(`planner.zones: no thermal model for zone "${zone.id}" (heatLossWPerK missing?)`);
  const stepMinutes = frames.stepMs / 60_000;
  const heater: HeaterModel =
    zone.heater.type === 'heat-pump'
      ? { type: 'heat-pump', cop: zone.heater.cop, copPerK: thermal.copPerK ?? 0 }
      : zone.heater;
  const room: RoomModel = {
    heatLossWPerK: thermal.heatLossWPerK,
    capacityKWhPerK: thermal.capacityKWhPerK,
    minC: thermal.minC,
    maxC: zone.maxC,
    bandC: zone.bandC,
    heater,
    heaterMaxW: backtest.house.heaterMaxW ?? Number.POSITIVE_INFINITY,
    heatingLimitC: thermal.heatingLimitC,
  };
  // A tank's draw-offs take heat out: negative gains at their local minutes.
  const gains = Float64Array.from(
    frames.local,
    (local, i) =>
      gainsW(thermal, Math.floor(local.minuteOfDay / 60), frames.irradianceWPerM2[i]!) -
      (thermal.drawOff ? drawOffW(thermal.drawOff, local.minuteOfDay, stepMinutes) : 0),
  );
  return {
    bc,
    frames,
    model,
    plannerModel,
    settings,
    room,
    miners: model.miners,
    heats: model.miners.map((m) => m.zoneId === zone.id),
    gainsW: gains,
    startC: backtest.house.startC ?? thermal.minC,
    ...(thermal.ambientC !== undefined ? { ambientC: thermal.ambientC } : {}),
  };
}

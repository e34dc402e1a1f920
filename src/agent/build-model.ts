import type { MinerBaseConfig } from '../../config/common.js';
import type { Config } from '../../config/schema.js';
import { modelPolicies } from '../../policies/index.js';
import {
  type ContinuousRange,
  type MinerModel,
  type Model,
  OFF,
  type ProbeModel,
  type ZoneModel,
} from '../core/model.js';
import { tankModelOf } from '../core/tank.js';
import type { Level } from '../core/types.js';
import type { MinerAdapter } from '../ports.js';
import { minerPolicyConfigs, siteRules } from './build-rules.js';

/** The levels a miner runs with: the config's, else the adapter's; `off` first, sorted by power. */
export function resolveLevels(
  configured: readonly Level[] | undefined,
  fromAdapter: readonly Level[],
): Level[] {
  const running = (configured ?? fromAdapter)
    .filter((l) => l.id !== 'off')
    .map((l) => ({ id: l.id, powerW: l.powerW, ths: l.ths }));
  return [OFF, ...running.sort((a, b) => a.powerW - b.powerW)];
}

/** What the model needs to know from a miner's adapter. */
export interface AdapterFacts {
  levels: readonly Level[];
  /** The power-target range the device reports, for power-target miners. */
  powerRange?: { minW: number; maxW: number };
}

function continuousRange(
  miner: MinerBaseConfig,
  levels: Level[],
  facts: AdapterFacts,
): ContinuousRange | undefined {
  if (!miner.continuous) return undefined;
  const running = levels.filter((l) => l.id !== 'off');
  const minW = miner.continuous.minW ?? facts.powerRange?.minW ?? running[0]?.powerW ?? 0;
  const maxW = miner.continuous.maxW ?? facts.powerRange?.maxW ?? running[running.length - 1]?.powerW ?? 0;
  return { minW, maxW, stepW: miner.continuous.stepW };
}

function minerModel(config: Config, miner: MinerBaseConfig, facts: AdapterFacts): MinerModel {
  const g = { ...config.guards, ...miner.guards };
  const levels = resolveLevels(miner.levels, facts.levels);
  const continuous = continuousRange(miner, levels, facts);
  return {
    id: miner.id,
    name: miner.name ?? miner.id,
    levels,
    ...(continuous ? { continuous } : {}),
    ...(miner.zone ? { zoneId: miner.zone } : {}),
    revenueKey: miner.coin === 'xmr' ? 'hashprice.xmr' : 'hashprice',
    poolFee: miner.poolFee ?? config.revenue.poolFee,
    priority: miner.priority,
    staleFallback: miner.staleFallback ?? config.staleFallback,
    guards: {
      minOnMs: g.minOnSeconds * 1000,
      minOffMs: g.minOffSeconds * 1000,
      minDwellMs: g.minDwellSeconds * 1000,
      hysteresisPerHour: g.hysteresisPerHour,
      maxStartsPerDay: g.maxStartsPerDay,
      enableDelayMs: g.enableDelaySeconds * 1000,
      disableDelayMs: g.disableDelaySeconds * 1000,
      disableThresholdW: g.disableThresholdW,
    },
  };
}

function zoneModel(config: Config, zone: Config['zones'][number]): ZoneModel {
  // The live heat value sees the house the planner and the backtest see: its gains and heating limit.
  const thermal = config.planner?.zones.find((z) => z.zone === zone.id);
  return {
    id: zone.id,
    name: zone.name ?? zone.id,
    targetC: zone.targetC,
    maxC: zone.maxC,
    bandC: zone.bandC,
    ...(zone.heatLossWPerK !== undefined ? { heatLossWPerK: zone.heatLossWPerK } : {}),
    heater: zone.heater,
    ...(thermal && thermal.baseHeatW > 0 ? { gainsW: thermal.baseHeatW } : {}),
    ...(thermal?.heatingLimitC !== undefined ? { heatingLimitC: thermal.heatingLimitC } : {}),
    ...(zone.kind === 'tank' && zone.tank ? { tank: tankModelOf(zone.tank) } : {}),
  };
}

function probeModel(probe: NonNullable<Config['site']['probe']>): ProbeModel {
  return {
    probeMs: probe.probeSeconds * 1000,
    everyMs: probe.everyMinutes * 60_000,
    importToleranceW: probe.importToleranceW,
    stepW: probe.stepW,
  };
}

/** Builds the core's static model from the validated config and each adapter's own levels. */
export function buildModel(config: Config, adapters: Record<string, AdapterFacts>): Model {
  const maxAgeMs = Object.fromEntries(Object.entries(config.maxAge).map(([k, s]) => [k, s * 1000]));
  return {
    currency: config.site.currency,
    reserveW: config.site.reserveW,
    ...siteRules(config),
    ...(config.site.battery ? { battery: config.site.battery } : {}),
    ...(config.site.probe?.enabled ? { probe: probeModel(config.site.probe) } : {}),
    maxAgeMs,
    ...(config.loads.length > 0
      ? { loads: config.loads.map((l) => ({ id: l.id, name: l.name ?? l.id, priority: l.priority })) }
      : {}),
    zones: config.zones.map((z) => zoneModel(config, z)),
    miners: config.miners.map((m) => minerModel(config, m, adapters[m.id] ?? { levels: [] })),
    policies: modelPolicies(
      Object.fromEntries(config.miners.map((m) => [m.id, minerPolicyConfigs(config, m)])),
    ),
  };
}

/** Levels and power range of an adapter (`powerRange()` is optional on power-target families). */
export function adapterFacts(adapter: MinerAdapter): AdapterFacts {
  const withRange = adapter as MinerAdapter & {
    powerRange?: () => { minW: number; maxW: number } | undefined;
  };
  const powerRange = withRange.powerRange?.();
  return { levels: adapter.levels(), ...(powerRange ? { powerRange } : {}) };
}

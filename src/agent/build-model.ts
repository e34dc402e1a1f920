import type { MinerBaseConfig } from '../../config/common.js';
import type { Config } from '../../config/schema.js';
import { standardPolicies } from '../../policies/index.js';
import { type MinerModel, type Model, OFF, type ZoneModel } from '../core/model.js';
import type { Level } from '../core/types.js';

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

function minerModel(config: Config, miner: MinerBaseConfig, adapterLevels: readonly Level[]): MinerModel {
  const g = { ...config.guards, ...miner.guards };
  return {
    id: miner.id,
    name: miner.name ?? miner.id,
    levels: resolveLevels(miner.levels, adapterLevels),
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
    },
  };
}

function zoneModel(zone: Config['zones'][number]): ZoneModel {
  return {
    id: zone.id,
    name: zone.name ?? zone.id,
    targetC: zone.targetC,
    maxC: zone.maxC,
    bandC: zone.bandC,
    ...(zone.heatLossWPerK !== undefined ? { heatLossWPerK: zone.heatLossWPerK } : {}),
    heater: zone.heater,
  };
}

/** Builds the core's static model from the validated config and each adapter's own levels. */
export function buildModel(config: Config, adapterLevels: Record<string, readonly Level[]>): Model {
  const maxAgeMs = Object.fromEntries(Object.entries(config.maxAge).map(([k, s]) => [k, s * 1000]));
  return {
    currency: config.site.currency,
    reserveW: config.site.reserveW,
    maxAgeMs,
    zones: config.zones.map(zoneModel),
    miners: config.miners.map((m) => minerModel(config, m, adapterLevels[m.id] ?? [])),
    policies: standardPolicies(),
  };
}

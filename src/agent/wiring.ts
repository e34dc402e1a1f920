import type { AdapterDeps } from '../../adapters/deps.js';
import { minerPlugins } from '../../adapters/miners/registry.js';
import type { SourcePlugin } from '../../adapters/plugin.js';
import { attachCompanion } from '../../adapters/plugs/attach-companion.js';
import { eventPlugins } from '../../adapters/sources/events/registry.js';
import {
  hashpricePlugins,
  loadPlugins,
  signalPlugins,
  tariffPlugins,
  xmrHashpricePlugins,
} from '../../adapters/sources/registry.js';
import type { Config, SourceConfig } from '../../config/schema.js';
import type { MinerAdapter, Source } from '../ports.js';

function pluginFor<T extends { type: string }>(plugins: readonly T[], type: string, what: string): T {
  const plugin = plugins.find((p) => p.type === type);
  // The config schema already rejected unknown types; this guards programmatic use.
  if (!plugin) throw new Error(`unknown ${what} type "${type}"`);
  return plugin;
}

function makeSource(
  plugins: readonly SourcePlugin[],
  config: SourceConfig,
  deps: AdapterDeps,
  id: string,
  role?: 'price.import' | 'price.export',
): Source {
  return pluginFor(plugins, config.type, 'source').create(config, { ...deps, id, ...(role ? { role } : {}) });
}

/** Every configured source: tariffs, hashprice, the signals list, then the events list. */
export function createSources(config: Config, deps: AdapterDeps): Source[] {
  const sources = [makeSource(tariffPlugins, config.prices.import, deps, 'prices.import', 'price.import')];
  if (config.prices.export)
    sources.push(makeSource(tariffPlugins, config.prices.export, deps, 'prices.export', 'price.export'));
  sources.push(makeSource(hashpricePlugins, config.revenue.hashprice, deps, 'revenue.hashprice'));
  if (config.revenue.monero)
    sources.push(makeSource(xmrHashpricePlugins, config.revenue.monero, deps, 'revenue.monero'));
  config.signals.forEach((signal, i) => {
    sources.push(makeSource(signalPlugins, signal, deps, `signals[${i}]`));
  });
  config.loads.forEach((load, i) => {
    sources.push(makeSource(loadPlugins, load, deps, `loads[${i}]`));
  });
  config.events.forEach((events, i) => {
    sources.push(makeSource(eventPlugins, events, deps, `events[${i}]`));
  });
  return sources;
}

/** One adapter per configured miner. */
export function createMiners(config: Config, deps: AdapterDeps): MinerAdapter[] {
  return config.miners.map((miner) => {
    const logger = deps.logger.child({ miner: miner.id });
    const adapter = pluginFor(minerPlugins, miner.type, 'miner').create(miner, { ...deps, logger });
    return attachCompanion(adapter, miner.companion, { ...deps, logger });
  });
}

import type { MinerAdapter } from '../../src/ports.js';
import type { AdapterDeps } from '../deps.js';
import { withCompanion } from './companion.js';
import { type CompanionConfig, plugPlugins } from './registry.js';

/** Wraps a miner adapter with its configured companion plug; returns it unchanged without one. */
export function attachCompanion(
  adapter: MinerAdapter,
  companion: CompanionConfig | undefined,
  deps: AdapterDeps,
): MinerAdapter {
  if (!companion) return adapter;
  const plugin = plugPlugins.find((p) => p.type === companion.type);
  // The config schema already rejected unknown types; this guards programmatic use.
  if (!plugin) throw new Error(`unknown companion plug type "${companion.type}"`);
  return withCompanion(adapter, plugin.create(companion, deps), companion, deps);
}

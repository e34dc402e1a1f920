import type { AdapterDeps } from '../../adapters/deps.js';
import { forecastPlugins } from '../../adapters/sources/registry.js';
import type { Config } from '../../config/schema.js';
import type { ForecastSource, ForecastUpdate } from '../forecast-ports.js';
import type { Source } from '../ports.js';

/**
 * A forecast source seen as a polled `Source` feeding no signal keys: the SourceRunner gives it its
 * schedule, backoff and health (and `hashheat check` a row); its series go to `sink` instead.
 * A failed poll delivers nothing, so the store keeps the last good forecast.
 */
export function forecastAsSource(forecast: ForecastSource, sink: (update: ForecastUpdate) => void): Source {
  return {
    id: forecast.id,
    keys: [],
    intervalMs: forecast.intervalMs,
    async poll() {
      for (const update of await forecast.poll()) sink(update);
      return [];
    },
    ...(forecast.close ? { close: () => forecast.close!() } : {}),
  };
}

/** One polled source per entry of the config's `forecasts:` list (ids `forecasts[i]`). */
export function createForecastSources(
  config: Config,
  deps: AdapterDeps,
  sink: (update: ForecastUpdate) => void,
): Source[] {
  return config.forecasts.map((entry, i) => {
    const plugin = forecastPlugins.find((p) => p.type === entry.type);
    // The config schema already rejected unknown types; this guards programmatic use.
    if (!plugin) throw new Error(`unknown forecast type "${entry.type}"`);
    return forecastAsSource(plugin.create(entry, { ...deps, id: `forecasts[${i}]` }), sink);
  });
}

import type { z } from 'zod';
import type { ForecastSource } from '../src/forecast-ports.js';
import type { AdapterDeps } from './deps.js';

/** A forecast source type for the `forecasts:` list: its config schema and a factory. */
export interface ForecastPlugin {
  type: string;
  description: string;
  schema: z.ZodObject;
  create(config: { type: string }, deps: AdapterDeps & { id: string }): ForecastSource;
}

/** Typed helper to write a forecast plugin: `create` receives the parsed config of its own schema. */
export function defineForecast<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps & { id: string }): ForecastSource;
}): ForecastPlugin {
  return { ...plugin, create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

import type { z } from 'zod';
import type { MinerBaseConfig } from '../config/common.js';
import type { Level, MinerStatus } from '../src/core/types.js';
import type { MinerAdapter, MinerCapabilities, MinerInfo, Source } from '../src/ports.js';
import type { AdapterDeps } from './deps.js';

/** What `hashheat probe` prints about a device. */
export interface ProbeResult {
  info: MinerInfo;
  status: MinerStatus;
  levels: Level[];
  /** What the device was found able to do (e.g. soft off detected from its command list), when known. */
  capabilities?: MinerCapabilities;
}

/** The `miners:` entry `hashheat probe` suggests for a device it found. */
export interface ConfigSuggestion {
  /** Fields besides `id` (`type` included), valid for the family's schema; secrets as `${ENV_VAR}`. */
  fields: Record<string, unknown>;
  /** What is left to the user (placeholder values, a missing soft stop), printed as YAML comments. */
  notes?: string[];
}

/** A miner family: its config schema (with `type: z.literal(...)`) and a factory. */
export interface MinerPlugin {
  type: string;
  description: string;
  schema: z.ZodObject;
  create(config: MinerBaseConfig & { type: string }, deps: AdapterDeps): MinerAdapter;
  /** Whether its adapters can cap the fans (`setFanCapPercent`): quiet hours' `fanCapPercent` is refused otherwise. */
  fanControl?: boolean;
  /**
   * Optional: detect this family at `url` (scheme = the family's type, or `tcp:`/`http:` for a bare
   * host) and describe it. Throws a DeviceError when the device is not of this family or does not answer.
   */
  probe?(url: URL, deps: AdapterDeps): Promise<ProbeResult>;
  /** Optional: the config entry to start from for a device `probe` found at `url` (the URL it was given). */
  suggestConfig?(result: ProbeResult, url: URL): ConfigSuggestion;
}

/** A source type (tariff, hashprice or signal): its config schema and a factory. */
export interface SourcePlugin {
  type: string;
  description: string;
  schema: z.ZodObject;
  create(config: { type: string }, deps: AdapterDeps & SourceContext): Source;
}

/** Where a source's readings go and what they are worth. */
export interface SourceContext {
  /** Source id (the config path, e.g. `prices.import` or `signals[2]`). */
  id: string;
  /** For tariffs: which series the source feeds. */
  role?: 'price.import' | 'price.export';
}

/** Typed helper to write a miner plugin: `create` receives the parsed config of its own schema. */
export function defineMiner<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps): MinerAdapter;
  fanControl?: boolean;
  probe?(url: URL, deps: AdapterDeps): Promise<ProbeResult>;
  suggestConfig?(result: ProbeResult, url: URL): ConfigSuggestion;
}): MinerPlugin {
  return { ...plugin, create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

/** Typed helper to write a source plugin. */
export function defineSource<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps & SourceContext): Source;
}): SourcePlugin {
  return { ...plugin, create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

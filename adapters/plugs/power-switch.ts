import { z } from 'zod';
import type { AdapterDeps } from '../deps.js';

/** What a plug reports: its relay state and, on metering plugs, the power flowing through it. */
export interface PlugState {
  on: boolean;
  /** Measured power through the plug (W); undefined when the plug does not meter. */
  powerW?: number;
}

/**
 * A switchable (and maybe metering) power outlet, whatever its make: the family-neutral port a
 * companion plug implements (Shelly over HTTP, Tasmota over MQTT, …). Errors are DeviceErrors.
 */
export interface PowerSwitch {
  /** Short name for logs, e.g. `shelly 192.168.1.20`. */
  readonly label: string;
  read(): Promise<PlugState>;
  /** Switches the relay; callers read back to confirm. */
  set(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** Fields every companion plug has, whatever its type. Plug types extend this with their connection details. */
export const companionBaseSchema = z.object({
  hardOffDelaySeconds: z
    .number()
    .nonnegative()
    .default(60)
    .describe(
      'after a soft stop, cut the power this long later (s); miners without soft stop are cut at once',
    ),
  bootSeconds: z
    .number()
    .positive()
    .default(180)
    .describe('after powering on, how long the miner may take to answer before it counts as unreachable (s)'),
  timeoutMs: z.number().int().positive().default(3000).describe('per-call timeout to the plug (ms)'),
});

/** The parsed common companion fields. */
export type CompanionBaseConfig = z.infer<typeof companionBaseSchema>;

/** A plug type: its config schema (`companionBaseSchema.extend({ type: z.literal(...) })`) and a factory. */
export interface PlugPlugin {
  type: string;
  description: string;
  schema: z.ZodObject;
  create(config: CompanionBaseConfig & { type: string }, deps: AdapterDeps): PowerSwitch;
}

/** Typed helper to write a plug plugin: `create` receives the parsed config of its own schema. */
export function definePlug<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps): PowerSwitch;
}): PlugPlugin {
  return { ...plugin, create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

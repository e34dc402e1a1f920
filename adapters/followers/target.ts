import type { z } from 'zod';
import type { AdapterDeps } from '../deps.js';

/** An on/off device a follower drives (a plug, an MQTT relay, a Home Assistant switch). Errors are DeviceErrors. */
export interface OnOffTarget {
  /** Short name for logs, e.g. `shelly 192.168.1.33`. */
  readonly label: string;
  /** Switches it; resolves once the device confirmed or the call's timeout passed. */
  set(on: boolean): Promise<void>;
  close(): Promise<void>;
}

/** A device that takes a speed (a fan's or a pump's, in percent 0–100). Errors are DeviceErrors. */
export interface SpeedTarget {
  readonly label: string;
  /** Sets the speed (%, 0 = stopped). */
  setPercent(percent: number): Promise<void>;
  close(): Promise<void>;
}

/** A follower target type: its config schema and a factory, `switch` (on/off) or `speed` (percent). */
export type TargetPlugin =
  | {
      kind: 'switch';
      type: string;
      description: string;
      schema: z.ZodObject;
      create(config: { type: string }, deps: AdapterDeps): OnOffTarget;
    }
  | {
      kind: 'speed';
      type: string;
      description: string;
      schema: z.ZodObject;
      create(config: { type: string }, deps: AdapterDeps): SpeedTarget;
    };

/** Typed helper to write an on/off target type. */
export function defineSwitchTarget<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps): OnOffTarget;
}): TargetPlugin {
  return { ...plugin, kind: 'switch', create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

/** Typed helper to write a speed target type. */
export function defineSpeedTarget<S extends z.ZodObject>(plugin: {
  type: string;
  description: string;
  schema: S;
  create(config: z.infer<S>, deps: AdapterDeps): SpeedTarget;
}): TargetPlugin {
  return { ...plugin, kind: 'speed', create: (config, deps) => plugin.create(config as z.infer<S>, deps) };
}

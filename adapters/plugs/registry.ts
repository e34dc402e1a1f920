import { z } from 'zod';
import type { CompanionBaseConfig, PlugPlugin } from './power-switch.js';
import { shellyPlug } from './shelly-plug.js';
import { tasmotaPlug } from './tasmota-plug.js';

/** Every companion plug type hashheat knows, by `type`. Adding a plug = one file and one line here. */
export const plugPlugins: PlugPlugin[] = [shellyPlug, tasmotaPlug];

/** The `companion` block of a miner: a discriminated union on `type` over the plug registry's schemas. */
export const companionSchema = z
  .discriminatedUnion('type', plugPlugins.map((p) => p.schema) as unknown as [z.ZodObject, ...z.ZodObject[]])
  .describe(
    'a smart plug in front of the miner: measured power, and a hard off after a soft stop',
    // The registry erases each plug's own fields; the common ones are what the wrapper relies on.
  ) as unknown as z.ZodType<CompanionConfig>;

/** A parsed `companion` block: the common fields plus its type's own. */
export type CompanionConfig = CompanionBaseConfig & { type: string } & Record<string, unknown>;

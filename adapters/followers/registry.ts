import { z } from 'zod';
import type { CompanionBaseConfig } from '../plugs/power-switch.js';
import { plugPlugins } from '../plugs/registry.js';
import { haNumberTarget, mqttNumberTarget } from './speed-targets.js';
import { haSwitchTarget, mqttSwitchTarget } from './switch-targets.js';
import type { TargetPlugin } from './target.js';

/** Every follower target type: the companion plugs, MQTT and HA switches (on/off), MQTT and HA speeds. */
export const targetPlugins: TargetPlugin[] = [
  ...plugPlugins.map(
    (p): TargetPlugin => ({
      kind: 'switch',
      type: p.type,
      description: p.description,
      schema: p.schema,
      // The schema parsed the config, so it carries the plug's common fields (defaults filled in).
      create: (config, deps) => p.create(config as CompanionBaseConfig & { type: string }, deps),
    }),
  ),
  mqttSwitchTarget,
  haSwitchTarget,
  mqttNumberTarget,
  haNumberTarget,
];

/** A follower's `target`: a discriminated union on `type` over the target registry's schemas. */
export const followerTargetSchema = z
  .discriminatedUnion(
    'type',
    targetPlugins.map((p) => p.schema) as unknown as [z.ZodObject, ...z.ZodObject[]],
  )
  .describe(
    'the device it drives: a plug (shelly, tasmota), a switch (mqtt-switch, homeassistant-switch) or, with speed, a speed (mqtt-number, homeassistant-speed)',
  ) as unknown as z.ZodType<{ type: string } & Record<string, unknown>>;

/** The kind of a target type (`switch` or `speed`), undefined for an unknown type. */
export function targetKind(type: string): 'switch' | 'speed' | undefined {
  return targetPlugins.find((p) => p.type === type)?.kind;
}

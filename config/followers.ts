import { z } from 'zod';
import { followerTargetSchema, targetKind } from '../adapters/followers/registry.js';
import { companionSchema } from '../adapters/plugs/registry.js';
import { idSchema } from './common.js';

/** A temperature a speed follows: the hottest chip of its miners, or a temperature signal. */
const speedSourceSchema = z
  .union([
    z.literal('chip'),
    z
      .string()
      .regex(
        /^(zone\.[a-z0-9_-]+\.tempC|outdoor\.tempC)$/,
        'chip, or a temperature signal: zone.<id>.tempC (e.g. the water of a hydronic loop fed as a zone) or outdoor.tempC',
      ),
  ])
  .describe("'chip' (the hottest chip of its miners) or a temperature signal such as zone.garage.tempC");

const speedSchema = z
  .object({
    from: speedSourceSchema,
    curve: z
      .array(z.tuple([z.number(), z.number().min(0).max(100)]))
      .min(2)
      .refine(
        (points) =>
          points.every((p, i) => i === 0 || (p[0] > points[i - 1]![0] && p[1] >= points[i - 1]![1])),
        'points as [tempC, percent] with temperatures rising and percents not falling',
      )
      .describe('[[tempC, percent], …]: linear between points, flat beyond the ends'),
    hysteresisK: z
      .number()
      .nonnegative()
      .default(2)
      .describe('the speed goes down only after the temperature fell this far (K)'),
    maxAgeSeconds: z
      .number()
      .positive()
      .default(600)
      .describe('an older temperature counts as unknown (then the curve’s top speed)'),
  })
  .strict();

/** One follower: what it follows (miners, zones, a temperature) and the device it drives. */
export const followerSchema = z
  .object({
    id: idSchema,
    miners: z.array(z.string()).default([]).describe('the miners it follows: on while any of them runs'),
    zones: z
      .array(z.string())
      .default([])
      .describe('the zones it follows: on while any miner of these zones runs'),
    runOnMinutes: z
      .number()
      .nonnegative()
      .default(0)
      .describe('stay on this long after the last of them stops (a fan clearing the heat)'),
    plug: companionSchema
      .optional()
      .describe('the plug that switches it: the same keys as a companion plug (its delays do not apply)'),
    target: followerTargetSchema.optional(),
    speed: speedSchema
      .optional()
      .describe(
        'drive a speed from a temperature instead of on/off (needs a speed target); 0 % while none of its miners runs',
      ),
  })
  .strict()
  .superRefine((f, ctx) => {
    const device = f.target ?? f.plug;
    if ((f.target === undefined) === (f.plug === undefined))
      return ctx.addIssue({
        code: 'custom',
        path: ['target'],
        message: 'give either plug or target (one device)',
      });
    const kind = targetKind(device!.type);
    const where = f.target ? 'target' : 'plug';
    if (f.speed && kind !== 'speed')
      ctx.addIssue({
        code: 'custom',
        path: [where, 'type'],
        message: `a speed follower needs a speed target (mqtt-number, homeassistant-speed), not "${device!.type}"`,
      });
    if (!f.speed && kind === 'speed')
      ctx.addIssue({
        code: 'custom',
        path: ['speed'],
        message: `a "${device!.type}" target needs speed: { from, curve }`,
      });
    if (!f.speed && f.miners.length + f.zones.length === 0)
      ctx.addIssue({ code: 'custom', path: ['miners'], message: 'follow at least one miner or zone' });
  });

/** One parsed follower. */
export type FollowerConfig = z.infer<typeof followerSchema>;

/** Followers naming miners or zones the config does not have, by key path. */
export function followerIssues(config: {
  followers: readonly FollowerConfig[];
  miners: readonly { id: string }[];
  zones: readonly { id: string }[];
}): { path: (string | number)[]; message: string }[] {
  const minerIds = new Set(config.miners.map((m) => m.id));
  const zoneIds = new Set(config.zones.map((z) => z.id));
  const issues: { path: (string | number)[]; message: string }[] = [];
  config.followers.forEach((follower, i) => {
    follower.miners.forEach((id, j) => {
      if (!minerIds.has(id))
        issues.push({ path: ['followers', i, 'miners', j], message: `no miner "${id}"` });
    });
    follower.zones.forEach((id, j) => {
      if (!zoneIds.has(id))
        issues.push({ path: ['followers', i, 'zones', j], message: `no zone "${id}" in zones` });
    });
    if (follower.speed?.from === 'chip' && follower.miners.length + follower.zones.length === 0)
      issues.push({
        path: ['followers', i, 'speed', 'from'],
        message: "'chip' needs miners or zones to follow",
      });
  });
  return issues;
}

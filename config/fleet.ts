import { z } from 'zod';

/** A topic level: letters, digits, `_` and `-` (no `/`, no wildcards), so ACLs can name it. */
const levelSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, "_" and "-", at most 64 (one MQTT topic level)');

/** The `fleet` section (issue 20): this agent is one shard of a site whose shards share one power budget. */
export const fleetSchema = z
  .object({
    site: levelSchema.describe('the site every shard shares (same on all shards): hashheat/fleet/<site>/…'),
    shard: levelSchema.describe(
      'this agent within the site (unique per agent); it writes only its own topics',
    ),
    offerTtlSeconds: z
      .number()
      .int()
      .min(10)
      .max(3600)
      .default(90)
      .describe(
        "how long this shard's offer counts after it was published (MQTT 5 message expiry); 3 ticks is a good start",
      ),
    surplusOnly: z
      .boolean()
      .default(false)
      .describe(
        "the site's miners run on PV surplus only: the budget is export + what they draw now (never above the import limit); the same on every shard",
      ),
    heatDemandZone: z
      .string()
      .min(1)
      .optional()
      .describe(
        "a zone whose heat-demand signal (zone.<id>.heatDemandW, W of heat wanted) caps the site's budget; the same on every shard",
      ),
  })
  .strict();

/** The validated `fleet` section. */
export type FleetConfig = z.infer<typeof fleetSchema>;

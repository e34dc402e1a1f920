import { z } from 'zod';

/** The `homeassistant:` section: how HA sources and HA-switched miners reach Home Assistant. */
export const homeAssistantSchema = z
  .object({
    url: z
      .url({ protocol: /^https?$/ })
      .describe('base URL of Home Assistant, e.g. http://homeassistant.local:8123'),
    token: z
      .string()
      .min(1)
      .describe(
        'long-lived access token (profile page in HA); write it as an env reference such as HA_TOKEN, never inline',
      ),
    timeoutMs: z.number().int().positive().default(5000).describe('per-request timeout (ms)'),
  })
  .strict();

/** The parsed `homeassistant:` section. */
export type HomeAssistantConfig = z.infer<typeof homeAssistantSchema>;

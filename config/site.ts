import { z } from 'zod';

/** The `site` section: the house's time zone, currency, reserve, battery rules, fuse and surplus probe. */
export const siteSchema = z
  .object({
    timeZone: z
      .string()
      .default('Europe/Berlin')
      .describe(
        'IANA time zone for local-time rules, read from the tz database (/usr/share/zoneinfo or $TZDIR), else from ICU',
      ),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .default('EUR'),
    reserveW: z
      .number()
      .nonnegative()
      .default(0)
      .describe(
        'export kept in reserve, never offered to miners (W); without a grid meter the assumed house load',
      ),
    battery: z
      .object({
        prioritySoc: z
          .number()
          .min(0)
          .max(100)
          .default(50)
          .describe('below: battery charging is not surplus'),
        bufferSoc: z
          .number()
          .min(0)
          .max(100)
          .default(80)
          .describe('above: a running miner may keep its lowest level'),
        minSoc: z.number().min(0).max(100).default(20).describe('never drain below this for miners'),
      })
      .strict()
      .optional()
      .describe('home battery rules (readings: battery.powerW discharge positive, battery.socPct)'),
    maxPowerW: z
      .number()
      .positive()
      .optional()
      .describe('fuse protection: miners plus measured house load stay at or below this (W)'),
    probe: z
      .object({
        enabled: z.boolean().default(true),
        probeSeconds: z
          .number()
          .positive()
          .default(45)
          .describe('how long grid import must stay within the tolerance after a step up'),
        everyMinutes: z.number().positive().default(5).describe('at most one probe per this many minutes'),
        importToleranceW: z
          .number()
          .nonnegative()
          .default(50)
          .describe("import (W) still counted as none: a zero-export controller's offset"),
        stepW: z
          .number()
          .positive()
          .default(100)
          .describe('the step for power-target miners (W); others step to their next level'),
      })
      .strict()
      .optional()
      .describe(
        'zero-export inverters and full batteries: with no export and PV producing, step a miner up one level and keep it only if import stays within the tolerance',
      ),
  })
  .strict();

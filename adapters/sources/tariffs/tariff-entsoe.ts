import { z } from 'zod';
import { defineSource } from '../../plugin.js';
import { parseEntsoe } from './entsoe-xml.js';
import { marketTariff } from './market-tariff.js';
import { EU_DAY_AHEAD } from './publication.js';
import { marketShape } from './tariff-common.js';

const WHAT = 'ENTSO-E';

/** Bidding-zone EIC codes by their short name (ENTSO-E area list; `zone` also takes any EIC directly). */
export const ENTSOE_ZONES: Record<string, string> = {
  'DE-LU': '10Y1001A1001A82H',
  AT: '10YAT-APG------L',
  NL: '10YNL----------L',
  BE: '10YBE----------2',
  FR: '10YFR-RTE------C',
  PL: '10YPL-AREA-----S',
  CZ: '10YCZ-CEPS-----N',
  DK1: '10YDK-1--------W',
  DK2: '10YDK-2--------M',
  FI: '10YFI-1--------U',
  EE: '10Y1001A1001A39I',
  LV: '10YLV-1001A00074',
  LT: '10YLT-1001A0008Q',
  SE1: '10Y1001A1001A44P',
  SE2: '10Y1001A1001A45N',
  SE3: '10Y1001A1001A46L',
  SE4: '10Y1001A1001A47J',
  NO1: '10YNO-1--------2',
  NO2: '10YNO-2--------T',
  NO3: '10YNO-3--------J',
  NO4: '10YNO-4--------9',
};

/** `yyyyMMddHHmm` in UTC, the API's period format. */
export function entsoePeriod(at: number): string {
  return new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 12);
}

/** ENTSO-E Transparency Platform: day-ahead prices (A44) per bidding zone, EUR/MWh, token required. */
export const entsoeTariff = defineSource({
  type: 'entsoe',
  description: 'ENTSO-E Transparency day-ahead prices (XML, security token)',
  schema: z
    .object({
      type: z.literal('entsoe'),
      token: z
        .string()
        .min(1)
        .describe('security token (ask the ENTSO-E helpdesk), best from an environment variable'),
      zone: z
        .string()
        .refine((z) => z in ENTSOE_ZONES || /^10Y[0-9A-Z-]{13}$/.test(z), {
          message: `a bidding zone EIC code (10Y…) or one of ${Object.keys(ENTSOE_ZONES).join(', ')}`,
        })
        .describe('bidding zone: EIC code or short name such as DE-LU'),
      baseUrl: z.url().default('https://web-api.tp.entsoe.eu').describe('API root (a mirror or test server)'),
      ...marketShape,
    })
    .strict(),
  create(config, deps) {
    const eic = ENTSOE_ZONES[config.zone] ?? config.zone;
    return marketTariff({
      deps,
      config,
      what: WHAT,
      window: EU_DAY_AHEAD,
      baseUrl: config.baseUrl,
      timeoutMs: config.timeoutMs,
      url: '/api',
      params: (range) => ({
        securityToken: config.token,
        documentType: 'A44',
        in_Domain: eic,
        out_Domain: eic,
        periodStart: entsoePeriod(range.from),
        periodEnd: entsoePeriod(range.to),
      }),
      body: 'text',
      parse: (xml) => parseEntsoe(xml as string),
      unit: 'perMWh',
    });
  },
});

import { z } from 'zod';
import { minerBaseSchema } from '../../../config/common.js';
import { OFF } from '../../../src/core/model.js';
import type { Level, MinerStatus } from '../../../src/core/types.js';
import type { MinerAdapter } from '../../../src/ports.js';
import type { AdapterDeps } from '../../deps.js';
import { defineMiner, type ProbeResult } from '../../plugin.js';
import { createShellyClient, shellyConnectionSchema } from '../../plugs/shelly-client.js';
import { envReference, probeTimeoutMs } from '../../probe-url.js';
import { probeTarget } from '../http-target.js';

const schema = minerBaseSchema
  .extend({
    type: z.literal('shelly'),
    ...shellyConnectionSchema.shape,
    powerW: z.number().positive().optional().describe('power the miner draws when switched on (W)'),
    ths: z.number().nonnegative().optional().describe('hashrate when switched on (TH/s)'),
    levels: minerBaseSchema.shape.levels
      .unwrap()
      .max(1, 'a plug-switched miner has one running level')
      .optional()
      .describe('the one running level, instead of powerW and ths'),
    standbyW: z
      .number()
      .nonnegative()
      .default(15)
      .describe(
        'a switched-on miner drawing at most this much counts as not running (W; metering plugs only)',
      ),
  })
  .superRefine((config, ctx) => {
    const simple = config.powerW !== undefined || config.ths !== undefined;
    if (config.levels && simple)
      ctx.addIssue({
        code: 'custom',
        path: ['levels'],
        message: 'set either powerW and ths, or levels, not both',
      });
    else if (!config.levels && (config.powerW === undefined || config.ths === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [config.powerW === undefined ? 'powerW' : 'ths'],
        message: 'set powerW and ths (or one entry in levels)',
      });
    if (config.companion)
      ctx.addIssue({
        code: 'custom',
        path: ['companion'],
        message: 'a shelly miner is already its own plug',
      });
  });

/** The running level of a plug-switched miner: the configured one, else `on` from powerW and ths. */
function runningLevel(config: z.infer<typeof schema>): Level {
  return config.levels?.[0] ?? { id: 'on', powerW: config.powerW ?? 0, ths: config.ths ?? 0 };
}

type ShellyConfig = z.infer<typeof schema>;

/**
 * A miner that is only a load behind a Shelly Gen2+ plug: on or off, metered by the plug. Running
 * means the relay is on and, when the plug meters, the load draws more than `standbyW` (evcc's rule).
 */
function createShelly(config: ShellyConfig, deps: AdapterDeps): MinerAdapter {
  const on = runningLevel(config);
  const levels: Level[] = [OFF, on];
  const client = createShellyClient({
    host: config.host,
    switchId: config.switchId,
    timeoutMs: config.timeoutMs,
    ...(config.password ? { password: config.password } : {}),
  });

  async function status(): Promise<MinerStatus> {
    const s = await client.switchStatus();
    const drawing = s.powerW === undefined || s.powerW > config.standbyW;
    return {
      reachable: true,
      running: s.output && drawing,
      levelId: s.output ? on.id : OFF.id,
      ...(s.powerW !== undefined ? { powerW: s.powerW } : {}),
      ...(s.output && drawing ? { ths: on.ths } : {}),
      at: deps.clock.now(),
    };
  }

  return {
    id: config.id,
    family: 'shelly',
    capabilities: { softStop: false, throttle: false, reportsPower: true },
    levels: () => levels,
    status,
    async apply(level) {
      const wanted = level.id !== OFF.id;
      await client.setSwitch(wanted);
      // Read back: the relay is what the command controls; the load may take a while to draw power.
      const after = await client.switchStatus();
      if (after.output === wanted) return { accepted: true };
      return { accepted: false, detail: `relay still ${after.output ? 'on' : 'off'}` };
    },
    async describe() {
      const info = await client.deviceInfo();
      return {
        family: 'shelly',
        ...(info.app || info.model ? { model: [info.app, info.model].filter(Boolean).join(' ') } : {}),
        ...(info.firmware ? { firmware: info.firmware } : {}),
        ...(info.mac ? { serial: info.mac } : {}),
      };
    },
    async close() {},
  };
}

/** A miner switched (and metered) by a Shelly Gen2+ plug; `hashheat probe shelly://[admin:pw@]host`. */
export const shellyMiner = defineMiner({
  type: 'shelly',
  description: 'a miner switched (and metered) by a Shelly Gen2+ plug',
  schema,
  create: createShelly,
  async probe(url, deps): Promise<ProbeResult> {
    const { host, password } = probeTarget(url, 'shelly');
    // Placeholders for the load: a plug knows the power it meters, never the hashrate behind it.
    const fields = { id: 'probe', type: 'shelly', host, powerW: 1, ths: 0, timeoutMs: probeTimeoutMs(url) };
    const adapter = createShelly(schema.parse({ ...fields, ...(password ? { password } : {}) }), deps);
    // Shelly.GetDeviceInfo answers even with authentication on; the switch status then needs the password.
    const info = await adapter.describe!();
    const status = await adapter.status();
    const measuredW = status.running && status.powerW !== undefined ? Math.round(status.powerW) : 0;
    const levels = [OFF, { id: 'on', powerW: measuredW, ths: 0 }];
    const reportsPower = status.powerW !== undefined;
    return { info, status, levels, capabilities: { softStop: false, throttle: false, reportsPower } };
  },
  suggestConfig(result, url) {
    const { host, password } = probeTarget(url, 'shelly');
    const powerW = result.levels.find((l) => l.id === 'on')?.powerW ?? 0;
    const notes = ["ths 0 is a placeholder: a plug cannot tell the hashrate; put the miner's TH/s"];
    if (powerW === 0)
      notes.push('powerW 0 is a placeholder: switch the miner on and probe again, or measure it (W)');
    if (password) notes.push('set SHELLY_PASSWORD in the environment to the device password');
    const secret = password ? { password: envReference('SHELLY_PASSWORD') } : {};
    return { fields: { type: 'shelly', host, ...secret, levels: [{ id: 'on', powerW, ths: 0 }] }, notes };
  },
});

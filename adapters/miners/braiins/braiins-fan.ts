import { z } from 'zod';
import { DeviceError } from '../../../src/errors.js';
import { parseReply } from '../reply.js';
import type { BraiinsClient } from './braiins-client.js';

/** The cooling mode as `GET /api/v1/configuration/miner` (`temperature.mode`) and the cooling PUT show it. */
const modeSchema = z
  .object({
    auto: z.object({ max_fan_speed: z.number().nullable().optional() }).passthrough().optional(),
  })
  .passthrough();
const configurationSchema = z
  .object({
    temperature: z.object({ mode: modeSchema.nullable().optional() }).passthrough().nullable().optional(),
  })
  .passthrough();

/** The fan speed that means "no cap" in automatic mode (%): the top of `max_fan_speed`'s range. */
const NO_CAP_PERCENT = 100;

/**
 * A fan cap on Braiins OS (issue 19, quiet hours): in automatic cooling the firmware keeps regulating
 * the fans towards its target temperature, at most `max_fan_speed` % (`PUT /api/v1/cooling/mode` with
 * `{"auto":{"max_fan_speed":N}}`; vendor OpenAPI 26.04 `SetCoolingModeRequestMode` / `CoolingAutoMode`,
 * as archived in asic-rs `meta/braiins/26.04/openapi.json`). The reply is the resulting mode, checked.
 * Only in automatic mode: a miner in manual, immersion or hydro cooling is refused rather than switched
 * (the PUT would change its mode). Restoring puts back the `max_fan_speed` the configuration showed
 * before the first cap (100 % when it showed none).
 */
export function braiinsFanCap(client: BraiinsClient): (percent: number | undefined) => Promise<void> {
  let before: number | undefined;
  return async (percent) => {
    const config = parseReply(
      configurationSchema,
      await client.call('GET', '/api/v1/configuration/miner'),
      'Braiins OS GET /api/v1/configuration/miner',
    );
    const mode = config.temperature?.mode;
    if (mode && !mode.auto) {
      const name = Object.keys(mode)[0] ?? 'unknown';
      throw new DeviceError(
        'UNSUPPORTED',
        `Braiins OS cooling is in ${name} mode: fan caps need automatic mode`,
        false,
      );
    }
    const current = mode?.auto?.max_fan_speed ?? undefined;
    if (percent !== undefined && before === undefined) before = current ?? NO_CAP_PERCENT;
    const want = percent === undefined ? (before ?? NO_CAP_PERCENT) : Math.round(percent);
    const reply = parseReply(
      modeSchema,
      // The whole automatic mode as the configuration shows it, with only max_fan_speed changed: a PUT
      // of max_fan_speed alone would reset the target, hot and dangerous temperatures the user set.
      await client.call('PUT', '/api/v1/cooling/mode', {
        auto: { ...(mode?.auto ?? {}), max_fan_speed: want },
      }),
      'Braiins OS PUT /api/v1/cooling/mode',
    );
    if (reply.auto?.max_fan_speed !== want)
      throw new DeviceError(
        'BAD_RESPONSE',
        `Braiins OS cooling shows max_fan_speed ${reply.auto?.max_fan_speed ?? 'none'}, not ${want}`,
      );
    if (percent === undefined) before = undefined;
  };
}

import { DeviceError } from '../../../src/errors.js';
import type { HttpClient } from '../../http.js';
import { axeosRequest, readSystemInfo } from './bitaxe-api.js';

/**
 * A fan cap on ESP-Miner (issue 19, quiet hours): `PATCH /api/system` with `{"autofanspeed":0,
 * "fanspeed":<percent>}` fixes the fan at the cap; `{"autofanspeed":1}` gives it back to the firmware's
 * temperature control (bitaxeorg/ESP-Miner main/http_server/openapi.yaml, `Settings`: autofanspeed
 * 0 = manual / 1 = auto, fanspeed 0–100 "when autofanspeed is disabled"). AxeOS has no "at most"
 * setting, so the cap is a fixed speed; the firmware's overheat protection still runs the fan at
 * 100 % in safe mode (power_management_task.c). Confirmed by reading `/api/system/info` back.
 */
export async function setBitaxeFanCap(http: HttpClient, percent: number | undefined): Promise<void> {
  const body =
    percent === undefined ? { autofanspeed: 1 } : { autofanspeed: 0, fanspeed: Math.round(percent) };
  await axeosRequest(http, { method: 'PATCH', path: '/api/system', body });
  const after = await readSystemInfo(http);
  const taken =
    percent === undefined
      ? after.autofanspeed === 1
      : after.autofanspeed === 0 && after.fanspeed === Math.round(percent);
  if (!taken)
    throw new DeviceError(
      'BAD_RESPONSE',
      `AxeOS fan still at autofanspeed ${after.autofanspeed ?? '?'}, fanspeed ${after.fanspeed ?? '?'} %`,
    );
}

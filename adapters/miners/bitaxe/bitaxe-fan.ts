import { DeviceError } from '../../../src/errors.js';
import type { HttpClient } from '../../http.js';
import { axeosRequest, readSystemInfo } from './bitaxe-api.js';

/**
 * A fan cap on ESP-Miner (issue 19, quiet hours): `PATCH /api/system` with `{"autofanspeed":0}` and the
 * cap as the manual speed fixes the fan there; `{"autofanspeed":1}` gives it back to the firmware's
 * temperature control (bitaxeorg/ESP-Miner main/http_server/openapi.yaml, `Settings`: autofanspeed
 * 0 = manual / 1 = auto). The manual speed is `manualFanSpeed` since v2.11.0 (main/nvs_config.c:
 * NVS_CONFIG_MANUAL_FAN_SPEED, rest_name "manualFanSpeed", migrated from "fanspeed"), `fanspeed` before;
 * AxeOS ignores a key it does not know, so the old key alone would switch the fan to manual at whatever
 * speed was saved. Which one a device takes is read from `/api/system/info` (v2.11+ shows
 * `manualFanSpeed`). AxeOS has no "at most" setting, so the cap is a fixed speed; the firmware's
 * overheat protection still runs the fan at 100 % in safe mode (power_management_task.c). Confirmed by
 * reading `/api/system/info` back; a cap not taken gives the fan back to the firmware at once.
 */
export async function setBitaxeFanCap(http: HttpClient, percent: number | undefined): Promise<void> {
  if (percent === undefined) {
    await axeosRequest(http, { method: 'PATCH', path: '/api/system', body: { autofanspeed: 1 } });
    const after = await readSystemInfo(http);
    if (after.autofanspeed !== 1)
      throw new DeviceError('BAD_RESPONSE', `AxeOS fan still at autofanspeed ${after.autofanspeed ?? '?'}`);
    return;
  }
  const want = Math.round(percent);
  const key = (await readSystemInfo(http)).manualFanSpeed !== undefined ? 'manualFanSpeed' : 'fanspeed';
  await axeosRequest(http, { method: 'PATCH', path: '/api/system', body: { autofanspeed: 0, [key]: want } });
  const after = await readSystemInfo(http);
  const setting = key === 'manualFanSpeed' ? after.manualFanSpeed : after.fanspeed;
  if (after.autofanspeed === 0 && setting === want) return;
  // Not taken: never leave the fan on a manual speed nobody chose.
  await axeosRequest(http, { method: 'PATCH', path: '/api/system', body: { autofanspeed: 1 } }).catch(
    () => {},
  );
  throw new DeviceError(
    'BAD_RESPONSE',
    `AxeOS fan still at autofanspeed ${after.autofanspeed ?? '?'}, ${key} ${setting ?? '?'} %`,
  );
}

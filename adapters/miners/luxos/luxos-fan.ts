import { DeviceError } from '../../../src/errors.js';
import type { CgminerClient } from '../../protocols/cgminer-client.js';
import type { LuxSessions } from './luxos-session.js';

/** The lowest `max_speed` LuxOS accepts for its automatic fans (%). */
export const LUXOS_MIN_MAX_SPEED = 50;

/**
 * A fan cap on LuxOS (issue 19, quiet hours): `fanset|<sid>,max_speed=N` caps the speed LUXminer's
 * automatic fan control may use, `max_speed=-1` puts its default back (Luxor's firmware docs,
 * docs.luxor88.com/firmware/api/luxminer/fanset: "max_speed: the maximum speed that the automatic fans
 * can use (can't go lower than 50). Using -1 will set it to the default value"). A cap below 50 %
 * would need a fixed `speed`, which the docs warn "can cause overtemp shutdown": refused instead.
 * The documented `fans` reply shows no max_speed to read back; the command's S status is the answer.
 * The docs also say fanset fails on hydro and immersion models (no fans): that error comes through.
 */
export function luxosFanCap(
  client: CgminerClient,
  sessions: LuxSessions,
): (percent: number | undefined) => Promise<void> {
  return async (percent) => {
    if (percent !== undefined && percent < LUXOS_MIN_MAX_SPEED)
      throw new DeviceError(
        'REFUSED',
        `LuxOS caps its automatic fans at ${LUXOS_MIN_MAX_SPEED} % at the lowest (fanset max_speed); ${Math.round(percent)} % would need a fixed speed, which risks an overtemp shutdown`,
        false,
      );
    const value = percent === undefined ? -1 : Math.round(percent);
    await sessions.run((sid) => client.command('fanset', `${sid},max_speed=${value}`));
  };
}

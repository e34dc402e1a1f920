import { DeviceError } from '../../../src/errors.js';
import type { CgminerClient } from '../../protocols/cgminer-client.js';
import type { CgminerReply } from '../../protocols/cgminer-reply.js';
import { hashrateThs, toNumber } from '../cgminer-readings.js';

/** What one LuxOS status read says (W, TH/s, °C, s). */
export interface LuxReading {
  /** Active profile, e.g. `290MHz` (`config.CONFIG[0].Profile`). */
  profile?: string;
  /** Curtailed = asleep (`CurtailMode` other than `None`). */
  curtailed: boolean;
  atmEnabled?: boolean;
  powerW?: number;
  ths?: number;
  chipTempC?: number;
  uptimeS?: number;
}

/** One profile of `profiles` (`PROFILES[]`); hashrate in TH/s (unit not confirmed by a fixture). */
export interface LuxProfile {
  name: string;
  powerW?: number;
  ths?: number;
}

const COMMANDS = ['config', 'summary', 'power', 'temps'] as const;

async function replies(
  client: CgminerClient,
  canJoin: { value?: boolean },
): Promise<Record<string, CgminerReply>> {
  if (canJoin.value !== false) {
    try {
      const parts = await client.multi(COMMANDS);
      canJoin.value = true;
      if (parts.config instanceof DeviceError) throw parts.config;
      return Object.fromEntries(
        Object.entries(parts).filter((e): e is [string, CgminerReply] => !(e[1] instanceof DeviceError)),
      );
    } catch (error) {
      // pyasic joins LuxOS commands, but a refused join must not stop the reads: one by one from now on.
      if (!(error instanceof DeviceError) || !['UNSUPPORTED', 'REFUSED'].includes(error.code)) throw error;
      canJoin.value = false;
    }
  }
  const out: Record<string, CgminerReply> = { config: await client.command('config') };
  for (const command of COMMANDS.slice(1)) {
    const reply = await client.command(command).catch(() => undefined);
    if (reply) out[command] = reply;
  }
  return out;
}

const TEMP_KEYS = ['Board', 'Chip', 'TopLeft', 'TopRight', 'BottomLeft', 'BottomRight'];

/** Reads `config`, `summary`, `power` and `temps` (joined when the firmware allows). */
export async function readLux(client: CgminerClient, canJoin: { value?: boolean }): Promise<LuxReading> {
  const parts = await replies(client, canJoin);
  const config = parts.config?.sections.CONFIG?.[0];
  if (!config) throw new DeviceError('BAD_RESPONSE', `${client.endpoint} config: no CONFIG section`, true);
  const mode = String(config.CurtailMode ?? 'None');
  const reading: LuxReading = { curtailed: !/^(none|)$/i.test(mode.trim()) };
  if (typeof config.Profile === 'string') reading.profile = config.Profile;
  if (typeof config.IsAtmEnabled === 'boolean') reading.atmEnabled = config.IsAtmEnabled;
  const summary = parts.summary?.sections.SUMMARY?.[0];
  const ths = summary ? hashrateThs(summary) : undefined;
  if (ths !== undefined) reading.ths = ths;
  const uptime = toNumber(summary?.Elapsed);
  if (uptime !== undefined) reading.uptimeS = uptime;
  const watts = toNumber(parts.power?.sections.POWER?.[0]?.Watts);
  if (watts !== undefined) reading.powerW = watts;
  const temps = (parts.temps?.sections.TEMPS ?? []).flatMap((row) =>
    TEMP_KEYS.map((k) => toNumber(row[k])).filter((t): t is number => t !== undefined && t > 0 && t < 150),
  );
  if (temps.length > 0) reading.chipTempC = Math.max(...temps);
  return reading;
}

/** The miner's profiles (`profiles` → `PROFILES[]`). */
export async function readProfiles(client: CgminerClient): Promise<LuxProfile[]> {
  const rows = (await client.command('profiles')).sections.PROFILES ?? [];
  return rows.flatMap((row) => {
    const name = row['Profile Name'];
    if (typeof name !== 'string' || name === '') return [];
    const profile: LuxProfile = { name };
    const powerW = toNumber(row.Watts);
    const ths = toNumber(row.Hashrate);
    if (powerW !== undefined) profile.powerW = powerW;
    if (ths !== undefined) profile.ths = ths;
    return [profile];
  });
}

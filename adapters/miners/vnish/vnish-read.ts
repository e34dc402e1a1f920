import type { MinerInfo } from '../../../src/ports.js';
import { toNumber } from '../cgminer-readings.js';
import type { VnishClient } from './vnish-client.js';

/** One Vnish status read (W, TH/s, °C, s). */
export interface VnishReading {
  /** `miner_state` of `/status`: mining, initializing, starting, auto-tuning, restarting, shutting-down, stopped, failure. */
  state: string;
  /** Drawing power and hashing or about to (everything but stopped, shutting-down and failure; as pyasic). */
  running: boolean;
  /** `/status` `throttled` (20–100 %). */
  throttlePct?: number;
  /** Active autotune preset (`/perf-summary` `current_preset.name`), when asked for. */
  preset?: string;
  powerW?: number;
  ths?: number;
  chipTempC?: number;
  uptimeS?: number;
}

/** One tuned power preset of `/autotune/presets`. */
export interface VnishPreset {
  name: string;
  powerW?: number;
  ths?: number;
  tuned: boolean;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const IDLE_STATES = ['stopped', 'shutting-down', 'failure'];

/** The hottest chip in `miner.chains[]` (`chip_temp` as a number or `{min,max}`; field names not confirmed). */
function chipTemp(chains: unknown): number | undefined {
  const temps = (Array.isArray(chains) ? chains : []).flatMap((chain) => {
    const c = record(chain);
    const value = c.chip_temp ?? c.temp_chip;
    const n = toNumber(value) ?? toNumber(record(value).max);
    return n !== undefined && n > 0 && n < 150 ? [n] : [];
  });
  return temps.length > 0 ? Math.max(...temps) : undefined;
}

/**
 * Reads `/status`, `/summary` and (for preset levels) `/perf-summary`. The preset comes from
 * `/perf-summary` `current_preset` (no auth in the vendor spec 1.2.6, 1.2.7 and 1.3.4), not `GET /settings`,
 * which those specs allow with an API key only (`apikeyAuth`), so a password token cannot read it back.
 */
export async function readVnish(client: VnishClient, withPreset: boolean): Promise<VnishReading> {
  const [status, summary, perf] = await Promise.all([
    client.call('GET', '/status'),
    client.call('GET', '/summary'),
    withPreset ? client.call('GET', '/perf-summary') : Promise.resolve(undefined),
  ]);
  const miner = record(record(summary).miner);
  const state = String(record(status).miner_state ?? record(miner.miner_status).miner_state ?? 'unknown');
  const reading: VnishReading = { state, running: !IDLE_STATES.includes(state) };
  const throttle = toNumber(record(status).throttled);
  if (throttle !== undefined) reading.throttlePct = throttle;
  // `current_preset` is null while presets are off ("Globals passed here when preset is disabled").
  const preset = record(record(perf).current_preset).name;
  if (typeof preset === 'string' || typeof preset === 'number') reading.preset = String(preset);
  const power = toNumber(miner.power_usage);
  if (power !== undefined) reading.powerW = power;
  const ths = toNumber(miner.instant_hashrate) ?? toNumber(miner.average_hashrate);
  if (ths !== undefined) reading.ths = ths;
  const chip = chipTemp(miner.chains);
  if (chip !== undefined) reading.chipTempC = chip;
  const uptime = toNumber(record(status).miner_state_time);
  if (uptime !== undefined && reading.running) reading.uptimeS = uptime;
  return reading;
}

/** `/autotune/presets` (a list, or `{presets: [...]}` on some versions); power and hashrate from `pretty`. */
export async function readPresets(client: VnishClient): Promise<VnishPreset[]> {
  const raw = await client.call('GET', '/autotune/presets');
  const list = Array.isArray(raw) ? raw : record(raw).presets;
  return (Array.isArray(list) ? list : []).flatMap((item) => {
    const p = record(item);
    if (p.name === undefined) return [];
    const name = String(p.name);
    // `pretty` reads like "1100 watt ~ 48 TH" (pyasic MiningPreset.from_vnish).
    const [watts, hash] = String(p.pretty ?? '').split('~');
    const preset: VnishPreset = { name, tuned: p.status === 'tuned' };
    const powerW = toNumber(watts?.replace(/watt/i, '')) ?? toNumber(name);
    const ths = toNumber(hash?.replace(/TH|LC/gi, ''));
    if (powerW !== undefined) preset.powerW = powerW;
    if (ths !== undefined) preset.ths = ths;
    return [preset];
  });
}

/** A firmware version from `/info` `fw_version` ("1.2.6", "1.3.4"), as [major, minor, patch]. */
export function parseVnishVersion(text: unknown): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(text ?? '').trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

/** `GET /info` `fw_version` (no auth in the vendor spec; asic-rs picks its 1.2 / 1.3 backend from it). */
export async function readVnishVersion(client: VnishClient): Promise<[number, number, number] | undefined> {
  return parseVnishVersion(record(await client.call('GET', '/info')).fw_version);
}

/** `POST /mining/throttle` exists from 1.3 on (absent from the 1.2.6 and 1.2.7 vendor specs). */
export function hasThrottle(version: readonly number[]): boolean {
  return (version[0] ?? 0) > 1 || ((version[0] ?? 0) === 1 && (version[1] ?? 0) >= 3);
}

/** Model, firmware and MAC from `/summary` (`miner_type` reads like "Antminer S19j Pro (Vnish 1.2.6)"). */
export async function readVnishInfo(client: VnishClient): Promise<MinerInfo> {
  const summary = record(await client.call('GET', '/summary'));
  const type = String(record(summary.miner).miner_type ?? '');
  const match = /^(.*?)\s*\((vnish[^)]*)\)\s*$/i.exec(type);
  const mac = record(record(summary.system).network_status).mac;
  return {
    family: 'vnish',
    model: (match ? match[1] : type) || 'Vnish miner',
    ...(match ? { firmware: match[2] } : {}),
    ...(typeof mac === 'string' && mac ? { serial: mac } : {}),
  };
}

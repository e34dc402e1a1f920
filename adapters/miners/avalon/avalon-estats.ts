import { DeviceError } from '../../../src/errors.js';
import { toNumber } from '../cgminer-readings.js';

/** Work state from `SYSTEMSTATU[Work: In Work, Hash Board: 1]` (driver-avalon.c `sysstatus`). */
export type AvalonWorkState = 'init' | 'work' | 'idle' | 'fault';

/** What an Avalon reports in the `MM ID0` string of `estats` (units in names). */
export interface AvalonEstats {
  /** Every `Key[value]` token, raw. */
  tokens: Record<string, string>;
  state?: AvalonWorkState;
  /** `SoftOFF[n]`: 0 running; non-zero = soft-off reason (the Q shows 4 while idle). */
  softOffReason?: number;
  /** Hashing now: `In Work` and not soft-off (or, without SYSTEMSTATU, a positive hashrate). */
  running: boolean;
  /** `WALLPOWER`, else wall power `PS[6]` (six-field form: board power `PS[4]`) (W). */
  powerW?: number;
  /** `GHSspd` (else `GHSavg`) in TH/s. */
  ths?: number;
  /** Hottest chip: `TMax`, else the max of `MTmax` (°C); 0 means "not measured". */
  chipTempC?: number;
  uptimeS?: number;
  workmode?: number;
  /** `WORKLEVEL`, or `WORKLVL` on the Mini 3. */
  worklevel?: number;
  /** `ADJ[1]`: calibration done; `ADJ[0]` → mode changes are refused. */
  calibrated?: boolean;
  /** `MPO`: calibrated maximum output (W). */
  maxPowerW?: number;
  /** `SoftOffTime` / `SoftOnTime`: when a scheduled soft off/on happens (device epoch s). */
  softOffAtS?: number;
  softOnAtS?: number;
  /** Device clock of the reply (STATUS.When, epoch s or seconds since boot). */
  whenS?: number;
}

/** Splits the `MM ID0` string into its `Key[value]` tokens (first occurrence wins). */
export function parseMmTokens(text: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)\[([^\]]*)\]/g)) {
    const [, key, value] = match;
    if (key !== undefined && !(key in tokens)) tokens[key] = (value ?? '').trim();
  }
  return tokens;
}

/** The `MM ID0` (Nano 3S, A-series) or `MM ID0:Summary` (Q `litestats`) string of a STATS reply. */
export function findMmString(rows: readonly Record<string, unknown>[]): string | undefined {
  for (const row of rows) {
    for (const [key, value] of Object.entries(row)) {
      if (/^MM ID\d+/.test(key) && typeof value === 'string') return value;
    }
  }
  return undefined;
}

const numbersOf = (value: string | undefined) =>
  (value ?? '')
    .split(/\s+/)
    .map(toNumber)
    .filter((n): n is number => n !== undefined);

const positive = (n: number | undefined) => (n !== undefined && n > 0 ? n : undefined);

/**
 * Wall power from `PS[...]`. Seven fields (MM319: Nano 3S, Q, A-series): index 6 is wall (input) power —
 * Canaan's driver copies `power_info[6]` into `wallpower` (Avalon_Nano3s driver-avalon.c) — and index 4 the
 * hash board's output (asic-rs reads it for the Q: `[0 1221 2421 66 1598 2422 1670]` is 1598 W on the board,
 * 1670 W at the wall, nameplate 1674 W). The older six-field form `PS[err Vctrl Vhash A W Vset]` (A10 API
 * manual) has only the board's W at index 4. Index 5 is a voltage (Vset) in both, never watts.
 */
function wallPowerOf(ps: readonly number[]): number | undefined {
  if (ps.length >= 7) return ps[6];
  return ps.length === 6 ? ps[4] : undefined;
}

function stateOf(text: string | undefined): AvalonWorkState | undefined {
  const match = /Work:\s*In\s+(\w+)/i.exec(text ?? '');
  const word = match?.[1]?.toLowerCase();
  return word === 'init' || word === 'work' || word === 'idle' || word === 'fault' ? word : undefined;
}

/** Reads an Avalon's state from `estats`/`litestats` rows; BAD_RESPONSE when there is no `MM ID` string. */
export function readEstats(rows: readonly Record<string, unknown>[], what: string): AvalonEstats {
  const mm = findMmString(rows);
  if (mm === undefined) throw new DeviceError('BAD_RESPONSE', `${what}: no "MM ID" string in STATS`, true);
  const t = parseMmTokens(mm);
  const num = (key: string) => toNumber(t[key]);
  const state = stateOf(t.SYSTEMSTATU);
  const softOffReason = num('SoftOFF');
  const ps = numbersOf(t.PS);
  const ghs = num('GHSspd') ?? num('GHSavg');
  const result: AvalonEstats = { tokens: t, running: false };
  if (state) result.state = state;
  if (softOffReason !== undefined) result.softOffReason = softOffReason;
  const powerW = num('WALLPOWER') ?? wallPowerOf(ps);
  if (powerW !== undefined && powerW >= 0) result.powerW = powerW;
  if (ghs !== undefined && ghs >= 0) result.ths = ghs / 1000;
  const chipTempC = positive(num('TMax')) ?? positive(Math.max(...numbersOf(t.MTmax), 0));
  if (chipTempC !== undefined && chipTempC < 150) result.chipTempC = chipTempC;
  const fields: [keyof AvalonEstats, number | undefined][] = [
    ['uptimeS', num('Elapsed')],
    ['workmode', num('WORKMODE')],
    ['worklevel', num('WORKLEVEL') ?? num('WORKLVL')],
    ['maxPowerW', num('MPO')],
    ['softOffAtS', num('SoftOffTime')],
    ['softOnAtS', num('SoftOnTime')],
  ];
  for (const [key, value] of fields)
    if (value !== undefined) (result as unknown as Record<string, number>)[key] = value;
  const adj = num('ADJ');
  if (adj !== undefined) result.calibrated = adj === 1;
  result.running = state ? state === 'work' && (softOffReason ?? 0) === 0 : (result.ths ?? 0) > 0;
  return result;
}

import type { Level } from '../../../src/core/types.js';

/** Avalon home miners hashheat knows defaults for. */
export type AvalonModel = 'nano3' | 'nano3s' | 'mini3' | 'q';

/** A running level and the work mode (or work level) number that selects it. */
export interface AvalonLevel extends Level {
  workmode: number;
}

/** Per-model defaults: display name, which ascset option selects the mode, and the levels. */
export interface AvalonModelSpec {
  label: string;
  /** MM319 firmware (Nano 3S, Mini 3, Q) uses `workmode`; the original Nano 3 (MM318) `worklevel`. */
  modeCommand: 'workmode' | 'worklevel';
  levels: AvalonLevel[];
}

/**
 * Default levels: mode 0 = Low/Eco, 1 = Medium/Standard, 2 = High/Super (reference miners.md §2.3).
 * Only the top mode's figures are nameplate values (economics.md §5: Nano 3 4 TH/s 140 W, Nano 3S
 * 6 TH/s 140 W, Mini 3 37.5 TH/s 800 W, Q 90 TH/s 1674 W; the Q reports MPO[800] in mode 0). The lower
 * modes are estimates: measure them (`hashheat probe` prints PS power and hashrate) and set `levels`.
 */
export const AVALON_MODELS: Record<AvalonModel, AvalonModelSpec> = {
  nano3: {
    label: 'Avalon Nano 3',
    modeCommand: 'worklevel',
    levels: [
      { id: 'eco', workmode: 0, powerW: 70, ths: 2.4 },
      { id: 'standard', workmode: 1, powerW: 100, ths: 3.3 },
      { id: 'super', workmode: 2, powerW: 140, ths: 4 },
    ],
  },
  nano3s: {
    label: 'Avalon Nano 3S',
    modeCommand: 'workmode',
    levels: [
      { id: 'eco', workmode: 0, powerW: 80, ths: 4 },
      { id: 'standard', workmode: 1, powerW: 110, ths: 5 },
      { id: 'super', workmode: 2, powerW: 140, ths: 6 },
    ],
  },
  mini3: {
    label: 'Avalon Mini 3',
    modeCommand: 'workmode',
    levels: [
      { id: 'eco', workmode: 0, powerW: 500, ths: 25 },
      { id: 'standard', workmode: 1, powerW: 650, ths: 31.5 },
      { id: 'super', workmode: 2, powerW: 800, ths: 37.5 },
    ],
  },
  q: {
    label: 'Avalon Q',
    modeCommand: 'workmode',
    levels: [
      { id: 'eco', workmode: 0, powerW: 800, ths: 45 },
      { id: 'standard', workmode: 1, powerW: 1300, ths: 72 },
      { id: 'super', workmode: 2, powerW: 1674, ths: 90 },
    ],
  },
};

/** The model from a `version` row: `MODEL` Nano3s / nano3 / Q, `PROD`, or SWTYPE MM318 (Nano 3). */
export function detectModel(row: Record<string, unknown>): AvalonModel | undefined {
  const model = String(row.MODEL ?? '').trim();
  const prod = String(row.PROD ?? '');
  const all = `${model} ${prod}`;
  if (/nano\s*3\s*s/i.test(all)) return 'nano3s';
  if (/mini\s*3/i.test(all)) return 'mini3';
  if (/^q$/i.test(model) || /avalon\s+q\b/i.test(prod)) return 'q';
  if (/nano\s*3/i.test(all) || /^MM318/.test(String(row.SWTYPE ?? ''))) return 'nano3';
  return undefined;
}

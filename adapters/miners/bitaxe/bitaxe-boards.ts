import type { Level } from '../../../src/core/types.js';

/** A Bitaxe operating point: the level plus the ASIC frequency (MHz) and core voltage (mV) it needs. */
export interface BitaxeLevel extends Level {
  frequencyMHz: number;
  coreVoltageMV: number;
}

/** Boards with built-in default levels. */
export const BOARD_NAMES = ['ultra', 'supra', 'gamma', 'gamma-turbo'] as const;
/** One of the boards with built-in default levels. */
export type BoardName = (typeof BOARD_NAMES)[number];

interface Board {
  asic: string;
  chips: number;
  /** Small cores per chip: expected hashrate (GH/s) = MHz × small cores × chips / 1000. */
  smallCores: number;
  stock: { frequencyMHz: number; coreVoltageMV: number; powerW: number };
  eco: { frequencyMHz: number; coreVoltageMV: number };
}

// Stock frequency/voltage and core counts: ESP-Miner device_config.h; power at stock: typical values
// from reference/economics.md §5 (Ultra 12–15 W, Supra ~12 W, Gamma 18–22 W, GT 36–40 W). `eco` is
// the lowest frequency and voltage offered in AxeOS for the chip.
const BOARDS: Record<BoardName, Board> = {
  ultra: {
    asic: 'BM1366',
    chips: 1,
    smallCores: 894,
    stock: { frequencyMHz: 485, coreVoltageMV: 1200, powerW: 13 },
    eco: { frequencyMHz: 400, coreVoltageMV: 1100 },
  },
  supra: {
    asic: 'BM1368',
    chips: 1,
    smallCores: 1276,
    stock: { frequencyMHz: 490, coreVoltageMV: 1166, powerW: 12 },
    eco: { frequencyMHz: 400, coreVoltageMV: 1100 },
  },
  gamma: {
    asic: 'BM1370',
    chips: 1,
    smallCores: 2040,
    stock: { frequencyMHz: 525, coreVoltageMV: 1150, powerW: 20 },
    eco: { frequencyMHz: 400, coreVoltageMV: 1000 },
  },
  'gamma-turbo': {
    asic: 'BM1370',
    chips: 2,
    smallCores: 2040,
    stock: { frequencyMHz: 525, coreVoltageMV: 1150, powerW: 38 },
    eco: { frequencyMHz: 400, coreVoltageMV: 1000 },
  },
};

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A level at `frequencyMHz`/`coreVoltageMV` on `board`: power ∝ f·V² from stock, hashrate from the core count. */
export function boardLevel(
  board: BoardName,
  id: string,
  setting: { frequencyMHz: number; coreVoltageMV: number },
): BitaxeLevel {
  const b = BOARDS[board];
  const scale =
    (setting.frequencyMHz / b.stock.frequencyMHz) * (setting.coreVoltageMV / b.stock.coreVoltageMV) ** 2;
  return {
    id,
    powerW: round(b.stock.powerW * scale, 1),
    ths: round((setting.frequencyMHz * b.smallCores * b.chips) / 1e6, 3),
    ...setting,
  };
}

/** The built-in levels of a board: `eco` (lowest frequency and voltage) and `stock`. */
export function boardLevels(board: BoardName): BitaxeLevel[] {
  return [boardLevel(board, 'eco', BOARDS[board].eco), boardLevel(board, 'stock', BOARDS[board].stock)];
}

/** The board an AxeOS device describes (`ASICModel`, `boardVersion` 8xx = Gamma Turbo), if one we know. */
export function detectBoard(info: { ASICModel?: string; boardVersion?: string }): BoardName | undefined {
  if (info.ASICModel === 'BM1370') return info.boardVersion?.startsWith('8') ? 'gamma-turbo' : 'gamma';
  return BOARD_NAMES.find((name) => BOARDS[name].asic === info.ASICModel);
}

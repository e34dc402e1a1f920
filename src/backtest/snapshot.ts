import type { MinerStatus, PriceSlot, Reading, Snapshot } from '../core/types.js';
import type { BacktestWorld } from './world.js';

/** Price slots of the whole period, built once and sliced per step. */
export interface PriceBook {
  import: PriceSlot[];
  export: PriceSlot[];
}

/** Every step as an import and an export price slot. */
export function priceBook(world: BacktestWorld): PriceBook {
  const f = world.frames;
  const slots = (prices: Float64Array) =>
    Array.from(prices, (perKWh, i) => ({ start: f.start[i]!, end: f.start[i]! + f.stepMs, perKWh }));
  return { import: slots(f.importPerKWh), export: slots(f.exportPerKWh) };
}

/**
 * The snapshot the live agent would have seen at step `i`: readings stamped now, the room as
 * simulated, the grid meter (house load or import − PV + the miners' draw) when PV/load data exist, only
 * the prices published by then (from yesterday to `knownUntil`), and the config's static grid events.
 */
export function backtestSnapshot(
  world: BacktestWorld,
  book: PriceBook,
  state: { i: number; roomC: number; levels: readonly number[] },
): Snapshot {
  const f = world.frames;
  const { i } = state;
  const now = f.start[i]!;
  const reading = (value: number): Reading<number> => ({ value, at: now, source: 'backtest' });
  const scalars: Record<string, Reading<number>> = {
    hashprice: reading(f.hashprice[i]!),
    'outdoor.tempC': reading(f.outdoorC[i]!),
    [`zone.${world.bc.backtest.house.zone}.tempC`]: reading(state.roomC),
  };
  const miners: Record<string, MinerStatus> = {};
  let drawW = 0;
  world.miners.forEach((m, k) => {
    const level = m.levels[state.levels[k]!]!;
    drawW += level.powerW;
    miners[m.id] = {
      reachable: true,
      running: level.id !== 'off',
      levelId: level.id,
      powerW: level.powerW,
      ths: level.ths,
      at: now,
    };
  });
  if (Number.isFinite(f.netLoadW[i]!)) scalars['grid.powerW'] = reading(f.netLoadW[i]! + drawW);
  const stepsPerDay = Math.round(86_400_000 / f.stepMs);
  const first = Math.max(0, i - stepsPerDay);
  const last = Math.min(f.start.length, i + Math.ceil((f.knownUntil[i]! - now) / f.stepMs));
  const series: Snapshot['series'] = {
    'price.import': { value: book.import.slice(first, last), at: now, source: 'backtest' },
    'price.export': { value: book.export.slice(first, last), at: now, source: 'backtest' },
  };
  const snapshot: Snapshot = {
    now,
    local: f.local[i]!,
    scalars,
    series,
    miners,
    overrides: {},
    zoneTargetsC: {},
  };
  const sources = Object.entries(f.events);
  if (sources.length > 0)
    snapshot.events = Object.fromEntries(sources.map(([id, value]) => [id, { value, at: now, source: id }]));
  return snapshot;
}

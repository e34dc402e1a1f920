import type { MinerModel } from './model.js';

/** Price per kWh below which a level's mining revenue pays for its power: hashprice·TH/s·(1 − fee) / (24·kW). NaN at 0 W. */
export function breakEvenPerKWh(input: {
  hashprice: number;
  ths: number;
  poolFee: number;
  powerW: number;
}): number {
  if (input.powerW <= 0) return Number.NaN;
  return (input.hashprice * input.ths * (1 - input.poolFee)) / (24 * (input.powerW / 1000));
}

/** A miner's break-even price per kWh: the highest over its running levels (its most efficient one); undefined without levels. */
export function minerBreakEvenPerKWh(miner: MinerModel, hashprice: number): number | undefined {
  let best: number | undefined;
  for (const level of miner.levels) {
    if (level.powerW <= 0) continue;
    const value = breakEvenPerKWh({
      hashprice,
      ths: level.ths,
      poolFee: miner.poolFee,
      powerW: level.powerW,
    });
    if (best === undefined || value > best) best = value;
  }
  return best;
}

/** Satoshis per bitcoin. */
export const SATS_PER_BTC = 100_000_000;
/** Blocks between halvings. */
export const HALVING_INTERVAL = 210_000;

/** Block subsidy (BTC) of the block at `height`: 50 BTC halved every 210,000 blocks, in whole satoshis. */
export function btcSubsidy(height: number): number {
  const halvings = Math.floor(height / HALVING_INTERVAL);
  // Integer halving as Bitcoin Core does it; Math.floor instead of >> because shifts wrap at 32.
  return halvings >= 64 ? 0 : Math.floor((50 * SATS_PER_BTC) / 2 ** halvings) / SATS_PER_BTC;
}

/**
 * BTC earned per TH/s per day from difficulty (economics.md §1.1, never network hashrate):
 * 86400 · 1e12 · (subsidy + fees) / (difficulty · 2^32).
 */
export function btcHashvaluePerThsDay(difficulty: number, rewardBtc: number): number {
  return (86_400 * 1e12 * rewardBtc) / (difficulty * 2 ** 32);
}

/** Hashprice in currency per TH/s per day: hashvalue × BTC price. */
export function btcHashprice(input: { difficulty: number; rewardBtc: number; price: number }): number {
  return btcHashvaluePerThsDay(input.difficulty, input.rewardBtc) * input.price;
}

/**
 * Monero (RandomX) revenue in currency per TH/s per day (economics.md §4): a hash wins a block with
 * probability 1/difficulty, so 86400 · 1e12 · reward / difficulty · price. The project counts RandomX
 * hashrate in TH/s too, so a 15 kH/s CPU is 1.5e-8 TH/s; per kH/s per day is this value / 1e9.
 */
export function xmrHashprice(input: { difficulty: number; rewardXmr: number; price: number }): number {
  return ((86_400 * 1e12 * input.rewardXmr) / input.difficulty) * input.price;
}

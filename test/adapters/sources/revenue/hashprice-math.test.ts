import { describe, expect, it } from 'vitest';
import {
  btcHashprice,
  btcSubsidy,
  xmrHashprice,
} from '../../../../adapters/sources/revenue/hashprice-math.js';

describe('hashprice math', () => {
  it('matches the published late-2025 value: D 1.4826e14, 3.145 BTC per block, 87,500 USD → ~0.0373 USD/TH/s/day', () => {
    const value = btcHashprice({ difficulty: 1.4826e14, rewardBtc: 3.145, price: 87_500 });
    expect(value).toBeCloseTo(0.0373, 4);
    expect(value * 1000).toBeCloseTo(37.3, 1); // per PH/s per day
  });

  it('halves the subsidy every 210,000 blocks, in whole satoshis, down to zero', () => {
    expect(btcSubsidy(0)).toBe(50);
    expect(btcSubsidy(839_999)).toBe(6.25);
    expect(btcSubsidy(840_000)).toBe(3.125);
    expect(btcSubsidy(1_050_000)).toBe(1.5625);
    expect(btcSubsidy(10 * 210_000)).toBe(0.04882812);
    expect(btcSubsidy(33 * 210_000)).toBe(0);
    expect(btcSubsidy(64 * 210_000)).toBe(0);
  });

  it('prices RandomX per TH/s per day so that one kH/s earns ~7.9e-5 XMR/day at 5.5 GH/s', () => {
    const perThsDayXmr = xmrHashprice({ difficulty: 5.5e9 * 120, rewardXmr: 0.6, price: 1 });
    expect(perThsDayXmr / 1e9).toBeCloseTo(7.85e-5, 7);
  });
});

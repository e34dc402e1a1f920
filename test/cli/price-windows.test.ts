import { describe, expect, it } from 'vitest';
import { breakEvenPerKWh, cheapestWindow, priceRange, windowPrice } from '../../src/cli/price-windows.js';

const H = 3_600_000;
const slots = [0.3, 0.1, 0.2, 0.05, 0.4].map((perKWh, i) => ({ start: i * H, end: (i + 1) * H, perKWh }));

describe('price windows', () => {
  it('time-weights a window that starts inside a slot', () => {
    expect(windowPrice(slots, 0.5 * H, H)).toBeCloseTo(0.2, 9);
    expect(windowPrice(slots, 4.5 * H, H)).toBeUndefined();
  });

  it('finds the cheapest window ahead of now and never bridges a gap', () => {
    expect(cheapestWindow(slots, 0.25 * H, H)).toEqual({ start: 3 * H, end: 4 * H, perKWh: 0.05 });
    expect(cheapestWindow(slots, 0, 2 * H)).toEqual({ start: 2 * H, end: 4 * H, perKWh: 0.125 });
    const gappy = slots.filter((_, i) => i !== 2);
    expect(cheapestWindow(gappy, 0, 2 * H)).toEqual({ start: 0, end: 2 * H, perKWh: 0.2 });
    expect(cheapestWindow(slots, 0, 6 * H)).toBeUndefined();
  });

  it('reports min/max and break-even prices', () => {
    expect(priceRange(slots)).toEqual({ min: slots[3], max: slots[4] });
    // Nano 3S high: 6 TH/s, 140 W, 2 % fee, hashprice 0.0373 → ≈ 0.0653 per kWh.
    expect(breakEvenPerKWh({ hashprice: 0.0373, ths: 6, poolFee: 0.02, powerW: 140 })).toBeCloseTo(
      0.065275,
      6,
    );
  });
});

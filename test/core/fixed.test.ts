import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/core/fixed.js';

/** A seeded generator (xorshift32), so a failure names a value that reproduces. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
}

/** The doubles next to `x` (a few ulps each way): where a rounding shortcut would first go wrong. */
function around(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  for (let step = -3; step <= 3; step++) {
    view.setFloat64(0, x);
    view.setBigInt64(0, view.getBigInt64(0) + BigInt(step));
    out.push(view.getFloat64(0));
  }
  return out;
}

describe('fixed: toFixed(1 or 2) without the call into C++', () => {
  it('gives toFixed’s string for values of every size and sign', () => {
    const next = numbers(20261206);
    for (let i = 0; i < 50_000; i++) {
      const magnitude = 10 ** (next() * 12 - 6); // 1e-6 … 1e6 and a little beyond
      const value = (next() < 0.5 ? -1 : 1) * magnitude;
      for (const digits of [1, 2] as const)
        expect(fixed(value, digits), `${value}`).toBe(value.toFixed(digits));
    }
  });

  it('gives toFixed’s string at and next to every tie, where rounding the scaled value could go the other way', () => {
    for (const digits of [1, 2] as const) {
      const scale = digits === 1 ? 10 : 100;
      for (let k = 0; k < 3000; k++) {
        for (const tie of [(k + 0.5) / scale, -(k + 0.5) / scale, (k * 337 + 0.5) / scale]) {
          for (const value of around(tie))
            expect(fixed(value, digits), `${value}`).toBe(value.toFixed(digits));
        }
      }
    }
  });

  it('gives toFixed’s string for the known awkward decimals and the edges', () => {
    const values = [
      0,
      -0,
      0.05,
      -0.05,
      0.15,
      0.25,
      0.35,
      1.005,
      1.45,
      2.675,
      8.345,
      -0.04,
      -0.004,
      0.04999999999999999,
      99.95,
      999_999.95,
      1e6,
      -1e6,
      1e21,
      1e-20,
      -1e-20,
      Number.MIN_VALUE,
      Number.MAX_VALUE,
      NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ];
    for (const value of values)
      for (const digits of [1, 2] as const)
        expect(fixed(value, digits), `${value}`).toBe(value.toFixed(digits));
  });
});

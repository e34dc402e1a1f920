import { describe, expect, it } from 'vitest';
import { curvePercent, type SpeedCurve, speedWant } from '../../src/core/follower-speed.js';

const curve: SpeedCurve = {
  points: [
    [40, 20],
    [60, 60],
    [80, 100],
  ],
  hysteresisK: 3,
};

describe('a speed curve', () => {
  it('is linear between its points and flat beyond its ends', () => {
    expect(curvePercent(curve.points, 30)).toBe(20);
    expect(curvePercent(curve.points, 50)).toBe(40);
    expect(curvePercent(curve.points, 70)).toBe(80);
    expect(curvePercent(curve.points, 95)).toBe(100);
  });

  it('goes up at once, down only once the temperature fell by the hysteresis', () => {
    expect(speedWant(curve, 60, 40)).toEqual({ percent: 60, reason: '60 % at 60.0 °C' });
    // 58.5 °C: the curve says 57 %, but 58.5 + 3 K is still above 60 °C: hold 60 %.
    expect(speedWant(curve, 58.5, 60).percent).toBe(60);
    // 55 °C: 55 + 3 K = 58 °C → 56 %.
    expect(speedWant(curve, 55, 60).percent).toBe(56);
    // No speed sent yet: the curve itself.
    expect(speedWant(curve, 55).percent).toBe(50);
  });

  it('runs at the top speed when the temperature is unknown', () => {
    expect(speedWant(curve, undefined, 20)).toEqual({ percent: 100, reason: '100 %: temperature unknown' });
  });
});

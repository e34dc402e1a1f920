import { describe, expect, it } from 'vitest';
import { dailyDrawOffKWh, drawOffKWhIn, drawOffW, tankModelOf } from '../../src/core/tank.js';
import { CYLINDER_200L } from '../fakes/cylinder.js';

const tank = tankModelOf(CYLINDER_200L);

describe('tank model', () => {
  it('holds 4.186 kJ/(kg·K) per litre: 200 L = 0.2326 kWh/K', () => {
    expect(tank.capacityKWhPerK).toBeCloseTo((200 * 4.186) / 3600, 12);
  });

  // EN 16147 / EU 812/2013 Annex VII Table 1, profile M: 23 tappings, 5.845 kWh a day.
  it('has the EN 16147 M profile: 5.845 kWh a day, showers at 07:05 and 21:30', () => {
    expect(tank.drawOff).toHaveLength(23);
    expect(dailyDrawOffKWh(tank.drawOff)).toBeCloseTo(5.845, 12);
    expect(drawOffKWhIn(tank.drawOff, 7 * 60, 15)).toBeCloseTo(0.105 + 1.4, 12);
    expect(drawOffKWhIn(tank.drawOff, 21 * 60 + 30, 15)).toBeCloseTo(1.4, 12);
    expect(drawOffKWhIn(tank.drawOff, 0, 6 * 60)).toBe(0);
  });

  it('wraps at midnight and counts whole days', () => {
    // 21:00 for 12 h: 21:15 and 21:30 tonight, then 07:00 … 08:45 tomorrow (before 09:00).
    expect(drawOffKWhIn(tank.drawOff, 21 * 60, 12 * 60)).toBeCloseTo(
      0.105 + 1.4 + 0.105 + 1.4 + 5 * 0.105,
      12,
    );
    expect(drawOffKWhIn(tank.drawOff, 600, 2 * 1440 + 60)).toBeCloseTo(2 * 5.845 + 0.105, 12);
    // Mean power over a slot: 1.505 kWh in a quarter hour = 6020 W.
    expect(drawOffW(tank.drawOff, 7 * 60, 15)).toBeCloseTo(6020, 9);
  });
});

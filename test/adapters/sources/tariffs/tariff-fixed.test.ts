import { describe, expect, it } from 'vitest';
import { fixedTariff } from '../../../../adapters/sources/tariffs/tariff-fixed.js';
import { touTariff } from '../../../../adapters/sources/tariffs/tariff-tou.js';
import { local, makeSource, pollSeries } from './tariff-harness.js';

describe('retail composition on fixed and time-of-use tariffs', () => {
  it('leaves a plain fixed price alone and composes net price + charges + tax', async () => {
    const now = local('2024-03-31T12:00');
    const plain = await pollSeries(makeSource(fixedTariff, { type: 'fixed', perKWh: 0.3 }, { now }).source);
    expect(plain.every((s) => s.perKWh === 0.3)).toBe(true);
    const composed = await pollSeries(
      makeSource(fixedTariff, { type: 'fixed', perKWh: 0.1, charges: 0.15, tax: 0.2 }, { now }).source,
    );
    expect(composed[0]!.perKWh).toBe(0.3);
    // Yesterday + the 23-hour DST day + tomorrow.
    expect(composed).toHaveLength(24 + 23 + 24);
  });

  it('composes each time-of-use period', async () => {
    const raw = {
      type: 'time-of-use',
      defaultPerKWh: 0.2,
      periods: [{ from: '22:00', to: '06:00', perKWh: 0.1 }],
      tax: 0.5,
    };
    const slots = await pollSeries(makeSource(touTariff, raw, { now: local('2024-10-27T12:00') }).source);
    const at = (iso: string) => slots.find((s) => s.start === local(iso))!.perKWh;
    expect(at('2024-10-27T23:00')).toBeCloseTo(0.15, 9);
    expect(at('2024-10-27T12:00')).toBeCloseTo(0.3, 9);
  });
});

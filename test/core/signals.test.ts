import { describe, expect, it } from 'vitest';
import { priceNow, scalar } from '../../src/core/signals.js';
import { flatSeries, makeModel, makeSnapshot, reading } from '../fakes/world.js';

const NOW = Date.UTC(2025, 0, 15, 11);
const MINUTE = 60_000;

describe('signal lookups answer from the reading as it is now', () => {
  it('a reading changed in place, or replaced, between two lookups of one tick gives the new answer', () => {
    const model = makeModel();
    const snap = makeSnapshot({ now: NOW });
    snap.scalars['grid.powerW'] = reading(500, NOW);
    expect(scalar(snap, model, 'grid.powerW')).toEqual({ ok: true, value: 500, at: NOW });
    snap.scalars['grid.powerW']!.value = -800;
    expect(scalar(snap, model, 'grid.powerW')).toEqual({ ok: true, value: -800, at: NOW });
    snap.scalars['grid.powerW']!.at = NOW - 10 * MINUTE;
    expect(scalar(snap, model, 'grid.powerW')).toEqual({
      ok: false,
      why: 'grid.powerW is stale (10 min old)',
    });
    snap.scalars['grid.powerW'] = reading(42, NOW);
    expect(scalar(snap, model, 'grid.powerW')).toMatchObject({ ok: true, value: 42 });
  });

  it('one reading object under two keys, or under two models, is judged by each key’s and model’s max age', () => {
    const shared = reading(7, NOW - 20 * MINUTE);
    const snap = makeSnapshot({ now: NOW });
    snap.scalars['grid.powerW'] = shared; // grid readings: 2 min
    snap.scalars['outdoor.tempC'] = shared; // outdoor: 3 h
    const model = makeModel();
    expect(scalar(snap, model, 'grid.powerW').ok).toBe(false);
    expect(scalar(snap, model, 'outdoor.tempC').ok).toBe(true);
    const lenient = makeModel({ maxAgeMs: { ...model.maxAgeMs, grid: 60 * MINUTE } });
    expect(scalar(snap, lenient, 'grid.powerW').ok).toBe(true);
    expect(scalar(snap, model, 'grid.powerW').ok).toBe(false);
  });

  it('the price now follows the tick: the same series read at a later moment finds that moment’s slot', () => {
    const model = makeModel();
    const series = flatSeries(NOW, 0.2);
    series.value = series.value.map((slot, i) => ({ ...slot, perKWh: i / 100 }));
    const at = (now: number) =>
      priceNow({ ...makeSnapshot({ now }), series: { 'price.import': series } }, model, 'price.import');
    const first = at(NOW);
    const later = at(NOW + 3 * 3_600_000);
    expect(first.ok && later.ok && later.value - first.value).toBeCloseTo(0.03, 10);
  });
});

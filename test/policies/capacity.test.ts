import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { Snapshot } from '../../src/core/types.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

const model = makeModel({
  miners: [nanoMiner()],
  capacity: { windowMs: 15 * MINUTE, perKWMonth: 4, minimumW: 0, marginW: 0 },
});
const window = { windowStartAt: NOON, windowEndAt: NOON + 15 * MINUTE, importedWh: 0, monthPeakW: 1000 };

function at(gridW: number | undefined, extra: Partial<Snapshot> = {}): Snapshot {
  const snap = makeSnapshot({ importPerKWh: 0.05, hashprice: HASHPRICE_2025, roomC: 19 });
  if (gridW !== undefined) snap.scalars['grid.powerW'] = reading(gridW, NOON);
  return { ...snap, capacity: window, ...extra };
}

describe('capacity policy (issue 18)', () => {
  it('runs at the highest level the month peak leaves room for, and says what the next one would cost', () => {
    // The house draws 950 W of a 1000 W peak: 50 W left, no level fits; at 900 W, low (80 W) does.
    const [off] = decide(at(950), model, emptyMemory()).decisions;
    expect(off).toMatchObject({ levelId: 'off', decidedBy: 'capacity' });
    expect(off?.reason).toBe(
      "staying off: high would raise this month's peak from 1.0 to 1.1 kW, costing 0.36 EUR",
    );
    const [low] = decide(at(900), model, emptyMemory()).decisions;
    expect(low).toMatchObject({ levelId: 'low', decidedBy: 'capacity' });
    expect(low?.ledger.find((r) => r.levelId === 'high')?.blockedBy).toMatch(/^capacity: high would raise/);
  });

  it('abstains without a fresh grid reading, and takes a raise the look-ahead plan found worth it', () => {
    const [blind] = decide(at(undefined), model, emptyMemory()).decisions;
    expect(blind?.abstentions).toContainEqual({
      policy: 'capacity',
      reason: "no grid.powerW reading: the month's peak cannot be watched",
      essential: false,
    });
    const plans = { nano: { plannedAt: NOON, expectedNetCost: -1, peakRaiseW: 50, slots: [] } };
    const [raised] = decide(at(950, { plans }), model, emptyMemory()).decisions;
    expect(raised?.ledger.find((r) => r.levelId === 'low')?.allowed).toBe(true);
    expect(raised?.ledger.find((r) => r.levelId === 'mid')?.allowed).toBe(false);
  });
});

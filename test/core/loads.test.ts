import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import { type LoadModel, type MinerModel, OFF } from '../../src/core/model.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

/** An S19-class power-target miner (Braiins OS) following surplus between 400 and 1000 W in 50 W steps. */
function garageMiner(overrides: Partial<MinerModel> = {}): MinerModel {
  return nanoMiner({
    id: 'garage',
    zoneId: undefined,
    priority: 10,
    levels: [OFF, { id: 'p400', powerW: 400, ths: 16 }, { id: 'p1000', powerW: 1000, ths: 36 }],
    continuous: { minW: 400, maxW: 1000, stepW: 50 },
    ...overrides,
  });
}

const car: LoadModel = { id: 'car', name: 'car', priority: 1 };

function snapshotWith(gridW: number, signals: Record<string, number>, at = NOON, signalsAt = at) {
  const snap = makeSnapshot({ now: at, importPerKWh: 0.3, exportPerKWh: 0, hashprice: HASHPRICE_2025 });
  snap.scalars['grid.powerW'] = reading(gridW, at);
  for (const [key, value] of Object.entries(signals)) snap.scalars[key] = reading(value, signalsAt);
  return snap;
}

describe('external loads share the surplus (issue 19)', () => {
  it('a load ahead of the miner keeps its unmet want out of the surplus and the decision says so', () => {
    const model = makeModel({ miners: [garageMiner()], zones: [], loads: [car] });
    // 2 kW exported, the car draws nothing yet and wants 1.4 kW.
    const snap = snapshotWith(-2000, { 'load.car.powerW': 0, 'load.car.wantsW': 1400 });
    const d = decide(snap, model, emptyMemory()).decisions[0]!;
    expect(d).toMatchObject({ levelId: 'w600', powerW: 600 });
    expect(d.reason).toContain('yielding 1.4 kW of surplus to car (priority 1)');
  });

  it('only the unmet part counts: what the load draws is already in the grid reading', () => {
    const model = makeModel({ miners: [garageMiner()], zones: [], loads: [car] });
    // The car draws 1.4 kW of its 2 kW want; 1 kW is still exported.
    const snap = snapshotWith(-1000, { 'load.car.powerW': 1400, 'load.car.wantsW': 2000 });
    const d = decide(snap, model, emptyMemory()).decisions[0]!;
    expect(d).toMatchObject({ powerW: 400 });
    expect(d.reason).toContain('yielding 0.6 kW of surplus to car (priority 1)');
  });

  it('a satisfied load, or one after the miners, leaves the miner the whole surplus without a note', () => {
    const full = makeModel({ miners: [garageMiner()], zones: [], loads: [car] });
    const satisfied = snapshotWith(-1000, { 'load.car.powerW': 0, 'load.car.wantsW': 0 });
    const d1 = decide(satisfied, full, emptyMemory()).decisions[0]!;
    expect(d1).toMatchObject({ powerW: 1000 });
    expect(d1.reason).not.toContain('yielding');
    const after = makeModel({ miners: [garageMiner()], zones: [], loads: [{ ...car, priority: 10 }] });
    const wanting = snapshotWith(-1000, { 'load.car.powerW': 0, 'load.car.wantsW': 3000 });
    expect(decide(wanting, after, emptyMemory()).decisions[0]).toMatchObject({ powerW: 1000 });
  });

  it('a stale load counts as wanting nothing, with a note', () => {
    const model = makeModel({ miners: [garageMiner()], zones: [], loads: [car] });
    const snap = snapshotWith(
      -1000,
      { 'load.car.powerW': 0, 'load.car.wantsW': 3000 },
      NOON,
      NOON - 10 * MINUTE,
    );
    const d = decide(snap, model, emptyMemory()).decisions[0]!;
    expect(d).toMatchObject({ powerW: 1000 });
    expect(d.abstentions).toContainEqual({
      policy: 'loads',
      reason: 'load.car.wantsW is stale (10 min old): car counted as wanting nothing',
      essential: false,
    });
  });

  it('a load between two miners takes its share after the first and before the second', () => {
    const first = garageMiner({ id: 'first', priority: 1 });
    const second = garageMiner({ id: 'second', priority: 20 });
    const model = makeModel({ miners: [first, second], zones: [], loads: [{ ...car, priority: 5 }] });
    const snap = snapshotWith(-2500, { 'load.car.powerW': 0, 'load.car.wantsW': 1000 });
    const [a, b] = decide(snap, model, emptyMemory()).decisions;
    expect(a).toMatchObject({ powerW: 1000 });
    expect(a!.reason).not.toContain('yielding');
    expect(b).toMatchObject({ levelId: 'w500' });
    expect(b!.reason).toContain('yielding 1.0 kW of surplus to car (priority 5)');
  });
});

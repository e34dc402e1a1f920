import { describe, expect, it } from 'vitest';
import { sitePowerPolicy } from '../../policies/site-power.js';
import { decide } from '../../src/core/decide.js';
import type { Memory } from '../../src/core/memory.js';
import { OFF } from '../../src/core/model.js';
import { siteBudgetW } from '../../src/core/site-power.js';
import type { MinerStatus, Reading } from '../../src/core/types.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

// Near-free power: the ledger wants every miner at its top level; only the fuse limits them.
const garage = nanoMiner({
  id: 'garage',
  zoneId: undefined,
  priority: 10,
  levels: [OFF, { id: 'p1000', powerW: 1000, ths: 36 }, { id: 'p1400', powerW: 1400, ths: 48 }],
});
const shed = nanoMiner({
  id: 'shed',
  zoneId: undefined,
  priority: 20,
  levels: [OFF, { id: 'p400', powerW: 400, ths: 16 }, { id: 'p700', powerW: 700, ths: 26 }],
});

function run(options: {
  maxW?: number;
  scalars: Record<string, Reading<number>>;
  miners?: Record<string, MinerStatus>;
  memory?: Memory;
}) {
  const model = makeModel({ miners: [garage, shed], zones: [], siteMaxPowerW: options.maxW ?? 3600 });
  const snapshot = makeSnapshot({
    importPerKWh: 0.01,
    hashprice: HASHPRICE_2025,
    scalars: options.scalars,
    miners: options.miners ?? {},
  });
  const result = decide(snapshot, model, options.memory ?? { miners: {} });
  return Object.fromEntries(result.decisions.map((d) => [d.minerId, d]));
}

describe('site power cap (fuse protection)', () => {
  const cases = [
    { name: 'house 1500 W of 3600: garage 1400, shed 700', grid: 1500, garage: 'p1400', shed: 'p700' },
    { name: 'house 2000 W: garage 1400, 200 W left → shed off', grid: 2000, garage: 'p1400', shed: 'off' },
    {
      name: 'house 2300 W: garage steps to 1000, shed 300 W left → off',
      grid: 2300,
      garage: 'p1000',
      shed: 'off',
    },
    { name: 'house 1700 W: garage 1400, shed 500 W left → p400', grid: 1700, garage: 'p1400', shed: 'p400' },
    { name: 'house 3500 W: both off', grid: 3500, garage: 'off', shed: 'off' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = run({ scalars: { 'grid.powerW': reading(c.grid, NOON) } });
      expect([d.garage?.levelId, d.shed?.levelId]).toEqual([c.garage, c.shed]);
    });
  }

  it('shares a binding limit by value per W, not first come first served', () => {
    // Two miners of one priority at near-free power. `first` is the more efficient at its top level,
    // so it comes first in allocation order and would take its 2 kW (60 TH/s) and leave nothing for
    // `second`; 1 kW each hashes 36 + 28 = 64 TH/s.
    const first = nanoMiner({
      id: 'first',
      zoneId: undefined,
      levels: [OFF, { id: 'p1000', powerW: 1000, ths: 36 }, { id: 'p2000', powerW: 2000, ths: 60 }],
    });
    const second = nanoMiner({
      id: 'second',
      zoneId: undefined,
      levels: [OFF, { id: 'p1000', powerW: 1000, ths: 28 }],
    });
    const decideAt = (maxW: number) => {
      const model = makeModel({ miners: [first, second], zones: [], siteMaxPowerW: maxW });
      const snapshot = makeSnapshot({
        importPerKWh: 0.01,
        hashprice: HASHPRICE_2025,
        scalars: { 'grid.powerW': reading(0, NOON) },
      });
      return decide(snapshot, model, { miners: {} }).decisions;
    };
    const [a, b] = decideAt(2000);
    expect([a!.levelId, b!.levelId]).toEqual(['p1000', 'p1000']);
    expect(a!.ledger.find((r) => r.levelId === 'p2000')?.blockedBy).toBe(
      'site-power: the site limit of 2000 W, shared by value per W, gives this miner 1000 W',
    );
    // A limit that does not bind changes nothing.
    expect(decideAt(3000).map((d) => d.levelId)).toEqual(['p2000', 'p1000']);
  });

  it('subtracts what running miners draw now from the measured import', () => {
    // Grid 3000 W with the garage drawing 1400 W: the house itself uses 1600 W.
    const miners = { garage: { reachable: true, running: true, levelId: 'p1400', powerW: 1400, at: NOON } };
    const memory: Memory = {
      miners: { garage: { levelId: 'p1400', startsDate: '2025-01-15', startsToday: 1 } },
    };
    const d = run({ scalars: { 'grid.powerW': reading(3000, NOON) }, miners, memory });
    expect([d.garage?.levelId, d.shed?.levelId]).toEqual(['p1400', 'p400']);
    expect(d.shed?.ledger.find((r) => r.levelId === 'p700')?.blockedBy).toBe(
      'site-power: the site limit of 3600 W leaves 600 W for this miner',
    );
  });

  it('counts PV production as house load, so a passing cloud cannot blow the fuse', () => {
    // Exporting 1000 W while PV makes 3000 W: the house uses 2000 W.
    const d = run({ scalars: { 'grid.powerW': reading(-1000, NOON), 'pv.powerW': reading(3000, NOON) } });
    expect([d.garage?.levelId, d.shed?.levelId]).toEqual(['p1400', 'off']);
  });

  it('without a fresh grid reading it caps the miners alone and says so', () => {
    const d = run({ maxW: 1800, scalars: { 'grid.powerW': reading(0, NOON - 10 * MINUTE) } });
    expect([d.garage?.levelId, d.shed?.levelId]).toEqual(['p1400', 'p400']);
    expect(d.garage?.abstentions).toContainEqual({
      policy: 'site-power',
      reason: 'grid.powerW is stale (10 min old): the site limit of 1800 W counts the miners only',
      essential: false,
    });
  });

  it('a manual override cannot exceed the limit', () => {
    const model = makeModel({ miners: [garage], zones: [], siteMaxPowerW: 2000 });
    const snapshot = makeSnapshot({
      importPerKWh: 0.5,
      hashprice: HASHPRICE_2025,
      scalars: { 'grid.powerW': reading(800, NOON) },
    });
    // Capped to the highest level the fuse allows, not dropped back to auto (which would say off here).
    snapshot.overrides = { garage: { levelId: 'p1400', source: 'test' } };
    const capped = decide(snapshot, model, { miners: {} }).decisions[0]!;
    expect(capped).toMatchObject({ levelId: 'p1000', decidedBy: 'override', autoLevelId: 'off' });
    expect(capped.reason).toMatch(/^p1000: manual override to p1400 capped by site-power: /);
    snapshot.overrides = { garage: { levelId: 'p1000', source: 'test' } };
    expect(decide(snapshot, model, { miners: {} }).decisions[0]).toMatchObject({
      levelId: 'p1000',
      decidedBy: 'override',
    });
  });

  it('no limit configured → no budget and no constraint', () => {
    const snapshot = makeSnapshot({ scalars: { 'grid.powerW': reading(99_999, NOON) } });
    expect(siteBudgetW(snapshot, makeModel(), { miners: {} })).toBeUndefined();
    expect(sitePowerPolicy().evaluate(policyContext({ snapshot }))).toEqual({});
  });
});

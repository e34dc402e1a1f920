import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { MinerModel, Policy } from '../../src/core/model.js';
import { HASHPRICE_2025, HOUR, livingZone, makeModel, makeSnapshot, nanoMiner } from '../fakes/world.js';

const only = (result: ReturnType<typeof decide>) => result.decisions[0]!;

describe('decide: economics table', () => {
  const cases = [
    {
      name: 'negative import price → highest level, even without heat demand',
      snapshot: { importPerKWh: -0.05, hashprice: HASHPRICE_2025, roomC: 22 },
      level: 'high',
    },
    {
      name: 'heat wanted with a resistive alternative → runs at the top level at any price',
      snapshot: { importPerKWh: 0.4, hashprice: HASHPRICE_2025, roomC: 19 },
      level: 'high',
    },
    {
      name: 'no heat wanted at 0.30/kWh with late-2025 hashprice → off',
      snapshot: { importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 21.5 },
      level: 'off',
    },
    {
      name: 'near-free power and no heat wanted → mining alone pays',
      snapshot: { importPerKWh: 0.01, hashprice: HASHPRICE_2025, roomC: 21.5 },
      level: 'high',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = only(decide(makeSnapshot(c.snapshot), makeModel(), emptyMemory()));
      expect(d.levelId).toBe(c.level);
      expect(d.decidedBy).toBe('ledger');
      expect(d.ledger).toHaveLength(4);
    });
  }

  it('explains the choice in one sentence with the ledger terms', () => {
    const d = only(
      decide(
        makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 19 }),
        makeModel(),
        emptyMemory(),
      ),
    );
    expect(d.reason).toMatch(
      /^running at high: heat worth 4\.2 ct\/h \+ mining 0\.8 ct\/h beats power 4\.2 ct\/h$/,
    );
    const off = only(
      decide(
        makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 21.5 }),
        makeModel(),
        emptyMemory(),
      ),
    );
    expect(off.reason).toMatch(/^off: at \w+, power [\d.]+ ct\/h would exceed mining [\d.]+ ct\/h$/);
  });

  it('ledger rows hold revenue, heat credit, power cost and net per hour', () => {
    const d = only(
      decide(
        makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 19 }),
        makeModel(),
        emptyMemory(),
      ),
    );
    const high = d.ledger.find((r) => r.levelId === 'high')!;
    expect(high.revenuePerHour).toBeCloseTo((6 * HASHPRICE_2025 * 0.98) / 24, 9);
    expect(high.powerCostPerHour).toBeCloseTo(0.14 * 0.3, 9);
    expect(high.heatCreditPerHour).toBeCloseTo(0.14 * 0.3, 9);
    expect(high.netPerHour).toBeCloseTo(high.revenuePerHour, 9);
  });
});

describe('decide: heat pump with COP 3 runs only below the break-even price', () => {
  const model = makeModel({ zones: [livingZone({ heater: { type: 'heat-pump', cop: 3 } })] });
  // net_l = revenue_l + P_l·p/3 − P_l·p > 0  ⇔  p < 1.5 · revenue_l / P_l; the most efficient level (low, 20 J/TH) breaks even last.
  const breakEven = (ths: number, powerW: number) =>
    (1.5 * ((ths * HASHPRICE_2025 * 0.98) / 24)) / (powerW / 1000);
  const lowBreakEven = breakEven(4, 80);

  it.each([
    [lowBreakEven * 0.99, 'low'],
    [lowBreakEven * 1.01, 'off'],
    [lowBreakEven * 1.5, 'off'],
    [0, 'high'],
  ])('at %f EUR/kWh → %s', (price, level) => {
    const d = only(
      decide(
        makeSnapshot({ importPerKWh: price, hashprice: HASHPRICE_2025, roomC: 19 }),
        model,
        emptyMemory(),
      ),
    );
    expect(d.levelId).toBe(level);
  });
});

describe('decide: comfort', () => {
  it('never runs at or above the zone maximum, even at a negative price', () => {
    const d = only(
      decide(
        makeSnapshot({ importPerKWh: -0.2, hashprice: HASHPRICE_2025, roomC: 23.1 }),
        makeModel(),
        emptyMemory(),
      ),
    );
    expect(d.levelId).toBe('off');
    expect(d.reason).toContain('at or above its maximum 23 °C');
  });

  it('after a stop, waits until the room falls below max − band', () => {
    const model = makeModel();
    const snap = makeSnapshot({ importPerKWh: -0.2, hashprice: HASHPRICE_2025, roomC: 22.7 });
    expect(only(decide(snap, model, emptyMemory())).levelId).toBe('off');
    const running = { miners: { nano: { levelId: 'high', startsDate: '2025-01-15', startsToday: 1 } } };
    expect(only(decide(snap, model, running)).levelId).toBe('high');
  });

  it('counts only the heat the room loses when outdoor temperature and heat loss are known', () => {
    const model = makeModel({ zones: [livingZone({ heatLossWPerK: 10 })] });
    const snap = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 20 });
    snap.scalars['outdoor.tempC'] = { value: 15, at: snap.now, source: 'test' };
    const d = only(decide(snap, model, emptyMemory()));
    // 10 W/K × (21 − 15) K = 60 W wanted: every level gets 60 W of credit.
    for (const row of d.ledger.slice(1)) expect(row.heatCreditPerHour).toBeCloseTo(0.06 * 0.3, 9);
    expect(d.levelId).toBe('off');
  });

  it('counts the heat the gains leave wanted, and none at or above the heating limit', () => {
    const snap = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 20 });
    snap.scalars['outdoor.tempC'] = { value: 15, at: snap.now, source: 'test' };
    // 10 W/K × (21 − 15) K = 60 W, less 40 W of gains: 20 W of credit for every level.
    const withGains = makeModel({ zones: [livingZone({ heatLossWPerK: 10, gainsW: 40 })] });
    for (const row of only(decide(snap, withGains, emptyMemory())).ledger.slice(1))
      expect(row.heatCreditPerHour).toBeCloseTo(0.02 * 0.3, 9);
    const limited = makeModel({ zones: [livingZone({ heatLossWPerK: 10, heatingLimitC: 15 })] });
    for (const row of only(decide(snap, limited, emptyMemory())).ledger.slice(1))
      expect(row.heatCreditPerHour).toBe(0);
  });
});

describe('decide: stale and missing data', () => {
  it('a stale import price abstains with a reason and the configured fallback applies', () => {
    const snap = makeSnapshot({ importPerKWh: 0.1, hashprice: HASHPRICE_2025, roomC: 19 });
    snap.series['price.import']!.at = snap.now - 40 * HOUR;
    for (const [fallback, level] of [
      ['off', 'off'],
      ['lowest', 'low'],
    ] as const) {
      const model = makeModel({ miners: [nanoMiner({ staleFallback: fallback })] });
      const d = only(decide(snap, model, emptyMemory()));
      expect(d.levelId).toBe(level);
      expect(d.decidedBy).toBe('stale-fallback');
      expect(d.reason).toContain('price.import is stale');
      expect(d.abstentions.some((a) => a.policy === 'energy-cost' && a.essential)).toBe(true);
    }
    const hold = makeModel({ miners: [nanoMiner({ staleFallback: 'hold' })] });
    const memory = { miners: { nano: { levelId: 'mid', startsDate: '2025-01-15', startsToday: 1 } } };
    expect(only(decide(snap, hold, memory)).levelId).toBe('mid');
  });

  it('a missing hashprice counts revenue as 0 with a reason, without throwing', () => {
    const d = only(decide(makeSnapshot({ importPerKWh: 0.3, roomC: 21.5 }), makeModel(), emptyMemory()));
    expect(d.levelId).toBe('off');
    expect(d.abstentions).toContainEqual(
      expect.objectContaining({ policy: 'mining-revenue', essential: false }),
    );
  });

  it('an empty snapshot decides off with reasons instead of throwing', () => {
    const d = only(decide(makeSnapshot({}), makeModel(), emptyMemory()));
    expect(d.levelId).toBe('off');
    expect(d.abstentions.length).toBeGreaterThan(0);
  });

  it('a throwing policy becomes an essential abstention', () => {
    const broken = {
      name: 'broken',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const d = only(
      decide(makeSnapshot({ importPerKWh: 0.3, roomC: 19 }), makeModel({}, [broken]), emptyMemory()),
    );
    expect(d.decidedBy).toBe('stale-fallback');
    expect(d.reason).toContain('boom');
  });
});

describe('decide: overrides', () => {
  it('a manual override wins, and the ledger still shows what auto would do', () => {
    const snap = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      roomC: 21.5,
      overrides: { nano: { levelId: 'low', source: 'test' } },
    });
    const d = only(decide(snap, makeModel(), emptyMemory()));
    expect(d).toMatchObject({ levelId: 'low', decidedBy: 'override', autoLevelId: 'off' });
  });

  it('a safety limit caps an override to the highest level it allows, with both in the reason', () => {
    const chipLimit = {
      name: 'chip',
      evaluate: () => ({
        constraints: [
          {
            policy: 'safety',
            kind: 'forbid' as const,
            levelIds: ['mid', 'high'],
            reason: 'chip 88 °C',
            safety: true,
          },
        ],
      }),
    };
    const model = makeModel({}, [...makeModel().policies, chipLimit]);
    const snap = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      roomC: 19,
      overrides: { nano: { levelId: 'high', source: 'test' } },
    });
    const d = only(decide(snap, model, emptyMemory()));
    expect(d).toMatchObject({ levelId: 'low', decidedBy: 'override' });
    expect(d.reason).toBe('low: manual override to high capped by safety: chip 88 °C');
  });

  it('an expired override is ignored', () => {
    const snap = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 21.5 });
    snap.overrides = { nano: { levelId: 'high', until: snap.now - 1, source: 'test' } };
    expect(only(decide(snap, makeModel(), emptyMemory())).levelId).toBe('off');
  });
});

describe('decide: surplus', () => {
  it('power covered by surplus costs the export price, the rest the import price', () => {
    const snap = makeSnapshot({
      importPerKWh: 0.3,
      exportPerKWh: 0.08,
      hashprice: HASHPRICE_2025,
      roomC: 21.5,
    });
    snap.scalars['grid.powerW'] = { value: -100, at: snap.now, source: 'test' };
    const d = only(decide(snap, makeModel(), emptyMemory()));
    const high = d.ledger.find((r) => r.levelId === 'high')!;
    expect(high).toMatchObject({ surplusW: 100, gridW: 40 });
    expect(high.powerCostPerHour).toBeCloseTo(0.1 * 0.08 + 0.04 * 0.3, 9);
  });

  it('a running miner’s own draw counts as surplus it may keep', () => {
    const snap = makeSnapshot({ importPerKWh: 0.3, exportPerKWh: 0, hashprice: HASHPRICE_2025, roomC: 21.5 });
    snap.scalars['grid.powerW'] = { value: -10, at: snap.now, source: 'test' };
    snap.miners = { nano: { reachable: true, running: true, levelId: 'high', powerW: 140, at: snap.now } };
    const memory = { miners: { nano: { levelId: 'high', startsDate: '2025-01-15', startsToday: 1 } } };
    const d = only(decide(snap, makeModel(), memory));
    expect(d.ledger.find((r) => r.levelId === 'high')!.surplusW).toBe(140);
    expect(d.levelId).toBe('high');
  });
});

describe('decide: which policies each miner asks, in which order', () => {
  it('site-wide policies for every miner, own instances for their miner only, in config order, appliesTo once per model', () => {
    const asked: string[] = [];
    const appliesAsked: string[] = [];
    const recorder = (
      name: string,
      minerId?: string,
      appliesTo?: (miner: MinerModel) => boolean,
    ): Policy => ({
      name,
      ...(minerId === undefined ? {} : { minerId }),
      ...(appliesTo
        ? {
            appliesTo: (miner: MinerModel) => {
              appliesAsked.push(`${name}:${miner.id}`);
              return appliesTo(miner);
            },
          }
        : {}),
      evaluate: (ctx) => {
        asked.push(`${name}:${ctx.miner.id}`);
        return {};
      },
    });
    const model = makeModel(
      { miners: [nanoMiner({ id: 'a' }), nanoMiner({ id: 'b' }), nanoMiner({ id: 'c' })] },
      [
        recorder('site1'),
        recorder('ownB', 'b'),
        recorder('site2', undefined, (m) => m.id !== 'c'),
        recorder('ownA', 'a'),
        recorder('ownGone', 'nobody'),
        recorder('site3'),
      ],
    );
    const snapshot = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 21.5 });
    decide(snapshot, model, emptyMemory());
    const order = (id: string) => asked.filter((a) => a.endsWith(`:${id}`)).map((a) => a.split(':')[0]);
    expect(order('a')).toEqual(['site1', 'site2', 'ownA', 'site3']);
    expect(order('b')).toEqual(['site1', 'ownB', 'site2', 'site3']);
    expect(order('c')).toEqual(['site1', 'site3']);
    asked.length = 0;
    decide(snapshot, model, emptyMemory());
    expect(order('c')).toEqual(['site1', 'site3']);
    // Asked once per miner for the model, not again on the next tick.
    expect(appliesAsked).toEqual(['site2:a', 'site2:b', 'site2:c']);
  });
});

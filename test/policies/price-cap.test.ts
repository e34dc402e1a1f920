import { describe, expect, it } from 'vitest';
import { standardPolicies } from '../../policies/index.js';
import { priceCapPolicy } from '../../policies/price-cap.js';
import { quietHoursPolicy } from '../../policies/quiet-hours.js';
import type { PriceCapRule, QuietWindow } from '../../policies/rules.js';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { MinerModel } from '../../src/core/model.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, makeModel, makeSnapshot, nanoMiner } from '../fakes/world.js';

function decideWith(
  rule: PriceCapRule,
  snapshot: Parameters<typeof makeSnapshot>[0],
  quiet: QuietWindow[] = [],
  miner: Partial<MinerModel> = {},
) {
  // The house order: quiet hours (a limit) before the price cap (a rule).
  const policies = [...standardPolicies(), quietHoursPolicy(quiet), priceCapPolicy(rule)];
  const model = makeModel({ miners: [nanoMiner(miner)] }, policies);
  return decide(makeSnapshot({ hashprice: HASHPRICE_2025, ...snapshot }), model, emptyMemory()).decisions[0]!;
}

describe('price cap', () => {
  // A warm room (no heat wanted) so the ledger alone would switch off above ~2 ct/kWh, and a cold
  // one where it would run at any price: the rule must win both ways.
  const cases = [
    { name: 'below the cap → top level', price: 0.08, roomC: 22, rule: { maxPerKWh: 0.1 }, level: 'high' },
    { name: 'exactly at the cap → runs', price: 0.1, roomC: 22, rule: { maxPerKWh: 0.1 }, level: 'high' },
    {
      name: 'at the configured level',
      price: 0.08,
      roomC: 22,
      rule: { maxPerKWh: 0.1, levelId: 'low' },
      level: 'low',
    },
    {
      name: 'above the cap → off, though heat is wanted',
      price: 0.12,
      roomC: 18,
      rule: { maxPerKWh: 0.1 },
      level: 'off',
    },
    {
      name: 'a negative cap (run only when paid)',
      price: -0.01,
      roomC: 22,
      rule: { maxPerKWh: 0 },
      level: 'high',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = decideWith(c.rule, { importPerKWh: c.price, roomC: c.roomC });
      expect(d.levelId).toBe(c.level);
    });
  }

  it('says why in one sentence', () => {
    const on = decideWith({ maxPerKWh: 0.1 }, { importPerKWh: 0.08, roomC: 22 });
    expect(on).toMatchObject({
      decidedBy: 'price-cap',
      reason: 'high: import price 8.0 ct/kWh is at or below the cap of 10.0 ct/kWh',
    });
    const off = decideWith({ maxPerKWh: 0.1 }, { importPerKWh: 0.12, roomC: 18 });
    expect(off.reason).toBe('off: price-cap: import price 12.0 ct/kWh is above the cap of 10.0 ct/kWh');
  });

  it('without an import price it abstains essentially, so the stale fallback decides', () => {
    const d = decideWith({ maxPerKWh: 0.1 }, { roomC: 22 }, [], { staleFallback: 'lowest' });
    expect(d).toMatchObject({ levelId: 'low', decidedBy: 'stale-fallback' });
    expect(d.abstentions).toContainEqual({
      policy: 'price-cap',
      reason: 'price cap unknown: no price.import series',
      essential: true,
    });
  });

  it('a level the miner does not have: the rule is ignored and says so', () => {
    const ctx = policyContext({
      snapshot: makeSnapshot({ importPerKWh: 0.05 }),
    });
    const result = priceCapPolicy({ maxPerKWh: 0.1, levelId: 'turbo' }).evaluate(ctx);
    expect(result.constraints).toBeUndefined();
    expect(result.abstentions?.[0]?.reason).toMatch(
      /^level "turbo" is not one of nano's levels \(off, low, mid, high\)/,
    );
  });

  it('a forced level that another policy forbids steps down to the highest allowed one', () => {
    const quiet = [{ fromMin: 0, toMin: 0, maxLevelId: 'mid', label: 'all day' }];
    const d = decideWith({ maxPerKWh: 0.1 }, { importPerKWh: 0.08, roomC: 22 }, quiet);
    expect(d).toMatchObject({ levelId: 'mid', decidedBy: 'price-cap' });
    expect(d.reason).toBe(
      'mid: import price 8.0 ct/kWh is at or below the cap of 10.0 ct/kWh (capped, quiet-hours: quiet hours all day: at most mid (110 W))',
    );
  });

  it('when every running level is forbidden the force gives way', () => {
    const quiet = [{ fromMin: 0, toMin: 0, maxLevelId: 'off', label: 'all day' }];
    const d = decideWith({ maxPerKWh: 0.1 }, { importPerKWh: 0.08, roomC: 22 }, quiet);
    expect(d).toMatchObject({ levelId: 'off', decidedBy: 'ledger' });
    expect(d.reason).toBe('off: quiet-hours: quiet hours all day: off');
  });

  it('starting still respects the minimum off time (no flapping around the cap)', () => {
    const miner = nanoMiner({ guards: { ...nanoMiner().guards, minOffMs: 600_000 } });
    const model = makeModel({ miners: [miner] }, [...standardPolicies(), priceCapPolicy({ maxPerKWh: 0.1 })]);
    const snapshot = makeSnapshot({ importPerKWh: 0.08, hashprice: HASHPRICE_2025, roomC: 22 });
    const memory = {
      miners: {
        nano: {
          levelId: 'off',
          offSince: snapshot.now - 60_000,
          startsDate: snapshot.local.date,
          startsToday: 1,
        },
      },
    };
    const d = decide(snapshot, model, memory).decisions[0]!;
    expect(d).toMatchObject({ levelId: 'off', decidedBy: 'min-off-time' });
  });
});

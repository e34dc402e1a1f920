import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loader.js';
import { standardPolicies } from '../../policies/index.js';
import { minProfitPolicy } from '../../policies/min-profit.js';
import { priceCapPolicy } from '../../policies/price-cap.js';
import { buildModel } from '../../src/agent/build-model.js';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { Policy } from '../../src/core/policy.js';
import { makeModel, makeSnapshot } from '../fakes/world.js';

/**
 * Ten times the late-2025 hashprice, so the numbers read well: the Nano (2 % pool fee) earns
 * low 5.55, mid 7.22, high 8.33 ct/h. A warm room (22 °C, target 21) gives no heat credit.
 */
const HASHPRICE = 0.34;

function decideWith(importPerKWh: number, rules: Policy[]) {
  const model = makeModel({}, [...standardPolicies(), ...rules]);
  const snapshot = makeSnapshot({ importPerKWh, hashprice: HASHPRICE, roomC: 22 });
  return decide(snapshot, model, emptyMemory()).decisions[0]!;
}

describe('min-profit', () => {
  // At 30 ct/kWh: net low 3.15, mid 3.92, high 4.13 ct/h.
  it('without it the ledger runs at any positive net; with a margin above every level the miner stays off', () => {
    expect(decideWith(0.3, [])).toMatchObject({ levelId: 'high', decidedBy: 'ledger' });
    const d = decideWith(0.3, [minProfitPolicy(0.05)]);
    expect(d).toMatchObject({ levelId: 'off', decidedBy: 'ledger' });
    expect(d.reason).toBe('off: min-profit: earns less than 5.0 ct/h net');
    // The ledger's numbers stay as they are: the rule only forbids.
    expect(d.ledger.find((r) => r.levelId === 'high')?.netPerHour).toBeCloseTo(0.0413, 4);
  });

  it('forbids exactly the running levels below the margin, never off', () => {
    const d = decideWith(0.3, [minProfitPolicy(0.035)]);
    expect(d.ledger.map((r) => [r.levelId, r.allowed])).toEqual([
      ['off', true],
      ['low', false],
      ['mid', true],
      ['high', true],
    ]);
    expect(d.levelId).toBe('high');
  });

  it('caps a rule that forces a level earning less than the margin', () => {
    // At 50 ct/kWh: net low 1.55, mid 1.72, high 1.33 ct/h; the price cap forces high.
    const cap = priceCapPolicy({ maxPerKWh: 0.6 });
    expect(decideWith(0.5, [cap]).levelId).toBe('high');
    const d = decideWith(0.5, [cap, minProfitPolicy(0.015)]);
    expect(d).toMatchObject({ levelId: 'mid', decidedBy: 'price-cap' });
    expect(d.reason).toMatch(/\(capped, min-profit: earns less than 1\.5 ct\/h net\)$/);
  });

  it("is configured from a miner's policies: list through the registry, for that miner only", () => {
    const config = parseConfig(
      `
zones: [{ id: living, heater: { type: resistive } }]
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.34 } }
miners:
  - id: nano
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: mid, powerW: 110, ths: 5.2 }, { id: high, powerW: 140, ths: 6 }]
    poolFee: 0.02
    policies: [{ type: min-profit, marginPerHour: 0.05 }]
  - id: twin
    type: simulated
    zone: living
    levels: [{ id: low, powerW: 80, ths: 4 }, { id: mid, powerW: 110, ths: 5.2 }, { id: high, powerW: 140, ths: 6 }]
    poolFee: 0.02
`,
      {},
    );
    const model = buildModel(config, {});
    const snapshot = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE, roomC: 22 });
    const byId = Object.fromEntries(
      decide(snapshot, model, emptyMemory()).decisions.map((d) => [d.minerId, d]),
    );
    expect(byId.nano?.reason).toBe('off: min-profit: earns less than 5.0 ct/h net');
    // The twin, without the rule, wants high (the default enable delay holds the start back).
    expect(byId.twin).toMatchObject({ levelId: 'off', autoLevelId: 'high' });
  });
});

import { describe, expect, it } from 'vitest';
import { tankGuardPolicy } from '../../policies/tank-guard.js';
import { decide } from '../../src/core/decide.js';
import { OFF, type ZoneModel } from '../../src/core/model.js';
import { tankModelOf } from '../../src/core/tank.js';
import type { Reading } from '../../src/core/types.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

// A 300 L cylinder (config/example-tank.yaml): target 55 °C, stop at 60 °C, hard cut-off at 62 °C.
const cylinder: ZoneModel = {
  id: 'cylinder',
  name: 'Cylinder',
  targetC: 55,
  maxC: 60,
  bandC: 3,
  heater: { type: 'resistive' },
  tank: tankModelOf({
    volumeL: 300,
    standingLossWPerK: 2,
    ambientC: 15,
    minC: 50,
    highLimitC: 62,
    maxDeltaK: 10,
    coldWaterC: 10,
    tapC: 40,
    drawOff: 'en16147-M',
  }),
};
const hydro = nanoMiner({
  id: 'hydro',
  zoneId: 'cylinder',
  levels: [OFF, { id: 'eco', powerW: 900, ths: 30 }, { id: 'full', powerW: 1350, ths: 40 }],
});
const model = makeModel({ miners: [hydro], zones: [cylinder] });

function water(
  tempC: number | undefined,
  extra: Record<string, number> = {},
): Record<string, Reading<number>> {
  const scalars: Record<string, Reading<number>> = {};
  if (tempC !== undefined) scalars['zone.cylinder.tempC'] = reading(tempC, NOON);
  for (const [k, v] of Object.entries(extra)) scalars[k] = reading(v, NOON);
  return scalars;
}

function evaluate(scalars: Record<string, Reading<number>>, levelId = 'off') {
  const snapshot = makeSnapshot({ scalars });
  return tankGuardPolicy().evaluate(policyContext({ snapshot, model, miner: hydro, memory: { levelId } }));
}

describe('tank-guard policy', () => {
  it('stops every level at or above the high limit, as a safety forbid', () => {
    expect(evaluate(water(64)).constraints).toEqual([
      {
        policy: 'tank-guard',
        kind: 'forbid',
        levelIds: ['eco', 'full'],
        reason: 'Cylinder at 64.0 °C ≥ high limit 62 °C: stopped',
        bypassGuards: true,
        safety: true,
      },
    ]);
    expect(evaluate(water(61.9)).constraints).toEqual([]);
  });

  it('stops the miner when the water temperature is unknown (the cut-off cannot be checked)', () => {
    const [c] = evaluate(water(undefined)).constraints!;
    expect(c).toMatchObject({ kind: 'forbid', levelIds: ['eco', 'full'], safety: true });
    expect(c!.kind === 'forbid' && c!.reason).toMatch(/high limit 62 °C cannot be checked: stopped/);
  });

  it('steps down one level when outlet − inlet exceeds the ΔT limit, and may not start', () => {
    const hot = water(50, { 'zone.cylinder.inlet.tempC': 45, 'zone.cylinder.outlet.tempC': 57 });
    expect(evaluate(hot, 'full').constraints).toEqual([
      {
        policy: 'tank-guard',
        kind: 'forbid',
        levelIds: ['full'],
        reason: 'Cylinder outlet − inlet 12.0 K > ΔT limit 10 K: steps down',
        bypassGuards: true,
      },
    ]);
    expect(evaluate(hot, 'eco').constraints![0]).toMatchObject({ levelIds: ['eco', 'full'] });
    expect(evaluate(hot, 'off').constraints![0]).toMatchObject({ levelIds: ['eco', 'full'] });
    // A power-target miner at a synthesised 1000 W target: every level from 1000 W up is out.
    expect(evaluate(hot, 'w1000').constraints![0]).toMatchObject({ levelIds: ['full'] });
    const fine = water(50, { 'zone.cylinder.inlet.tempC': 45, 'zone.cylinder.outlet.tempC': 54 });
    expect(evaluate(fine, 'full')).toEqual({ constraints: [], abstentions: [] });
  });

  it('says so when the exchanger temperatures are missing', () => {
    const { abstentions } = evaluate(water(50), 'full');
    expect(abstentions).toEqual([
      expect.objectContaining({
        policy: 'tank-guard',
        essential: false,
        reason: expect.stringMatching(/ΔT limit 10 K not checked/),
      }),
    ]);
  });
});

describe('a tank zone inside decide', () => {
  const run = (tempC: number, levelId: string, override?: string) => {
    const snapshot = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      scalars: water(tempC),
      ...(override ? { overrides: { hydro: { levelId: override, source: 'test' } } } : {}),
    });
    return decide(snapshot, model, {
      miners: { hydro: { levelId, startsDate: snapshot.local.date, startsToday: 0 } },
    }).decisions[0]!;
  };

  it('runs below the target: against an immersion heater at the import price every kWh of heat pays', () => {
    expect(run(52, 'off').levelId).toBe('full');
  });

  it('stops a running miner at the high limit, even against a manual override, and names the rule', () => {
    expect(run(62.5, 'full').levelId).toBe('off');
    const d = run(62.5, 'full', 'full');
    expect(d.levelId).toBe('off');
    expect(d.reason).toMatch(/high limit 62 °C: stopped/);
  });

  it('counts only standing loss plus mean draw-off as useful heat between target and maxC', () => {
    const credit = (tempC: number) =>
      run(tempC, 'off').ledger.find((r) => r.levelId === 'full')!.heatCreditPerHour;
    // Below 55 °C: all 1350 W at the import price 0.30/kWh.
    expect(credit(52)).toBeCloseTo(1.35 * 0.3, 9);
    // At 57 °C: 2 W/K × (57 − 15) K + 5845 Wh / 24 h = 84 + 243.5 W.
    expect(credit(57)).toBeCloseTo(((84 + 5845 / 24) / 1000) * 0.3, 9);
    // An outdoor pool-like tank (ambient = outdoor.tempC, here 5 °C): 2 W/K × 52 K + 243.5 W.
    const outside = makeModel({
      miners: [hydro],
      zones: [{ ...cylinder, tank: { ...cylinder.tank!, ambientC: undefined } }],
    });
    const snapshot = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      scalars: water(57, { 'outdoor.tempC': 5 }),
    });
    const row = decide(snapshot, outside, { miners: {} }).decisions[0]!.ledger.find(
      (r) => r.levelId === 'full',
    )!;
    expect(row.heatCreditPerHour).toBeCloseTo(((104 + 5845 / 24) / 1000) * 0.3, 9);
  });
});

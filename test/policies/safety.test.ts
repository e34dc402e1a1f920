import { describe, expect, it } from 'vitest';
import { standardPolicies } from '../../policies/index.js';
import type { ChipLimits, SafetySettings } from '../../policies/rules.js';
import { chipConstraints, isFaultAbstention, safetyPolicy } from '../../policies/safety.js';
import { decide } from '../../src/core/decide.js';
import type { Memory } from '../../src/core/memory.js';
import type { MinerStatus } from '../../src/core/types.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner } from '../fakes/world.js';

const LIMITS: ChipLimits = { stepDownC: 85, stopC: 95, resumeBandC: 5, settleMs: 5 * MINUTE };
const SAFETY: SafetySettings = { chip: LIMITS, maxCommandFailures: 3, onStale: {} };

const status = (chipTempC: number | undefined, extra: Partial<MinerStatus> = {}): MinerStatus => ({
  reachable: true,
  running: true,
  ...(chipTempC !== undefined ? { chipTempC } : {}),
  at: NOON,
  ...extra,
});

/** Levels chip temperature forbids for the Nano at `levelId` (entered `sinceMin` ago from `previous`). */
function forbidden(tempC: number, levelId: string, previous?: string, sinceMin = 60) {
  const ctx = policyContext({
    status: status(tempC),
    memory: {
      levelId,
      levelSince: NOON - sinceMin * MINUTE,
      ...(previous ? { previousLevelId: previous } : {}),
    },
  });
  const [constraint] = chipConstraints(ctx, LIMITS);
  return constraint?.kind === 'forbid'
    ? {
        levelIds: constraint.levelIds,
        reason: constraint.reason,
        safety: constraint.safety,
        bypass: constraint.bypassGuards,
      }
    : undefined;
}

describe('safety: chip temperature table', () => {
  const cases = [
    { name: 'cool → nothing', t: 70, at: 'high', forbids: undefined },
    { name: 'within the band below the step-down limit → no step up', t: 81, at: 'mid', forbids: ['high'] },
    { name: 'within the band while off → no start', t: 81, at: 'off', forbids: ['low', 'mid', 'high'] },
    { name: 'hot at high → one level down', t: 86, at: 'high', forbids: ['high'] },
    { name: 'hot at the lowest level → off', t: 86, at: 'low', forbids: ['low', 'mid', 'high'] },
    { name: 'hot while off → not starting', t: 86, at: 'off', forbids: ['low', 'mid', 'high'] },
    {
      name: 'hot 2 min after a step down → hold, cooling',
      t: 86,
      at: 'mid',
      previous: 'high',
      sinceMin: 2,
      forbids: ['high'],
    },
    {
      name: 'still hot 6 min after a step down → stop',
      t: 86,
      at: 'mid',
      previous: 'high',
      sinceMin: 6,
      forbids: ['low', 'mid', 'high'],
    },
    {
      name: 'hot long after a step down → a fresh step down',
      t: 86,
      at: 'mid',
      previous: 'high',
      sinceMin: 60,
      forbids: ['mid', 'high'],
    },
    {
      name: 'hot after a step up → one level down',
      t: 86,
      at: 'mid',
      previous: 'low',
      sinceMin: 2,
      forbids: ['mid', 'high'],
    },
    { name: 'at the stop limit → stop', t: 95, at: 'low', forbids: ['low', 'mid', 'high'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = forbidden(c.t, c.at, c.previous, c.sinceMin);
      expect(result?.levelIds).toEqual(c.forbids);
      if (result) expect(result).toMatchObject({ safety: true, bypass: true });
    });
  }

  it('says why', () => {
    expect(forbidden(96, 'high')?.reason).toBe('chip 96 °C is at or above the stop limit 95 °C');
    expect(forbidden(86, 'high')?.reason).toBe('chip 86 °C is at or above 85 °C: stepping down from high');
    expect(forbidden(86, 'mid', 'high', 2)?.reason).toBe(
      'chip 86 °C is at or above 85 °C: cooling at mid, stop in 3 min',
    );
    expect(forbidden(86, 'mid', 'high', 6)?.reason).toBe(
      'chip 86 °C is at or above 85 °C even after stepping down to mid',
    );
  });

  it('ignores a temperature from a stale status (the chipTemp fail-safe handles that)', () => {
    const ctx = policyContext({
      status: status(99, { at: NOON - 10 * MINUTE }),
      memory: { levelId: 'high' },
    });
    expect(chipConstraints(ctx, LIMITS)).toEqual([]);
  });
});

describe('safety in decide: step down, cool, then stop', () => {
  const model = makeModel(
    { miners: [nanoMiner({ guards: { ...nanoMiner().guards, minOnMs: 3_600_000, minDwellMs: 3_600_000 } })] },
    [...standardPolicies(), safetyPolicy(SAFETY)],
  );
  // A cold room: the ledger wants high all along.
  const snapshotAt = (now: number, tempC: number) =>
    makeSnapshot({
      now,
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      roomC: 18,
      miners: { nano: status(tempC, { at: now }) },
    });

  it('follows the chip temperature tick by tick, against minimum on and dwell times', () => {
    let memory: Memory = {
      miners: {
        nano: {
          levelId: 'high',
          levelSince: NOON - 60 * MINUTE,
          onSince: NOON - 60 * MINUTE,
          startsDate: '2025-01-15',
          startsToday: 1,
        },
      },
    };
    const steps: { min: number; tempC: number; level: string }[] = [
      { min: 0, tempC: 86, level: 'mid' }, // hot: one level down at once
      { min: 2, tempC: 87, level: 'mid' }, // cooling: no step back up
      { min: 4, tempC: 86, level: 'mid' },
      { min: 6, tempC: 86, level: 'off' }, // still hot after the settle time: stop
      { min: 8, tempC: 70, level: 'high' }, // cooled below the band (80 °C): the ledger may start again
    ];
    const levels: string[] = [];
    for (const step of steps) {
      const result = decide(snapshotAt(NOON + step.min * MINUTE, step.tempC), model, memory);
      memory = result.memory;
      levels.push(result.decisions[0]!.levelId);
    }
    expect(levels).toEqual(steps.map((s) => s.level));
  });

  it('a manual override cannot run a miner above its chip limits', () => {
    const snapshot = snapshotAt(NOON, 96);
    snapshot.overrides = { nano: { levelId: 'high', source: 'test' } };
    const memory: Memory = {
      miners: { nano: { levelId: 'high', startsDate: '2025-01-15', startsToday: 1 } },
    };
    const d = decide(snapshot, model, memory).decisions[0]!;
    expect(d).toMatchObject({ levelId: 'off', decidedBy: 'override' });
    expect(d.reason).toBe(
      'off: manual override to high capped by safety: chip 96 °C is at or above the stop limit 95 °C',
    );
  });
});

describe('safety: a miner that keeps failing to obey', () => {
  const cases = [
    { failures: undefined, faulty: false },
    { failures: 2, faulty: false },
    { failures: 3, faulty: true },
    { failures: 7, faulty: true },
  ];
  for (const c of cases) {
    it(`${c.failures ?? 0} failed commands → ${c.faulty ? 'faulty' : 'fine'}`, () => {
      const s = status(
        60,
        c.failures !== undefined ? { commandFailures: c.failures, error: 'still at off' } : {},
      );
      const result = safetyPolicy(SAFETY).evaluate(policyContext({ status: s }));
      const faults = (result.abstentions ?? []).filter(isFaultAbstention);
      expect(faults).toHaveLength(c.faulty ? 1 : 0);
      if (c.faulty)
        expect(faults[0]).toEqual({
          policy: 'safety',
          reason: `faulty: ${c.failures} commands in a row were not taken (still at off)`,
          essential: false,
        });
    });
  }

  it('is reported in the decision, which still decides', () => {
    const miner = nanoMiner();
    const snapshot = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      roomC: 18,
      miners: { nano: status(60, { commandFailures: 4 }) },
    });
    const model = makeModel({ miners: [miner] }, [...standardPolicies(), safetyPolicy(SAFETY)]);
    const d = decide(snapshot, model, { miners: {} }).decisions[0]!;
    expect(d.levelId).toBe('high');
    expect(d.abstentions.some(isFaultAbstention)).toBe(true);
  });

  it('without chip limits a hot chip forbids nothing', () => {
    const result = safetyPolicy({ maxCommandFailures: 3 }).evaluate(policyContext({ status: status(120) }));
    expect(result).toEqual({ constraints: [], abstentions: [] });
  });
});

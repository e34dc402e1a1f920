import { describe, expect, it } from 'vitest';
import { standardPolicies } from '../../policies/index.js';
import { plannerPolicy } from '../../policies/planner.js';
import { decide } from '../../src/core/decide.js';
import { emptyMemory } from '../../src/core/memory.js';
import type { MinerPlan } from '../../src/core/planner/plan-types.js';
import type { Snapshot } from '../../src/core/types.js';
import { HOUR, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

const model = makeModel({}, [...standardPolicies(), plannerPolicy()]);

/** A plan: `high` for two hours from noon, then off. */
function plan(over: Partial<MinerPlan> = {}): MinerPlan {
  return {
    plannedAt: NOON,
    minC: 20,
    maxC: 23,
    expectedNetCost: 0.1,
    slots: [
      { start: NOON, end: NOON + HOUR, levelId: 'high', surplusW: 0, roomC: 20.5 },
      { start: NOON + HOUR, end: NOON + 2 * HOUR, levelId: 'high', surplusW: 0, roomC: 20.7 },
      { start: NOON + 2 * HOUR, end: NOON + 3 * HOUR, levelId: 'off', surplusW: 0, roomC: 20.9 },
    ],
    ...over,
  };
}

function snapshot(options: Parameters<typeof makeSnapshot>[0], plans?: Snapshot['plans']): Snapshot {
  return { ...makeSnapshot({ hashprice: 0.034, ...options }), ...(plans ? { plans } : {}) };
}

describe('planner policy', () => {
  const heatPumpModel = makeModel(
    {
      zones: [
        {
          id: 'living',
          name: 'Living',
          targetC: 21,
          maxC: 23,
          bandC: 0.5,
          heater: { type: 'heat-pump', cop: 4 },
        },
      ],
    },
    [...standardPolicies(), plannerPolicy()],
  );

  it('runs the planned level even when the ledger alone would stay off', () => {
    const snap = snapshot({ importPerKWh: 0.35, roomC: 20.5 }, { nano: plan() });
    const without = decide({ ...snap, plans: undefined }, heatPumpModel, emptyMemory());
    expect(without.decisions[0]!.levelId).toBe('off');
    const { decisions } = decide(snap, heatPumpModel, emptyMemory());
    expect(decisions[0]!.levelId).toBe('high');
    expect(decisions[0]!.decidedBy).toBe('planner');
    expect(decisions[0]!.reason).toBe('high: planned high for 2 h more, then off');
  });

  it('keeps the miner off in a slot planned off, though the ledger would run it', () => {
    const later = NOON + 2 * HOUR + 10 * 60_000;
    const snap = snapshot({ now: later, importPerKWh: 0.2, roomC: 20.5 }, { nano: plan() });
    expect(decide({ ...snap, plans: undefined }, model, emptyMemory()).decisions[0]!.levelId).not.toBe('off');
    const { decisions } = decide(snap, model, emptyMemory());
    expect(decisions[0]!.levelId).toBe('off');
    expect(decisions[0]!.decidedBy).toBe('planner');
  });

  it('steps aside when the room is above the plan maximum', () => {
    const snap = snapshot({ importPerKWh: 0.35, roomC: 23.2 }, { nano: plan() });
    const { decisions } = decide(snap, heatPumpModel, emptyMemory());
    expect(decisions[0]!.levelId).toBe('off');
    expect(decisions[0]!.decidedBy).not.toBe('planner');
    expect(decisions[0]!.abstentions.map((a) => a.reason)).toContain(
      "not following the plan: the room is 23.2 °C, at or above the plan's maximum 23 °C",
    );
  });

  it('keeps a planned-off slot with the room below minC only above the heating limit', () => {
    const later = NOON + 2 * HOUR + 10 * 60_000;
    const at = (outdoorC: number) =>
      snapshot(
        {
          now: later,
          importPerKWh: 0.2,
          roomC: 18.5,
          scalars: { 'outdoor.tempC': reading(outdoorC, later) },
        },
        { nano: plan({ heatingLimitC: 15 }) },
      );
    // 17 °C outdoors: the house wants no heat, the room below 20 °C is what the plan expected.
    const warm = decide(at(17), model, emptyMemory()).decisions[0]!;
    expect(warm).toMatchObject({ levelId: 'off', decidedBy: 'planner' });
    // 10 °C outdoors: heat is wanted, the cold room contradicts the plan and the ledger decides.
    const cold = decide(at(10), model, emptyMemory()).decisions[0]!;
    expect(cold.decidedBy).not.toBe('planner');
    expect(cold.abstentions.map((a) => a.reason)).toContain(
      "not following the plan: the room is 18.5 °C, below the plan's minimum 20 °C",
    );
  });

  it('steps aside when the surplus it counted on is not there', () => {
    const slots = plan().slots.map((s) => ({ ...s, surplusW: 140 }));
    const snap = snapshot(
      { importPerKWh: 0.35, roomC: 20.5, scalars: { 'grid.powerW': reading(300, NOON) } },
      { nano: plan({ slots }) },
    );
    const { decisions } = decide(snap, heatPumpModel, emptyMemory());
    expect(decisions[0]!.decidedBy).not.toBe('planner');
    expect(
      decisions[0]!.abstentions.some((a) => a.reason.includes('assumed 140 W of surplus, 0 W measured')),
    ).toBe(true);
  });

  it('leaves guards in force: a minimum off time holds the start', () => {
    const guarded = makeModel(
      {
        miners: [nanoMiner({ guards: { ...nanoMiner().guards, minOffMs: HOUR } })],
        zones: heatPumpModel.zones,
      },
      heatPumpModel.policies,
    );
    const memory = {
      miners: {
        nano: { levelId: 'off', offSince: NOON - 10 * 60_000, startsDate: '2025-01-15', startsToday: 0 },
      },
    };
    const snap = snapshot({ importPerKWh: 0.35, roomC: 20.5 }, { nano: plan() });
    const { decisions } = decide(snap, guarded, memory as never);
    expect(decisions[0]!.levelId).toBe('off');
    expect(decisions[0]!.decidedBy).toBe('min-off-time');
  });

  it('abstains when the plan has no slot for now, and does nothing without a plan', () => {
    const snap = snapshot({ now: NOON + 5 * HOUR, importPerKWh: 0.35, roomC: 20.5 }, { nano: plan() });
    const result = plannerPolicy().evaluate({
      snapshot: snap,
      model,
      miner: nanoMiner(),
      status: undefined,
      memory: { levelId: 'off', startsDate: '', startsToday: 0 },
      surplusW: undefined,
    } as never);
    expect(result.abstentions?.[0]?.reason).toBe('the plan has no slot for now');
    expect(
      plannerPolicy().evaluate({
        snapshot: { ...snap, plans: undefined },
        model,
        miner: nanoMiner(),
      } as never),
    ).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { emptyMemory, type Memory } from '../../src/core/memory.js';
import type { GuardSettings } from '../../src/core/model.js';
import { HASHPRICE_2025, HOUR, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner } from '../fakes/world.js';

const NO_GUARDS: GuardSettings = {
  minOnMs: 0,
  minOffMs: 0,
  minDwellMs: 0,
  hysteresisPerHour: 0,
  maxStartsPerDay: Number.POSITIVE_INFINITY,
  enableDelayMs: 0,
  disableDelayMs: 0,
  disableThresholdW: 0,
};

/** Runs ticks; at each, the room is cold (wants `high`) or warm (wants `off`), or a price picks a level. */
function run(guards: Partial<GuardSettings>, steps: { at: number; roomC?: number; price?: number }[]) {
  const model = makeModel({ miners: [nanoMiner({ guards: { ...NO_GUARDS, ...guards } })] });
  let memory: Memory = emptyMemory();
  return steps.map((step) => {
    const snap = makeSnapshot({
      now: step.at,
      importPerKWh: step.price ?? 0.3,
      hashprice: HASHPRICE_2025,
      roomC: step.roomC ?? 21.5,
    });
    const result = decide(snap, model, memory);
    memory = result.memory;
    return result.decisions[0]!;
  });
}

describe('guards across ticks', () => {
  it('minimum on time keeps a started miner running', () => {
    const [start, early, late] = run({ minOnMs: 10 * MINUTE }, [
      { at: NOON, roomC: 19 },
      { at: NOON + 5 * MINUTE, roomC: 22 },
      { at: NOON + 10 * MINUTE, roomC: 22 },
    ]);
    expect(start!.levelId).toBe('high');
    expect(early).toMatchObject({
      levelId: 'high',
      decidedBy: 'min-on-time',
      autoLevelId: 'off',
      changed: false,
    });
    expect(early!.reason).toBe(
      'staying at high: minimum on time holds for 5 more min (auto would choose off)',
    );
    expect(late).toMatchObject({ levelId: 'off', decidedBy: 'ledger', changed: true });
  });

  it('minimum off time keeps a stopped miner off', () => {
    const steps = run({ minOffMs: 15 * MINUTE }, [
      { at: NOON, roomC: 19 },
      { at: NOON + MINUTE, roomC: 22 },
      { at: NOON + 10 * MINUTE, roomC: 19 },
      { at: NOON + 16 * MINUTE, roomC: 19 },
    ]);
    expect(steps.map((d) => d.levelId)).toEqual(['high', 'off', 'off', 'high']);
    expect(steps[2]!.decidedBy).toBe('min-off-time');
  });

  it('minimum dwell holds a level before the next level change', () => {
    // Price −0.05 → high; at 0.065 EUR/kWh without heat demand only the most efficient level (low) still pays.
    const steps = run({ minDwellMs: 10 * MINUTE }, [
      { at: NOON, roomC: 21.5, price: -0.05 },
      { at: NOON + 2 * MINUTE, roomC: 21.5, price: 0.065 },
      { at: NOON + 11 * MINUTE, roomC: 21.5, price: 0.065 },
    ]);
    expect(steps[0]!.levelId).toBe('high');
    expect(steps[1]!.autoLevelId).not.toBe('high');
    expect(steps[1]).toMatchObject({ levelId: 'high', decidedBy: 'min-dwell' });
    expect(steps[2]!.levelId).toBe(steps[1]!.autoLevelId);
  });

  it('the money hysteresis blocks switches that gain too little', () => {
    const steps = run({ hysteresisPerHour: 1 }, [
      { at: NOON, roomC: 19 },
      { at: NOON + MINUTE, roomC: 22 },
    ]);
    expect(steps[0]!.levelId).toBe('off');
    expect(steps[0]!.decidedBy).toBe('hysteresis');
    expect(steps[0]!.reason).toContain('below the hysteresis of 1.00 EUR/h');
  });

  it('caps starts per local day and resets the count the next day', () => {
    const cycle = (t: number) => [
      { at: t, roomC: 19 },
      { at: t + MINUTE, roomC: 22 },
    ];
    const steps = run({ maxStartsPerDay: 2 }, [
      ...cycle(NOON),
      ...cycle(NOON + 10 * MINUTE),
      ...cycle(NOON + 20 * MINUTE),
      { at: NOON + 24 * HOUR, roomC: 19 },
    ]);
    expect(steps.map((d) => d.levelId)).toEqual(['high', 'off', 'high', 'off', 'off', 'off', 'high']);
    expect(steps[4]!.decidedBy).toBe('starts-cap');
  });

  it('a comfort stop at the zone maximum bypasses the minimum on time', () => {
    const steps = run({ minOnMs: HOUR }, [
      { at: NOON, roomC: 19 },
      { at: NOON + MINUTE, roomC: 23.5 },
    ]);
    expect(steps[1]).toMatchObject({ levelId: 'off', decidedBy: 'ledger' });
  });

  it('marks a command when the miner is not at the chosen level', () => {
    const model = makeModel();
    const snap = makeSnapshot({ importPerKWh: 0.3, hashprice: HASHPRICE_2025, roomC: 19 });
    const first = decide(snap, model, emptyMemory());
    expect(first.decisions[0]).toMatchObject({ changed: true, command: true });
    snap.miners = { nano: { reachable: true, running: false, at: snap.now } };
    const again = decide(snap, model, first.memory);
    expect(again.decisions[0]).toMatchObject({ changed: false, command: true });
    snap.miners = { nano: { reachable: true, running: true, levelId: 'high', at: snap.now } };
    expect(decide(snap, model, first.memory).decisions[0]).toMatchObject({ changed: false, command: false });
  });
});

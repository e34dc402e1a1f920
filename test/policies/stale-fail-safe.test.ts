import { describe, expect, it } from 'vitest';
import { standardPolicies } from '../../policies/index.js';
import type { FailSafe, FailSafeInput } from '../../policies/rules.js';
import { staleFailSafePolicy } from '../../policies/stale-fail-safe.js';
import { decide } from '../../src/core/decide.js';
import type { MinerMemory } from '../../src/core/memory.js';
import type { MinerStatus, Reading } from '../../src/core/types.js';
import { policyContext } from '../fakes/policy-context.js';
import { HASHPRICE_2025, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner, reading } from '../fakes/world.js';

const running = (extra: Partial<MinerStatus> = {}): MinerStatus => ({
  reachable: true,
  running: true,
  levelId: 'mid',
  chipTempC: 60,
  at: NOON,
  ...extra,
});

function evaluate(options: {
  input: FailSafeInput;
  mode: FailSafe;
  scalars?: Record<string, Reading<number>>;
  status?: MinerStatus;
  memory?: Partial<MinerMemory>;
  roomC?: number;
}) {
  const ctx = policyContext({
    snapshot: makeSnapshot({
      scalars: options.scalars ?? {},
      ...(options.roomC !== undefined ? { roomC: options.roomC } : {}),
    }),
    ...(options.status ? { status: options.status } : {}),
    memory: { levelId: 'mid', onSince: NOON - 60 * MINUTE, ...options.memory },
  });
  return staleFailSafePolicy({ [options.input]: options.mode }).evaluate(ctx).constraints ?? [];
}

const freshGrid = { 'grid.powerW': reading(300, NOON) };
const staleGrid = { 'grid.powerW': reading(300, NOON - 10 * MINUTE) };

describe('stale fail-safe table', () => {
  const cases = [
    { name: 'fresh grid → nothing', input: 'grid', mode: 'stop', scalars: freshGrid, forbids: undefined },
    {
      name: 'stale grid, stop → every running level',
      input: 'grid',
      mode: 'stop',
      scalars: staleGrid,
      forbids: ['low', 'mid', 'high'],
    },
    { name: 'missing grid, lowest → all above low', input: 'grid', mode: 'lowest', forbids: ['mid', 'high'] },
    {
      name: 'stale grid, hold → all but the current level',
      input: 'grid',
      mode: 'hold',
      scalars: staleGrid,
      forbids: ['off', 'low', 'high'],
    },
    { name: 'fresh room → nothing', input: 'zoneTemp', mode: 'stop', roomC: 20, forbids: undefined },
    { name: 'no room reading, stop → off', input: 'zoneTemp', mode: 'stop', forbids: ['low', 'mid', 'high'] },
    {
      name: 'chip temperature reported → nothing',
      input: 'chipTemp',
      mode: 'stop',
      status: running(),
      forbids: undefined,
    },
    {
      name: 'running without a chip temperature, stop',
      input: 'chipTemp',
      mode: 'stop',
      status: running({ chipTempC: undefined }),
      forbids: ['low', 'mid', 'high'],
    },
    {
      name: 'stale miner status, lowest',
      input: 'chipTemp',
      mode: 'lowest',
      status: running({ at: NOON - 6 * MINUTE }),
      forbids: ['mid', 'high'],
    },
    { name: 'no status at all, stop', input: 'chipTemp', mode: 'stop', forbids: ['low', 'mid', 'high'] },
    {
      name: 'just started (grace of one max age) → nothing',
      input: 'chipTemp',
      mode: 'stop',
      memory: { onSince: NOON - 2 * MINUTE },
      forbids: undefined,
    },
    {
      name: 'off → nothing (a stopped miner may report no temperature)',
      input: 'chipTemp',
      mode: 'stop',
      memory: { levelId: 'off' },
      forbids: undefined,
    },
  ] as const;
  for (const c of cases) {
    it(c.name, () => {
      const [constraint] = evaluate({ ...c, ...('scalars' in c ? { scalars: c.scalars } : {}) });
      expect(constraint?.kind === 'forbid' ? constraint.levelIds : undefined).toEqual(c.forbids);
    });
  }

  it('only chip temperature is a hard (safety) limit; all act at once', () => {
    const [grid] = evaluate({ input: 'grid', mode: 'stop' });
    const [chip] = evaluate({ input: 'chipTemp', mode: 'stop', status: running({ chipTempC: undefined }) });
    expect(grid).toMatchObject({ policy: 'stale-fail-safe', bypassGuards: true, safety: false });
    expect(chip).toMatchObject({ bypassGuards: true, safety: true });
    expect(grid?.reason).toBe('no grid.powerW reading: fail-safe "stop"');
    expect(chip?.reason).toBe('the miner reports no chip temperature: fail-safe "stop"');
  });

  it('does nothing without a configured fail-safe', () => {
    expect(staleFailSafePolicy({}).evaluate(policyContext())).toEqual({ constraints: [] });
  });
});

describe('stale fail-safe in decide', () => {
  it('a grid reading that goes stale steps a surplus miner down to its lowest level at once', () => {
    const miner = nanoMiner({ guards: { ...nanoMiner().guards, minDwellMs: 3_600_000 } });
    const model = makeModel({ miners: [miner] }, [
      ...standardPolicies(),
      staleFailSafePolicy({ grid: 'lowest' }),
    ]);
    const snapshot = makeSnapshot({
      importPerKWh: 0.3,
      hashprice: HASHPRICE_2025,
      roomC: 18,
      scalars: { 'grid.powerW': reading(-500, NOON - 5 * MINUTE) },
    });
    const memory = {
      miners: {
        nano: { levelId: 'high', levelSince: NOON - MINUTE, startsDate: '2025-01-15', startsToday: 1 },
      },
    };
    const d = decide(snapshot, model, memory).decisions[0]!;
    expect(d).toMatchObject({ levelId: 'low', changed: true });
    expect(d.ledger.find((r) => r.levelId === 'high')?.blockedBy).toBe(
      'stale-fail-safe: grid.powerW is stale (5 min old): fail-safe "lowest"',
    );
  });
});

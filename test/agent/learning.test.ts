import { describe, expect, it } from 'vitest';
import { learnFromStatuses, MIN_SAMPLES, withLearnedLevels } from '../../src/agent/learning.js';
import type { AgentState } from '../../src/agent/state-file.js';
import type { MinerMemory } from '../../src/core/memory.js';
import type { MinerStatus } from '../../src/core/types.js';
import { makeModel } from '../fakes/world.js';

const memory = { levelId: 'high', levelSince: 0, startsDate: '2025-01-15', startsToday: 1 };
const status = (powerW: number, ths: number) => ({
  reachable: true,
  running: true,
  levelId: 'high',
  powerW,
  ths,
  at: 0,
});

/** One miner's status folded in, as the tick folds in all of them. */
function learnFromStatus(
  learned: AgentState['learned'],
  minerId: string,
  status: MinerStatus,
  memory: MinerMemory,
  now: number,
): AgentState['learned'] {
  return learnFromStatuses(learned, [minerId], { [minerId]: status }, { [minerId]: memory }, now);
}

describe('learning level values', () => {
  it('averages settled measurements and replaces the configured values after enough samples', () => {
    let learned = {};
    for (let i = 0; i < MIN_SAMPLES; i++)
      learned = learnFromStatus(learned, 'nano', status(150, 6.4), memory, 600_000);
    const model = withLearnedLevels(makeModel(), learned);
    expect(model.miners[0]!.levels.find((l) => l.id === 'high')).toEqual({
      id: 'high',
      powerW: 150,
      ths: 6.4,
    });
    const fewer = learnFromStatus({}, 'nano', status(150, 6.4), memory, 600_000);
    expect(withLearnedLevels(makeModel(), fewer).miners[0]!.levels.find((l) => l.id === 'high')!.powerW).toBe(
      140,
    );
  });

  it('ignores readings right after a switch, at another level, or without measurements', () => {
    expect(learnFromStatus({}, 'nano', status(150, 6.4), memory, 60_000)).toEqual({});
    expect(learnFromStatus({}, 'nano', { ...status(150, 6.4), levelId: 'low' }, memory, 600_000)).toEqual({});
    expect(learnFromStatus({}, 'nano', { reachable: true, running: true, at: 0 }, memory, 600_000)).toEqual(
      {},
    );
  });

  it('smooths: a reading within ±50 % moves the average by a tenth of the difference', () => {
    let learned = learnFromStatus({}, 'nano', status(140, 6), memory, 600_000);
    learned = learnFromStatus(learned, 'nano', status(180, 6), memory, 600_000);
    expect((learned as Record<string, Record<string, { powerW: number }>>).nano!.high!.powerW).toBeCloseTo(
      144,
      9,
    );
  });

  it('clips: one wild reading moves the average by at most 5 % (issue 12: a plug reporting 1e300 W)', () => {
    let learned = learnFromStatus({}, 'nano', status(140, 6), memory, 600_000);
    learned = learnFromStatus(learned, 'nano', status(1e300, 600), memory, 600_000);
    const high = (learned as Record<string, Record<string, { powerW: number; ths: number }>>).nano!.high!;
    expect(high.powerW).toBeCloseTo(147, 9);
    expect(high.ths).toBeCloseTo(6.3, 9);
  });
});

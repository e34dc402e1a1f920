import { describe, expect, it } from 'vitest';
import { createAgent } from '../../src/agent/agent.js';
import { gridNeedsReaction } from '../../src/agent/fast-reaction.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

const settings = { importThresholdW: 100, jumpW: 300 };
const grid = (value: number) => ({ key: 'grid.powerW' as const, reading: { value, at: 0, source: 't' } });
const prev = (value: number) => ({ value, at: 0, source: 't' });

describe('fast reaction to grid power', () => {
  it.each([
    [-500, 150, true, 'import appears'],
    [50, 120, true, 'import crosses the threshold'],
    [150, 200, false, 'import was already there, small change'],
    [-800, -400, true, 'a cloud: a 400 W jump'],
    [-800, -700, false, 'meter noise'],
  ])('%i W → %i W: %s', (before, after, expected) => {
    expect(gridNeedsReaction(grid(after), prev(before), settings)).toBe(expected);
  });

  it('ignores other signals and first readings', () => {
    expect(
      gridNeedsReaction(
        { key: 'pv.powerW', reading: { value: 0, at: 0, source: 't' } },
        prev(3000),
        settings,
      ),
    ).toBe(false);
    expect(gridNeedsReaction(grid(500), undefined, settings)).toBe(false);
  });

  it('re-evaluates within a second of an import appearing, once per burst', async () => {
    const clock = new FakeClock();
    const config = simulatedConfig({ dataDir: tempDataDir() });
    const agent = await createAgent(config, {
      clock,
      logger: captureLogger().logger,
      scheduler: manualScheduler,
    });
    await agent.start();
    const ticks: number[] = [];
    agent.onRecord((r) => ticks.push(r.at));
    const at = clock.now();
    agent.store.update({ key: 'grid.powerW', reading: { value: -600, at, source: 'meter' } });
    agent.store.update({ key: 'grid.powerW', reading: { value: 400, at, source: 'meter' } });
    agent.store.update({ key: 'grid.powerW', reading: { value: -200, at, source: 'meter' } });
    await clock.advance(1000);
    expect(ticks).toHaveLength(1);
    expect(ticks[0]! - at).toBeLessThanOrEqual(1000);
    await agent.stop({ applyOnExit: false });
  });
});

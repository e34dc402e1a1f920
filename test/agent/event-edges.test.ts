import { describe, expect, it } from 'vitest';
import { EventEdges } from '../../src/agent/event-edges.js';
import type { GridEvent } from '../../src/core/types.js';
import { FakeClock } from '../fakes/clock.js';

const T0 = Date.UTC(2026, 11, 5, 12, 0);
const session = (start: number, end: number): GridEvent => ({
  id: `s${start}`,
  title: 'free electricity',
  start,
  end,
  effect: { kind: 'price', perKWh: 0 },
});

describe('EventEdges (issue 18)', () => {
  it('wakes the agent just after each start and end, and re-arms for a new list', async () => {
    const clock = new FakeClock(T0);
    const wakes: number[] = [];
    const edges = new EventEdges(clock, () => wakes.push(clock.now()));
    edges.update([session(T0 + 60_000, T0 + 120_000)]);
    await clock.advance(59_999);
    expect(wakes).toEqual([]);
    await clock.advance(2);
    expect(wakes).toEqual([T0 + 60_001]);
    // A new list (the session called off, another announced) replaces the armed edge.
    edges.update([session(T0 + 300_000, T0 + 360_000)]);
    await clock.advance(120_000);
    expect(wakes).toEqual([T0 + 60_001]);
    await clock.advance(200_000);
    expect(wakes).toEqual([T0 + 60_001, T0 + 300_001, T0 + 360_001]);
    edges.stop();
    edges.update([session(T0 + 400_000, T0 + 500_000)]);
    await clock.advance(200_000);
    expect(wakes).toHaveLength(3);
  });
});

import { describe, expect, it } from 'vitest';
import { type FollowerModel, followerWant } from '../../src/core/followers.js';

const fan: FollowerModel = { id: 'fan', minerIds: ['a', 'b'], runOnMs: 120_000 };
const T = 1_000_000;

describe('a follower', () => {
  it('is on while any of its miners runs', () => {
    expect(followerWant(fan, { a: 'off', b: 'eco' }, T, {})).toEqual({
      on: true,
      reason: 'on: b running',
      memory: { lastRunningAt: T },
    });
  });

  it('stays on for its run-on time after the last stops, then goes off', () => {
    const memory = { lastRunningAt: T };
    expect(followerWant(fan, { a: 'off' }, T + 30_000, memory)).toMatchObject({
      on: true,
      reason: 'run-on: 2 more min after its miners stopped',
    });
    expect(followerWant(fan, { a: 'off' }, T + 120_000, memory)).toMatchObject({ on: false });
  });

  it('is off when its miners never ran (unknown miners count as off)', () => {
    expect(followerWant(fan, {}, T, {})).toEqual({
      on: false,
      reason: 'off: none of its miners runs',
      memory: {},
    });
  });
});

import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { offerFromDecisions } from '../../src/core/fleet/from-decisions.js';
import { emptyMemory } from '../../src/core/memory.js';
import { HASHPRICE_2025, makeModel, makeSnapshot, NOON, nanoMiner } from '../fakes/world.js';

// Cheap power and a cold room: every level pays, the ledger alone would choose `high` (140 W).
const snapshot = () => makeSnapshot({ importPerKWh: 0.05, hashprice: HASHPRICE_2025, roomC: 18 });

describe('fleet cap (issue 20)', () => {
  it('holds a miner at or below its share of the site budget and says why', () => {
    const model = makeModel();
    expect(decide(snapshot(), model, emptyMemory()).decisions[0]!.levelId).toBe('high');
    const capped = { ...snapshot(), fleetCapsW: { nano: 100 } };
    const d = decide(capped, model, emptyMemory()).decisions[0]!;
    expect(d.levelId).toBe('low');
    expect(d.ledger.find((r) => r.levelId === 'high')?.blockedBy).toBe(
      "fleet: the site's shared budget gives this miner 100 W",
    );
  });

  it("a shard's offer keeps the levels only the fleet cap blocks, with their ledger value, and drops the others", () => {
    const model = makeModel({
      miners: [nanoMiner(), nanoMiner({ id: 'hot', zoneId: undefined, priority: 3 })],
    });
    const capped = { ...snapshot(), fleetCapsW: { nano: 100, hot: 0 } };
    capped.overrides = { hot: { levelId: 'mid', source: 'test' } };
    const { decisions } = decide(capped, model, emptyMemory());
    const offer = offerFromDecisions({
      shard: 'rack-a',
      at: NOON,
      ttlMs: 90_000,
      miners: model.miners,
      decisions,
      statuses: { nano: { reachable: true, running: true, levelId: 'low', powerW: 83, at: NOON } },
      overrides: capped.overrides,
    });
    expect(offer).toMatchObject({ shard: 'rack-a', at: NOON, expiresAt: NOON + 90_000 });
    const [nano, hot] = offer.miners;
    expect(nano!.levels.map((l) => l.id)).toEqual(['off', 'low', 'mid', 'high']);
    expect(nano!.levels[3]!.netPerHour).toBe(decisions[0]!.ledger[3]!.netPerHour);
    expect(nano).toMatchObject({ runningLevelId: 'low', readingW: 83, priority: 100 });
    expect(nano!.lockedLevelId).toBeUndefined();
    // A command not taken (dry run, held back, failed): the offer says where the miner still is.
    const dry = offerFromDecisions({
      shard: 'rack-a',
      at: NOON,
      ttlMs: 90_000,
      miners: model.miners,
      decisions,
      statuses: {},
      runningLevelIds: { nano: 'off' },
    });
    expect(dry.miners[0]).toMatchObject({ runningLevelId: 'off' });
    // A reading taken at the level it ran before this tick's command is no word about its draw now.
    const moved = offerFromDecisions({
      shard: 'rack-a',
      at: NOON,
      ttlMs: 90_000,
      miners: model.miners,
      decisions,
      statuses: { nano: { reachable: true, running: true, levelId: 'high', powerW: 141, at: NOON } },
    });
    expect(moved.miners[0]!.runningLevelId).toBe('low');
    expect(moved.miners[0]!.readingW).toBeUndefined();
    // The fleet cap holds the override at off for now; the offer asks the site for the override's level.
    expect(hot).toMatchObject({ runningLevelId: 'off', lockedLevelId: 'mid', priority: 3 });
  });
});

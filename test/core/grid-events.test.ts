import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import { eventCapW, pricedByEvents, withEventPrices } from '../../src/core/grid-events.js';
import type { GridEvent } from '../../src/core/types.js';
import { HASHPRICE_2025, HOUR, MINUTE, makeModel, makeSnapshot, NOON, nanoMiner } from '../fakes/world.js';

const event = (start: number, end: number, effect: GridEvent['effect'], title = 'session'): GridEvent => ({
  id: `${title}@${start}`,
  title,
  start,
  end,
  effect,
});

describe('grid events in the core (issue 18)', () => {
  it('lays a free session over the import series, split at its edges, and a saving session on top of the price', () => {
    const slots = [
      { start: 0, end: HOUR, perKWh: 0.3 },
      { start: HOUR, end: 2 * HOUR, perKWh: 0.4 },
    ];
    const free = event(30 * MINUTE, HOUR + 15 * MINUTE, { kind: 'price', perKWh: 0 });
    const saving = event(HOUR, 2 * HOUR, { kind: 'reward', perKWh: 2.5 });
    expect(withEventPrices(slots, [free, saving])).toEqual([
      { start: 0, end: 30 * MINUTE, perKWh: 0.3 },
      { start: 30 * MINUTE, end: HOUR, perKWh: 0 },
      { start: HOUR, end: HOUR + 15 * MINUTE, perKWh: 2.5 },
      { start: HOUR + 15 * MINUTE, end: 2 * HOUR, perKWh: 2.9 },
    ]);
    expect(withEventPrices(slots, [event(0, HOUR, { kind: 'stop' })])).toBe(slots);
  });

  it('takes the strictest cap overlapping a window; a level the miner lacks caps at its lowest running level', () => {
    const levels = nanoMiner().levels;
    const events = [
      event(0, HOUR, { kind: 'cap', maxW: 120 }),
      event(30 * MINUTE, HOUR, { kind: 'cap-level', levelId: 'eco' }),
    ];
    expect(eventCapW(events, 0, 1, levels)).toBe(120);
    expect(eventCapW(events, 40 * MINUTE, 41 * MINUTE, levels)).toBe(80);
    expect(eventCapW(events, 0, HOUR, levels)).toBe(80);
    expect(eventCapW(events, HOUR, 2 * HOUR, levels)).toBeUndefined();
    expect(eventCapW([event(0, HOUR, { kind: 'stop' })], 10, 11, levels)).toBe(0);
  });

  it('leaves a snapshot without pricing events as it is', () => {
    const snap = makeSnapshot({ importPerKWh: 0.3 });
    expect(pricedByEvents(snap)).toBe(snap);
  });
});

describe('decide under grid events (issue 18)', () => {
  // A miner with real anti-flap guards: a start waits 60 s, a stop 3 min, 5 min on and off.
  const guarded = nanoMiner({
    guards: {
      ...nanoMiner().guards,
      minOnMs: 5 * MINUTE,
      minOffMs: 5 * MINUTE,
      enableDelayMs: MINUTE,
      disableDelayMs: 3 * MINUTE,
      hysteresisPerHour: 0.001,
    },
  });
  const model = makeModel({ miners: [guarded] });
  const free = event(NOON, NOON + HOUR, { kind: 'price', perKWh: 0 }, 'free electricity');
  // At 0.35 EUR/kWh with a warm room the Nano loses money; free power makes its top level pay.
  const at = (now: number, events: GridEvent[]) => ({
    ...makeSnapshot({ now, importPerKWh: 0.35, hashprice: HASHPRICE_2025, roomC: 21.5 }),
    events: { 'events[0]': { value: events, at: now - HOUR, source: 'events[0]' } },
  });
  const offMemory = (since: number) => ({
    miners: {
      nano: { levelId: 'off', offSince: since, levelSince: since, startsToday: 0, startsDate: '2025-01-15' },
    },
  });

  it('starts at the top level in the session first second, though a start normally waits a minute', () => {
    const before = decide(at(NOON - MINUTE, [free]), model, offMemory(NOON - HOUR));
    expect(before.decisions[0]?.levelId).toBe('off');
    const first = decide(at(NOON, [free]), model, before.memory);
    expect(first.decisions[0]).toMatchObject({ levelId: 'high', changed: true });
    // Without the event the same tick would keep the miner off.
    expect(decide(at(NOON, []), model, before.memory).decisions[0]?.levelId).toBe('off');
  });

  it('stops at the session end at once, though a stop normally waits three minutes', () => {
    const running = {
      miners: {
        nano: { levelId: 'high', onSince: NOON, levelSince: NOON, startsToday: 1, startsDate: '2025-01-15' },
      },
    };
    const last = decide(at(NOON + HOUR - 1000, [free]), model, running);
    expect(last.decisions[0]?.levelId).toBe('high');
    const after = decide(at(NOON + HOUR, [free]), model, last.memory);
    expect(after.decisions[0]).toMatchObject({ levelId: 'off', changed: true });
  });

  it('a stop event switches the miner off at once, and caps a manual override too', () => {
    const dimming = event(NOON, NOON + HOUR, { kind: 'cap', maxW: 100 }, 'dimming');
    const snap = {
      ...at(NOON + 10 * MINUTE, [dimming]),
      overrides: { nano: { levelId: 'high', source: 'test' } },
    };
    const [d] = decide(snap, model, offMemory(NOON - HOUR)).decisions;
    expect(d?.levelId).toBe('low');
    expect(d?.reason).toBe(
      'low: manual override to high capped by grid-events: event "dimming" caps each miner at 100 W for 50 more min',
    );
  });
});

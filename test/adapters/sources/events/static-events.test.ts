import { describe, expect, it } from 'vitest';
import { staticEvents } from '../../../../adapters/sources/events/static-events.js';
import { SignalStore } from '../../../../src/agent/signal-store.js';
import { activeEvents, knownEvents, nextEvent } from '../../../../src/core/grid-events.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';

const session = {
  type: 'static',
  events: [
    {
      title: 'free electricity',
      start: '2026-12-05T13:00:00+00:00',
      end: '2026-12-05T14:00:00Z',
      effect: { pricePerKWh: 0 },
    },
    {
      title: 'dimming',
      start: '2026-12-05T18:00:00+01:00',
      end: '2026-12-05T19:00:00+01:00',
      effect: 'stop',
    },
  ],
};

describe('static grid events (issue 18)', () => {
  it('reads the configured events with their effects, in UTC instants', async () => {
    const { deps } = testAdapterDeps({ id: 'events[0]' });
    const source = staticEvents.create(staticEvents.schema.parse(session) as { type: string }, deps);
    const [update] = await source.poll!();
    expect(update?.key).toBe('events');
    const events = update!.reading.value as unknown as ReturnType<typeof knownEvents>;
    expect(events.map((e) => [e.title, new Date(e.start).toISOString(), e.effect])).toEqual([
      ['free electricity', '2026-12-05T13:00:00.000Z', { kind: 'price', perKWh: 0 }],
      ['dimming', '2026-12-05T17:00:00.000Z', { kind: 'stop' }],
    ]);
  });

  it('refuses a start without an offset: an event must not depend on the machine time zone', () => {
    const local = { ...session, events: [{ ...session.events[0], start: '2026-12-05T13:00:00' }] };
    expect(staticEvents.schema.safeParse(local).success).toBe(false);
  });

  it('keeps each source list apart in the store and refuses a window that ends before it starts', async () => {
    const rejected: string[] = [];
    const store = new SignalStore((_u, why) => rejected.push(why));
    const event = { id: 'a', title: 'x', start: 2_000, end: 3_000, effect: { kind: 'stop' as const } };
    store.update({ key: 'events', reading: { value: [event], at: 1, source: 'events[0]' } });
    store.update({
      key: 'events',
      reading: { value: [{ ...event, id: 'b', start: 500, end: 900 }], at: 1, source: 'events[1]' },
    });
    store.update({
      key: 'events',
      reading: { value: [{ ...event, id: 'c', start: 5_000, end: 4_000 }], at: 2, source: 'events[0]' },
    });
    expect(rejected).toEqual(['event "x": its window does not end after it starts']);
    const events = knownEvents(store.eventsRecord());
    expect(events.map((e) => e.id)).toEqual(['b', 'a']);
    expect(activeEvents(events, 2_500).map((e) => e.id)).toEqual(['a']);
    expect(nextEvent(events, 1_000)?.id).toBe('a');
    expect(nextEvent(events, 3_000)).toBeUndefined();
  });
});

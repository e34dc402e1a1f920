import { describe, expect, it } from 'vitest';
import { mqttEvents, parseEventsPayload } from '../../../../adapters/sources/events/mqtt-events.js';
import type { GridEvent } from '../../../../src/core/grid-events.js';
import type { SignalUpdate } from '../../../../src/ports.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import { roundTrip, sourceMqtt, waitFor } from '../../../fakes/mqtt-test-bus.js';

const mq = sourceMqtt();
let n = 0;

const NOW = Date.parse('2026-12-05T12:00:00Z');
const HOUR = 3_600_000;

/** A started source on a fresh topic, against the real broker. */
async function start(fields: Record<string, unknown>, clock = new FakeClock(NOW)) {
  const topic = `test/events/${++n}`;
  const { deps, log } = testAdapterDeps({ clock, id: `events[${n}]` });
  const config = mqttEvents.schema.parse({ type: 'mqtt', topic, ...fields });
  const source = mqttEvents.create(config as never, { ...deps, mqtt: mq.bus });
  const updates: SignalUpdate[] = [];
  await source.start!((u) => updates.push(u));
  await roundTrip(mq.bus); // the SUBSCRIBE is in force at the broker
  /** Publishes and waits for an update (or, with `expectUpdate` false, for the message to be handled). */
  const send = async (payload: string, expectUpdate = true) => {
    const count = updates.length + 1;
    await mq.publisher.publishAsync(topic, payload);
    if (expectUpdate) await waitFor(() => updates.length >= count);
    else await log.until(() => log.entries.length > 0);
  };
  const last = () => updates.at(-1)?.reading.value as GridEvent[];
  return { source, updates, send, last, log, clock };
}

describe('mqtt grid events (issue 18)', () => {
  it('an ON state starts an event at the message, OFF ends it; a repeated ON keeps its start', async () => {
    const s = await start({ title: '§14a dimming', effect: { capW: 4200 }, maxMinutes: 120 });
    await s.send('ON');
    expect(s.last()).toEqual([
      {
        id: `events[${n}]@${NOW}`,
        title: '§14a dimming',
        start: NOW,
        end: NOW + 120 * 60_000, // the safety end when OFF never comes
        effect: { kind: 'cap', maxW: 4200 },
      },
    ]);
    await s.clock.advance(60_000);
    await s.send('true'); // a periodic or replayed retained ON: the same event
    expect(s.last()[0]?.start).toBe(NOW);
    await s.send('off');
    expect(s.last()).toEqual([]);
    await s.send('1');
    expect(s.last()[0]?.start).toBe(NOW + 60_000); // a new event from this ON
    await s.send('0');
    expect(s.last()).toEqual([]);
    await s.source.close!();
  });

  it('reads JSON events with their own window and effect, or the title rule, in start order', async () => {
    const s = await start({ effects: [{ match: 'free', effect: { pricePerKWh: 0 } }], effect: 'stop' });
    await s.send(
      JSON.stringify([
        { start: '2026-12-06T18:00:00+01:00', end: '2026-12-06T19:00:00+01:00', title: 'DR call' },
        { start: '2026-12-06T12:00:00Z', end: '2026-12-06T13:00:00Z', title: 'Free power' },
        { start: NOW + 3 * HOUR, end: NOW + 4 * HOUR, effect: { rewardPerKWh: 0.3 } }, // epoch ms
        { start: '2025-12-06T12:00:00Z', end: '2025-12-06T13:00:00Z', title: 'free, a year ago' },
      ]),
    );
    expect(s.last().map((e) => [e.title, new Date(e.start).toISOString(), e.effect])).toEqual([
      ['grid event', '2026-12-05T15:00:00.000Z', { kind: 'reward', perKWh: 0.3 }],
      ['Free power', '2026-12-06T12:00:00.000Z', { kind: 'price', perKWh: 0 }],
      ['DR call', '2026-12-06T17:00:00.000Z', { kind: 'stop' }],
    ]);
    await s.send(JSON.stringify({ start: '2026-12-06T12:00:00Z', end: '2026-12-06T13:00:00Z' }));
    expect(s.last().map((e) => e.title)).toEqual(['grid event']); // one object, not a list
    await s.source.close!();
  });

  it('logs a malformed payload once and keeps the last good list', async () => {
    const s = await start({ effect: 'stop' });
    await s.send(JSON.stringify({ start: '2026-12-06T12:00:00Z', end: '2026-12-06T13:00:00Z' }));
    const good = s.updates.length;
    await s.send('{"start": "tomorrow"', false);
    await mq.publisher.publishAsync(`test/events/${n}`, 'maybe');
    await mq.publisher.publishAsync(
      `test/events/${n}`,
      '{"start":"2026-12-06T12:00:00","end":"2026-12-06T13:00:00Z"}',
    );
    await mq.publisher.publishAsync(
      `test/events/${n}`,
      '{"start":"2026-12-06T14:00:00Z","end":"2026-12-06T13:00:00Z"}',
    );
    await roundTrip(mq.bus);
    expect(s.updates.length).toBe(good);
    expect(s.log.entries.filter((e) => e.msg.startsWith('input has no usable value')).length).toBe(1);
    await s.send('[]'); // a good payload again: recovered, the list is now empty
    expect(s.last()).toEqual([]);
    expect(s.log.messages()).toContain('input recovered');
    await s.source.close!();
  });

  it('parses states in any case and refuses a start without an offset', () => {
    for (const on of ['ON', 'on', 'true', 'TRUE', '1', ' 1\n'])
      expect(parseEventsPayload(Buffer.from(on))).toEqual({ kind: 'state', on: true });
    for (const off of ['OFF', 'false', '0'])
      expect(parseEventsPayload(Buffer.from(off))).toEqual({ kind: 'state', on: false });
    expect(
      parseEventsPayload(Buffer.from('{"start":"2026-12-06T12:00","end":"2026-12-06T13:00Z"}')).kind,
    ).toBe('bad');
    expect(parseEventsPayload(Buffer.from(''))).toEqual({ kind: 'events', events: [] });
  });

  it('needs the mqtt section', async () => {
    const { deps } = testAdapterDeps();
    const source = mqttEvents.create(
      mqttEvents.schema.parse({ type: 'mqtt', topic: 'x', effect: 'stop' }) as never,
      deps,
    );
    await expect(source.start!(() => undefined)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});

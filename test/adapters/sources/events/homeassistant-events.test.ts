import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHomeAssistantClient,
  type HomeAssistantClient,
} from '../../../../adapters/homeassistant/client.js';
import { homeAssistantEvents } from '../../../../adapters/sources/events/homeassistant-events.js';
import { systemClock } from '../../../../src/agent/clock.js';
import type { GridEvent } from '../../../../src/core/grid-events.js';
import type { Clock, SignalUpdate, Source } from '../../../../src/ports.js';
import { type HaEmulator, startHaEmulator } from '../../../emulators/homeassistant.js';
import { testAdapterDeps } from '../../../fakes/adapter-deps.js';
import { FakeClock } from '../../../fakes/clock.js';
import { waitFor } from '../../../fakes/mqtt-test-bus.js';

// A calendar entity's attributes: home-assistant/core @ 005fa3bd8fc9da9beb8f05dd37e60aa22a00068d,
// homeassistant/components/calendar/__init__.py, CalendarEntity.state_attributes: message, all_day,
// start_time / end_time as start_datetime_local.strftime(DATE_STR_FORMAT) = "%Y-%m-%d %H:%M:%S" in
// HA's time zone, location, description; state "on" while the event is under way.
const NOW = Date.parse('2026-12-05T12:00:00Z'); // 13:00 in Europe/Berlin (the test deps' site zone)

let ha: HaEmulator;
let clock: FakeClock;

/** Node's timers with the time starting at NOW, so the calendar's dates stay ahead whatever day the test runs. */
function realTimersFromNow(): Clock {
  const offset = Date.now() - NOW;
  return { ...systemClock, now: () => systemClock.now() - offset };
}
const open: { source: Source; client: HomeAssistantClient }[] = [];

beforeAll(async () => {
  clock = new FakeClock(NOW);
  ha = await startHaEmulator({ now: () => clock.now() });
});
afterEach(async () => {
  for (const { source, client } of open.splice(0)) {
    await source.close?.();
    await client.close();
  }
});
afterAll(async () => ha.close());

function make(fields: Record<string, unknown>, options: { clock?: Clock } = {}) {
  const { deps, log } = testAdapterDeps({ clock: options.clock ?? clock, id: 'events[3]' });
  const client = createHomeAssistantClient({ url: ha.url, token: ha.token, timeoutMs: 500 }, deps);
  const config = homeAssistantEvents.schema.parse({ type: 'homeassistant', mode: 'rest', ...fields });
  const source = homeAssistantEvents.create(config as never, { ...deps, homeassistant: client });
  open.push({ source, client });
  return { source, log };
}

async function events(source: Source): Promise<GridEvent[] | undefined> {
  const [update] = await source.poll!();
  return update?.reading.value as GridEvent[] | undefined;
}

const calendarState = (message: string, start: string, end: string, allDay = false) => ({
  message,
  all_day: allDay,
  start_time: start,
  end_time: end,
  location: '',
  description: '',
  friendly_name: 'Grid',
});

describe('homeassistant grid events (issue 18)', () => {
  it('reads a calendar entity’s next event in HA-local time, the effect by a word in its message', async () => {
    ha.setState(
      'calendar.grid',
      'off',
      calendarState('Free electricity', '2026-12-06 14:00:00', '2026-12-06 15:30:00'),
    );
    const { source } = make({
      entity: 'calendar.grid',
      calendar: 'state',
      effects: [{ match: 'free', effect: { pricePerKWh: 0 } }],
    });
    expect(await events(source)).toEqual([
      {
        id: `events[3]:${Date.parse('2026-12-06T13:00:00Z')}`,
        title: 'Free electricity',
        start: Date.parse('2026-12-06T13:00:00Z'),
        end: Date.parse('2026-12-06T14:30:00Z'),
        effect: { kind: 'price', perKWh: 0 },
      },
    ]);
    // An all-day event: local midnight to the next midnight; a message no rule matches is skipped.
    ha.setState(
      'calendar.grid',
      'on',
      calendarState('Free day', '2026-12-05 00:00:00', '2026-12-06 00:00:00', true),
    );
    const [day] = (await events(source))!;
    expect([new Date(day!.start).toISOString(), new Date(day!.end).toISOString()]).toEqual([
      '2026-12-04T23:00:00.000Z',
      '2026-12-05T23:00:00.000Z',
    ]);
    ha.setState(
      'calendar.grid',
      'off',
      calendarState('Dentist', '2026-12-07 09:00:00', '2026-12-07 10:00:00'),
    );
    expect(await events(source)).toEqual([]);
    ha.setState('calendar.grid', 'off', { friendly_name: 'Grid' }); // no upcoming event at all
    expect(await events(source)).toEqual([]);
  });

  it('honours timeZone when Home Assistant runs in another zone than the site', async () => {
    ha.setState(
      'calendar.uk',
      'off',
      calendarState('Saving session', '2026-12-06 17:00:00', '2026-12-06 18:00:00'),
    );
    const { source } = make({
      entity: 'calendar.uk',
      calendar: 'state',
      effect: { rewardPerKWh: 2.25 },
      timeZone: 'Europe/London',
    });
    expect((await events(source))![0]!.start).toBe(Date.parse('2026-12-06T17:00:00Z'));
  });

  it('an on/off entity: on is an event from when it turned on until off or maxMinutes', async () => {
    ha.setState('binary_sensor.grid_dimming', 'on', { friendly_name: '§14a' });
    const turnedOn = clock.now();
    await clock.advance(5 * 60_000);
    const { source } = make({ entity: 'binary_sensor.grid_dimming', effect: { capW: 4200 }, maxMinutes: 60 });
    expect(await events(source)).toEqual([
      {
        id: `events[3]@${turnedOn}`,
        title: 'binary_sensor.grid_dimming',
        start: turnedOn, // last_updated, not when we first polled
        end: turnedOn + 60 * 60_000,
        effect: { kind: 'cap', maxW: 4200 },
      },
    ]);
    await clock.advance(60_000);
    expect((await events(source))![0]!.start).toBe(turnedOn);
    ha.setState('binary_sensor.grid_dimming', 'off');
    expect(await events(source)).toEqual([]);
  });

  it('unavailable or broken attributes: logged once, no update, so the last good list stays', async () => {
    ha.setState('input_boolean.dr', 'unavailable');
    const { source, log } = make({ entity: 'input_boolean.dr', effect: 'stop' });
    expect(await source.poll!()).toEqual([]);
    expect(await source.poll!()).toEqual([]);
    ha.setState('calendar.broken', 'off', calendarState('x', '2026-12-06T14:00:00+01:00', 'soon'));
    const cal = make({ entity: 'calendar.broken', calendar: 'state', effect: 'stop' });
    expect(await cal.source.poll!()).toEqual([]);
    const warnings = [...log.entries, ...cal.log.entries].filter((e) =>
      e.msg.startsWith('input has no usable'),
    );
    expect(warnings.map((e) => e.reason)).toEqual([
      'state is "unavailable"',
      expect.stringContaining('YYYY-MM-DD'),
    ]);
    ha.setState('input_boolean.dr', 'off');
    expect(await events(source)).toEqual([]);
    expect(log.messages()).toContain('input recovered');
  });

  it('follows the entity over the WebSocket', async () => {
    // Real timers (the WebSocket's auth timeout runs on a real socket), the time from NOW.
    ha.setState(
      'calendar.ws',
      'off',
      calendarState('Free electricity', '2026-12-06 14:00:00', '2026-12-06 15:00:00'),
    );
    const { source } = make(
      { entity: 'calendar.ws', calendar: 'state', mode: 'websocket', effect: { pricePerKWh: 0 } },
      { clock: realTimersFromNow() },
    );
    const updates: SignalUpdate[] = [];
    await source.start!((u) => updates.push(u));
    await waitFor(() => updates.length === 1);
    ha.setState(
      'calendar.ws',
      'off',
      calendarState('Free electricity', '2026-12-07 14:00:00', '2026-12-07 15:00:00'),
    );
    await waitFor(() => updates.length === 2);
    const starts = updates.map((u) => new Date((u.reading.value as GridEvent[])[0]!.start).toISOString());
    expect(starts).toEqual(['2026-12-06T13:00:00.000Z', '2026-12-07T13:00:00.000Z']);
  });

  it('lists every event ahead from the calendar API: dateTime with offset, all-day date, occurrences', async () => {
    // GET /api/calendars/<entity_id>?start&end: CalendarEventView, rows from _api_event_dict_factory.
    ha.setCalendarEvents('calendar.octopus', [
      {
        start: { dateTime: '2026-12-06T13:00:00+00:00' },
        end: { dateTime: '2026-12-06T14:00:00+00:00' },
        summary: 'Free electricity',
        description: null,
        location: null,
        uid: 'free-1@octopus',
        recurrence_id: null,
        rrule: null,
      },
      { start: { date: '2026-12-08' }, end: { date: '2026-12-09' }, summary: 'Peak alert', uid: 'peak' },
      {
        start: { dateTime: '2026-12-08T17:00:00+01:00' },
        end: { dateTime: '2026-12-08T19:00:00+01:00' },
        summary: '§14a dimming',
        uid: 'dim',
        recurrence_id: '20261208T170000',
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
      },
      {
        start: { dateTime: '2026-12-07T09:00:00+01:00' },
        end: { dateTime: '2026-12-07T10:00:00+01:00' },
        summary: 'Dentist',
      },
      {
        start: { dateTime: '2027-02-01T09:00:00+01:00' },
        end: { dateTime: '2027-02-01T10:00:00+01:00' },
        summary: 'Free later',
      },
    ]);
    ha.setState(
      'calendar.octopus',
      'off',
      calendarState('Free electricity', '2026-12-06 14:00:00', '2026-12-06 15:00:00'),
    );
    const rules = {
      effects: [
        { match: 'free', effect: { pricePerKWh: 0 } },
        { match: 'peak', effect: 'stop' },
        { match: 'dimming', effect: { capW: 4200 } },
      ],
    };
    const { source } = make({ entity: 'calendar.octopus', ...rules });
    const list = (await events(source))!;
    expect(list.map((e) => [e.id, new Date(e.start).toISOString(), new Date(e.end).toISOString()])).toEqual([
      ['events[3]:free-1@octopus', '2026-12-06T13:00:00.000Z', '2026-12-06T14:00:00.000Z'],
      ['events[3]:peak', '2026-12-07T23:00:00.000Z', '2026-12-08T23:00:00.000Z'], // HA-local day (Berlin)
      ['events[3]:dim/20261208T170000', '2026-12-08T16:00:00.000Z', '2026-12-08T18:00:00.000Z'],
    ]);
    ha.setCalendarEvents('calendar.octopus', [{ start: { dateTime: 'soon' }, end: {}, summary: 'Free' }]);
    await expect(source.poll!()).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('reads the calendar list again when the entity changes over the WebSocket', async () => {
    const free = (day: string) => ({
      start: { dateTime: `2026-12-${day}T13:00:00+00:00` },
      end: { dateTime: `2026-12-${day}T14:00:00+00:00` },
      summary: 'Free electricity',
      uid: `free-${day}`,
    });
    ha.setCalendarEvents('calendar.ws_list', [free('06')]);
    ha.setState(
      'calendar.ws_list',
      'off',
      calendarState('Free electricity', '2026-12-06 14:00:00', '2026-12-06 15:00:00'),
    );
    // Real timers (the WebSocket's auth timeout runs on a real socket), the time from NOW.
    const { source } = make(
      { entity: 'calendar.ws_list', mode: 'websocket', effect: { pricePerKWh: 0 } },
      { clock: realTimersFromNow() },
    );
    const updates: SignalUpdate[] = [];
    await source.start!((u) => updates.push(u));
    await waitFor(() => updates.length === 1);
    ha.setCalendarEvents('calendar.ws_list', [free('06'), free('07')]);
    ha.setState(
      'calendar.ws_list',
      'off',
      calendarState('Free electricity', '2026-12-07 14:00:00', '2026-12-07 15:00:00'),
    );
    await waitFor(() => updates.length === 2);
    expect((updates[1]!.reading.value as GridEvent[]).map((e) => e.id)).toEqual([
      'events[3]:free-06',
      'events[3]:free-07',
    ]);
  });

  it('needs an effect and the homeassistant section', async () => {
    expect(
      homeAssistantEvents.schema.safeParse({ type: 'homeassistant', entity: 'calendar.grid' }).success,
    ).toBe(false);
    const { deps } = testAdapterDeps();
    const config = homeAssistantEvents.schema.parse({
      type: 'homeassistant',
      entity: 'calendar.grid',
      effect: 'stop',
    });
    await expect(homeAssistantEvents.create(config as never, deps).poll!()).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
  });
});

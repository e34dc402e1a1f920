import { describe, expect, it } from 'vitest';
import {
  applyDiff,
  fromCompressed,
  isNoData,
  observedAt,
  parseRestState,
} from '../../../adapters/homeassistant/entity-state.js';

describe('Home Assistant entity states', () => {
  it('reads a REST state object with last_reported', () => {
    const state = parseRestState(
      {
        entity_id: 'sensor.grid',
        state: '-512.3',
        attributes: { unit_of_measurement: 'W', device_class: 'power' },
        last_changed: '2025-01-15T10:00:00.000+00:00',
        last_updated: '2025-01-15T10:00:00.000+00:00',
        last_reported: '2025-01-15T10:59:30.500+00:00',
      },
      'sensor.grid',
    );
    expect(state).toEqual({
      entityId: 'sensor.grid',
      state: '-512.3',
      attributes: { unit_of_measurement: 'W', device_class: 'power' },
      lastUpdatedAt: Date.UTC(2025, 0, 15, 10),
      lastReportedAt: Date.UTC(2025, 0, 15, 10, 59, 30, 500),
    });
    expect(observedAt(state)).toBe(Date.UTC(2025, 0, 15, 10, 59, 30, 500));
    // Older HA versions have no last_reported: last_updated is the best we know.
    const old = parseRestState({ state: '1', last_updated: '2025-01-15T10:00:00Z' }, 'sensor.x');
    expect(observedAt(old)).toBe(Date.UTC(2025, 0, 15, 10));
    expect(old.attributes).toEqual({});
  });

  it('refuses a reply that is not a state object', () => {
    expect(() => parseRestState({ message: 'Entity not found.' }, 'sensor.x')).toThrow(
      'sensor.x: Home Assistant sent no state object',
    );
    expect(() => parseRestState(null, 'sensor.x')).toThrow(/no state object/);
  });

  it('knows the no-data placeholders', () => {
    expect(['unknown', 'unavailable', ''].map(isNoData)).toEqual([true, true, true]);
    expect(['0', 'off', 'Unknown'].map(isNoData)).toEqual([false, false, false]);
  });

  it('builds from the compressed snapshot (lu omitted when equal to lc) and applies diffs', () => {
    const first = fromCompressed('sensor.room', {
      s: 20.5,
      a: { unit_of_measurement: '°C', friendly_name: 'Room' },
      lc: 1736935200.25,
    });
    expect(first).toEqual({
      entityId: 'sensor.room',
      state: '20.5',
      attributes: { unit_of_measurement: '°C', friendly_name: 'Room' },
      lastUpdatedAt: 1736935200250,
    });
    const second = applyDiff(first, { '+': { s: '21', lu: 1736935260 }, '-': { a: ['friendly_name'] } });
    expect(second).toEqual({
      entityId: 'sensor.room',
      state: '21',
      attributes: { unit_of_measurement: '°C' },
      lastUpdatedAt: 1736935260000,
    });
    expect(first.attributes.friendly_name).toBe('Room'); // the previous state is not mutated
    const third = applyDiff(second, { '+': { a: { unit_of_measurement: '°F' } } });
    expect(third).toMatchObject({
      state: '21',
      attributes: { unit_of_measurement: '°F' },
      lastUpdatedAt: 1736935260000,
    });
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type HouseFitOptions, houseFitCommand } from '../../src/cli/house.js';
import { type RoomModel, stepRoom } from '../../src/core/planner/thermal.js';

// Outdoor: the real Frankfurt week (test/fixtures/backtest/weather-week.json, Open-Meteo archive,
// 2024-01-08..15 from 00:00 local = 2024-01-07T23:00Z, hourly). The room: our own room model with known
// parameters, a 2 kW heater on a thermostat (on below 20 °C, off above 21 °C).
const weather = JSON.parse(readFileSync('test/fixtures/backtest/weather-week.json', 'utf8')) as {
  hourly: { temperature_2m: number[] };
};
const T0 = Date.UTC(2024, 0, 7, 23);
const MIN = 60_000;
const TRUE = { heatLossWPerK: 90, capacityKWhPerK: 3, gainsW: 250 };
const room: RoomModel = {
  heatLossWPerK: TRUE.heatLossWPerK,
  capacityKWhPerK: TRUE.capacityKWhPerK,
  minC: -100,
  maxC: 100,
  bandC: 0,
  heater: { type: 'none' },
  heaterMaxW: 0,
};

/** The house every 5 minutes for the week. */
function simulateWeek() {
  const rows: { at: number; roomC: number; outdoorC: number; heaterW: number }[] = [];
  let roomC = 20.5;
  let on = false;
  for (let t = T0; t < T0 + 168 * 60 * MIN; t += 5 * MIN) {
    const outdoorC = weather.hourly.temperature_2m[Math.floor((t - T0) / (60 * MIN))]!;
    on = roomC < 20 ? true : roomC > 21 ? false : on;
    const heaterW = on ? 2000 : 0;
    rows.push({ at: t, roomC, outdoorC, heaterW });
    roomC = stepRoom(room, roomC, { heatInW: heaterW + TRUE.gainsW, outdoorC, hours: 5 / 60 }).endC;
  }
  return rows;
}

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

function run(file: string, extra: Partial<HouseFitOptions> = {}) {
  const out = sink();
  const err = sink();
  const options: HouseFitOptions = {
    csv: file,
    room: 'room_c',
    outdoor: 'outdoor_c',
    power: 'heater_w',
    step: '15',
    tz: 'UTC',
    ...extra,
  };
  const code = houseFitCommand(options, { stdout: out.stream, stderr: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

const within = (value: number, truth: number, share: number) =>
  expect(Math.abs(value / truth - 1), `${value} vs ${truth}`).toBeLessThan(share);

describe('hashheat house fit', () => {
  const week = simulateWeek();
  const dir = mkdtempSync(join(tmpdir(), 'hashheat-fit-'));

  it('fits a CSV with one column per quantity and prints the fit, its error and config keys', () => {
    const csv = week.map((r) => `${new Date(r.at).toISOString()},${r.roomC},${r.outdoorC},${r.heaterW}`);
    writeFileSync(join(dir, 'house.csv'), `time,room_c,outdoor_c,heater_w\n${csv.join('\n')}\n`);
    const json = run(join(dir, 'house.csv'), { json: true });
    expect(json.code, json.stderr).toBe(0);
    const fit = JSON.parse(json.stdout) as { heatLossWPerK: number; capacityKWhPerK: number; gainsW: number };
    // The heater switches within a 15-min step here, which its mean power over the step stands for.
    within(fit.heatLossWPerK, TRUE.heatLossWPerK, 0.03);
    within(fit.capacityKWhPerK, TRUE.capacityKWhPerK, 0.03);
    within(fit.gainsW, TRUE.gainsW, 0.1);
    const text = run(join(dir, 'house.csv'), { step: '5' });
    expect(text.stdout).toMatch(/heat loss +90\.0 W\/K/);
    expect(text.stdout).toMatch(/capacity +3\.00 kWh\/K/);
    expect(text.stdout).toMatch(/fit error +0\.000 K RMS one step ahead/);
    expect(text.stdout).toMatch(/heatLossWPerK: 90\n {2}capacityKWhPerK: 3\.00\n {2}baseHeatW: 250/);
  });

  it('reads a Home Assistant history export: state changes only, 0.1 K sensor, unavailable gaps', () => {
    // Download data in Developer Tools / History writes `entity_id,state,last_changed`, one row per
    // change, times in UTC with Z (a row repeats no unchanged state).
    const rows: string[] = [];
    const last = new Map<string, string>();
    const emit = (id: string, state: string, at: number) => {
      if (last.get(id) === state) return;
      last.set(id, state);
      rows.push(`${id},${state},${new Date(at).toISOString()}`);
    };
    week.forEach((r, i) => {
      emit('sensor.living_temperature', i === 400 ? 'unavailable' : r.roomC.toFixed(1), r.at);
      emit('sensor.outdoor_temperature', r.outdoorC.toFixed(1), r.at);
      emit('sensor.heater_power', String(r.heaterW), r.at);
    });
    writeFileSync(join(dir, 'ha.csv'), `entity_id,state,last_changed\n${rows.join('\n')}\n`);
    const result = run(join(dir, 'ha.csv'), {
      room: 'sensor.living_temperature',
      outdoor: 'sensor.outdoor_temperature',
      power: 'sensor.heater_power',
      json: true,
    });
    expect(result.code, result.stderr).toBe(0);
    const fit = JSON.parse(result.stdout) as {
      format: string;
      heatLossWPerK: number;
      capacityKWhPerK: number;
      rmsStepK: number;
      used: number;
      steps: number;
    };
    expect(fit.format).toBe('home-assistant');
    expect(fit.used).toBeLessThan(fit.steps);
    // Measured: 90.5 W/K, 3.01 kWh/K, 260 W, 0.038 K.
    within(fit.heatLossWPerK, TRUE.heatLossWPerK, 0.03);
    within(fit.capacityKWhPerK, TRUE.capacityKWhPerK, 0.03);
    // A 0.1 K sensor rounds by up to 0.05 K: the one-step error is of that size.
    expect(fit.rmsStepK).toBeLessThan(0.06);
  });

  it('names the missing column or entity and rejects bad options', () => {
    const missing = run(join(dir, 'house.csv'), { room: 'indoor' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no column "indoor" \(columns: time, room_c, outdoor_c, heater_w\)/);
    const ha = run(join(dir, 'ha.csv'), { room: 'sensor.nope', outdoor: 'sensor.outdoor_temperature' });
    expect(ha.stderr).toMatch(/no rows for sensor\.nope, sensor\.heater_w|no rows for sensor\.nope/);
    expect(run(join(dir, 'house.csv'), { tz: 'Mars/Olympus' }).code).toBe(2);
    expect(run(join(dir, 'house.csv'), { step: '0' }).code).toBe(2);
    expect(run(join(dir, 'nothing.csv')).stderr).toMatch(/nothing\.csv: ENOENT/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fitHouse, type HouseSample } from '../../src/core/house-fit.js';
import { type RoomModel, stepRoom } from '../../src/core/planner/thermal.js';

// Outdoor temperatures: the real Frankfurt week of test/fixtures/backtest/weather-week.json (Open-Meteo
// archive, 2024-01-08..15, −6 to +3 °C), hourly.
const weather = JSON.parse(readFileSync('test/fixtures/backtest/weather-week.json', 'utf8')) as {
  hourly: { temperature_2m: number[] };
};
const outdoor = weather.hourly.temperature_2m;

const TRUE = { heatLossWPerK: 120, capacityKWhPerK: 4, gainsW: 300 };

/** A deterministic normal number stream (xorshift + Box–Muller), for repeatable noise. */
function normals(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/**
 * A history from our own room model (stepRoom, as the backtest simulator steps the room): a 3 kW heater
 * on a thermostat (on below 20 °C, off above 21.5 °C), every `minutes` over the week.
 */
function history(minutes: number, noiseK = 0, seed = 1): HouseSample[] {
  const room: RoomModel = {
    heatLossWPerK: TRUE.heatLossWPerK,
    capacityKWhPerK: TRUE.capacityKWhPerK,
    minC: -100,
    maxC: 100,
    bandC: 0,
    heater: { type: 'none' },
    heaterMaxW: 0,
  };
  const noise = normals(seed);
  const steps = (outdoor.length * 60) / minutes;
  const out: HouseSample[] = [];
  let roomC = 20.5;
  let on = false;
  for (let n = 0; n <= steps; n++) {
    const outdoorC = outdoor[Math.min(outdoor.length - 1, Math.floor((n * minutes) / 60))]!;
    on = roomC < 20 ? true : roomC > 21.5 ? false : on;
    const heatW = on ? 3000 : 0;
    out.push({ roomC: roomC + noiseK * noise(), outdoorC, heatW });
    roomC = stepRoom(room, roomC, { heatInW: heatW + TRUE.gainsW, outdoorC, hours: minutes / 60 }).endC;
  }
  return out;
}

const within = (value: number, truth: number, share: number) =>
  expect(Math.abs(value / truth - 1), `${value} vs ${truth}`).toBeLessThan(share);

describe('fitHouse', () => {
  it('recovers heat loss, capacity and gains from a history our simulator made', () => {
    for (const minutes of [15, 60]) {
      const fit = fitHouse(history(minutes), minutes * 60_000);
      within(fit.heatLossWPerK, TRUE.heatLossWPerK, 0.01);
      within(fit.capacityKWhPerK, TRUE.capacityKWhPerK, 0.01);
      within(fit.gainsW, TRUE.gainsW, 0.02);
      within(fit.tauH, (TRUE.capacityKWhPerK * 1000) / TRUE.heatLossWPerK, 0.01);
      expect(fit.rmsStepK).toBeLessThan(0.001);
      expect(fit.rmsRunK).toBeLessThan(0.01);
      expect(fit.sigma.heatLossWPerK).toBeLessThan(0.01);
    }
  });

  it('on noisy room temperatures stays within a few per cent and says how sure it is', () => {
    // 0.05 K of sensor noise (1σ) on every 15-min reading: heat loss and capacity stay within a few
    // per cent; the gains, which a week of data barely separates from the heat loss, within their 1σ.
    for (const seed of [1, 3, 7]) {
      const fit = fitHouse(history(15, 0.05, seed), 15 * 60_000);
      within(fit.heatLossWPerK, TRUE.heatLossWPerK, 0.06);
      within(fit.capacityKWhPerK, TRUE.capacityKWhPerK, 0.05);
      expect(Math.abs(fit.heatLossWPerK - TRUE.heatLossWPerK)).toBeLessThan(3 * fit.sigma.heatLossWPerK);
      expect(Math.abs(fit.gainsW - TRUE.gainsW)).toBeLessThan(3 * fit.sigma.gainsW);
      expect(fit.sigma.heatLossWPerK / fit.heatLossWPerK).toBeLessThan(0.15);
      expect(fit.sigma.heatLossWPerK).toBeGreaterThan(0);
      // One-step errors carry the noise twice (two readings): about 0.05·√2 K.
      expect(fit.rmsStepK).toBeGreaterThan(0.06);
      expect(fit.rmsStepK).toBeLessThan(0.08);
      expect(fit.rmsRunK).toBeLessThan(0.12);
    }
  });

  it('skips gaps and says clearly when the history cannot determine the house', () => {
    const gappy = history(60).map((s, i) => (i % 10 === 3 ? { ...s, roomC: Number.NaN } : s));
    const fit = fitHouse(gappy, 3_600_000);
    expect(fit.used).toBeLessThan(fit.steps);
    within(fit.heatLossWPerK, TRUE.heatLossWPerK, 0.01);
    expect(() => fitHouse(history(60).slice(0, 10), 3_600_000)).toThrow(/at least 24/);
    const flat = history(60).map((s) => ({ ...s, heatW: 1000, outdoorC: 0 }));
    expect(() => fitHouse(flat, 3_600_000)).toThrow(/cannot separate|not a physical room/);
  });
});

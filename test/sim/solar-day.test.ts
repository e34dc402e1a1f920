import { describe, expect, it } from 'vitest';
import { type MinerModel, OFF } from '../../src/core/model.js';
import { cloudyDay } from '../../src/sim/solar-day.js';
import { replayEvccOnOff, replayHashheat } from '../../src/sim/surplus-replay.js';
import { HASHPRICE_2025, makeModel, nanoMiner } from '../fakes/world.js';

const DAY_START = Date.UTC(2025, 4, 14, 22, 0, 0); // 2025-05-15 00:00 Europe/Berlin
const prices = { importPerKWh: 0.3, exportPerKWh: 0.02, hashprice: HASHPRICE_2025, poolFee: 0.02 };
/** hashheat's default guards (config defaults). */
const defaults = {
  minOnMs: 300_000,
  minOffMs: 300_000,
  minDwellMs: 120_000,
  hysteresisPerHour: 0.001,
  maxStartsPerDay: 48,
  enableDelayMs: 60_000,
  disableDelayMs: 180_000,
  disableThresholdW: 0,
};

/** An S19j-class miner on Braiins OS: power target 400–1000 W. */
const garage: MinerModel = nanoMiner({
  id: 'garage',
  zoneId: undefined,
  priority: 10,
  levels: [OFF, { id: 'p400', powerW: 400, ths: 16 }, { id: 'p1000', powerW: 1000, ths: 36 }],
  continuous: { minW: 400, maxW: 1000, stepW: 50 },
  guards: defaults,
});
/** An Avalon Mini 3-class miner with three work modes. */
const mini: MinerModel = nanoMiner({
  id: 'mini',
  zoneId: undefined,
  levels: [
    OFF,
    { id: 'eco', powerW: 400, ths: 20 },
    { id: 'standard', powerW: 600, ths: 29 },
    { id: 'super', powerW: 800, ths: 37.5 },
  ],
  guards: defaults,
});

describe('a cloudy day of solar surplus, two miners', () => {
  const day = cloudyDay(DAY_START);
  const hashheat = replayHashheat(day, makeModel({ miners: [garage, mini], zones: [] }), prices);
  const evcc = replayEvccOnOff(
    day,
    [
      { id: 'garage', level: { id: 'on', powerW: 1000, ths: 36 } },
      { id: 'mini', level: { id: 'on', powerW: 800, ths: 37.5 } },
    ],
    prices,
  );

  it('prints both strategies', () => {
    const row = (r: typeof hashheat) =>
      `${r.strategy.padEnd(18)} mined ${r.minedKWh.toFixed(2)} kWh, imported ${r.importedKWh.toFixed(2)} kWh, ` +
      `unused surplus ${r.unusedSurplusKWh.toFixed(2)} kWh, starts ${r.starts}, commands ${r.commands}, ` +
      `max ${r.maxCommandsPer10Min}/10 min, net ${(r.netValue * 100).toFixed(1)} ct`;
    console.log(`\n${row(hashheat)}\n${row(evcc)}`);
    const pvKWh = day.reduce((s, m) => s + m.pvW, 0) / 60_000;
    expect(pvKWh).toBeGreaterThan(15);
  });

  it('absorbs more surplus than evcc-style on/off', () => {
    expect(hashheat.unusedSurplusKWh).toBeLessThan(evcc.unusedSurplusKWh);
    expect(hashheat.minedKWh - hashheat.importedKWh).toBeGreaterThan(evcc.minedKWh - evcc.importedKWh);
  });

  it('with less grid import and fewer starts', () => {
    expect(hashheat.importedKWh).toBeLessThan(evcc.importedKWh);
    expect(hashheat.starts).toBeLessThan(evcc.starts);
  });

  it('without a command storm', () => {
    expect(hashheat.maxCommandsPer10Min).toBeLessThanOrEqual(8);
    expect(hashheat.netValue).toBeGreaterThan(evcc.netValue);
  });
});

import { describe, expect, it } from 'vitest';
import { cloudyDay } from '../../src/sim/solar-day.js';
import { replayEvccOnOff, replayHashheat } from '../../src/sim/surplus-replay.js';
import { HASHPRICE_2025, makeModel } from '../fakes/world.js';
import { GARAGE, MINI } from './surplus-miners.js';

const DAY_START = Date.UTC(2025, 4, 14, 22, 0, 0); // 2025-05-15 00:00 Europe/Berlin
const prices = { importPerKWh: 0.3, exportPerKWh: 0.02, hashprice: HASHPRICE_2025, poolFee: 0.02 };

describe('a cloudy day of solar surplus, two miners', () => {
  const day = cloudyDay(DAY_START);
  const hashheat = replayHashheat(day, makeModel({ miners: [GARAGE, MINI], zones: [] }), prices);
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

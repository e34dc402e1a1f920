import { type MinerModel, OFF } from '../../src/core/model.js';
import { nanoMiner } from '../fakes/world.js';

// The miners of the surplus-day simulations (solar-day, zero-export-day, evcc-day), with hashheat's
// default guards, so the days compare like with like.

/** hashheat's default guards (config defaults: enable 60 s, disable 180 s, like evcc's). */
export const DEFAULT_GUARDS = {
  minOnMs: 300_000,
  minOffMs: 300_000,
  minDwellMs: 120_000,
  hysteresisPerHour: 0.001,
  maxStartsPerDay: 48,
  enableDelayMs: 60_000,
  disableDelayMs: 180_000,
  disableThresholdW: 0,
};

/** An S19j-class miner on Braiins OS following surplus with a power target from 400 to 1000 W. */
export const GARAGE: MinerModel = nanoMiner({
  id: 'garage',
  zoneId: undefined,
  priority: 10,
  levels: [OFF, { id: 'p400', powerW: 400, ths: 16 }, { id: 'p1000', powerW: 1000, ths: 36 }],
  continuous: { minW: 400, maxW: 1000, stepW: 50 },
  guards: DEFAULT_GUARDS,
});

/** An Avalon Mini 3-class miner with three work modes. */
export const MINI: MinerModel = nanoMiner({
  id: 'mini',
  zoneId: undefined,
  levels: [
    OFF,
    { id: 'eco', powerW: 400, ths: 20 },
    { id: 'standard', powerW: 600, ths: 29 },
    { id: 'super', powerW: 800, ths: 37.5 },
  ],
  guards: DEFAULT_GUARDS,
});

import { seededRandom } from './seeded-random.js';

/** One minute of a household: PV production and house load (without the miners), in W. */
export interface SiteMinute {
  at: number;
  pvW: number;
  houseW: number;
}

/** Clear-sky PV (W) at a minute of the day: a sine bell between sunrise and sunset. */
function clearSkyW(minute: number, peakW: number): number {
  const sunrise = 6.5 * 60;
  const sunset = 20 * 60;
  if (minute <= sunrise || minute >= sunset) return 0;
  return peakW * Math.sin((Math.PI * (minute - sunrise)) / (sunset - sunrise)) ** 1.5;
}

/** Appliances with their start minute, duration (min) and power (W): kettles, a washing machine, an oven. */
const APPLIANCES = [
  { start: 7 * 60 + 10, minutes: 3, powerW: 2000 },
  { start: 10 * 60 + 30, minutes: 25, powerW: 2100 },
  { start: 12 * 60 + 5, minutes: 40, powerW: 1800 },
  { start: 13 * 60, minutes: 3, powerW: 2000 },
  { start: 16 * 60 + 30, minutes: 4, powerW: 2000 },
];

/**
 * A recorded-style cloudy spring day at one-minute resolution: PV with a 5 kW peak and passing
 * clouds (dips to 25–45 % lasting 2–12 min, more in the afternoon), a house base load with meter
 * noise, and appliances (kettles, a washing machine, an oven) switching on. Deterministic by seed.
 */
export function cloudyDay(startAt: number, seed = 42, peakW = 5000): SiteMinute[] {
  const random = seededRandom(seed);
  const minutes: SiteMinute[] = [];
  let cloudLeft = 0;
  let cloudFactor = 1;
  for (let m = 0; m < 24 * 60; m++) {
    if (cloudLeft > 0) cloudLeft -= 1;
    else if (random() < (m > 13 * 60 ? 0.05 : 0.025)) {
      cloudLeft = 2 + Math.floor(random() * 11);
      cloudFactor = 0.25 + random() * 0.2;
    }
    const pvW = clearSkyW(m, peakW) * (cloudLeft > 0 ? cloudFactor : 1);
    const appliancesW = APPLIANCES.filter((a) => m >= a.start && m < a.start + a.minutes).reduce(
      (s, a) => s + a.powerW,
      0,
    );
    const houseW = 280 + 40 * Math.sin(m / 37) + (random() - 0.5) * 60 + appliancesW;
    minutes.push({ at: startAt + m * 60_000, pvW: Math.round(pvW), houseW: Math.round(houseW) });
  }
  return minutes;
}

// The May day both evcc day tests replay (evcc-day.test.ts through decide(), evcc-day-agent*.test.ts
// through the whole agent): the house, the roof and the car's hours.

export const DAY_START = Date.UTC(2025, 4, 14, 22, 0, 0); // 2025-05-15 00:00 Europe/Berlin
/** evcc's default loop interval, and the agent's tick. */
export const STEP_MS = 30_000;
export const HOUSE_W = 400;

/** A May day on a 4 kWp roof: a sine from 06:00 to 20:00, 3.5 kW at its top, clouds every 50 min for 15 min. */
export function pvW(at: number): number {
  const h = (at - DAY_START) / 3_600_000;
  const clear = h < 6 || h > 20 ? 0 : 3500 * Math.sin((Math.PI * (h - 6)) / 14);
  const cloud = Math.floor((at - DAY_START) / 60_000) % 50 < 15 ? 0.35 : 1;
  return clear * cloud;
}

/** The car is plugged in from 10:00 to 14:00. */
export const plugged = (at: number) => at >= DAY_START + 10 * 3_600_000 && at < DAY_START + 14 * 3_600_000;

import { expect, it } from 'vitest';
import { describeWindow, evccDayWindow } from './evcc-day-agent.js';

// Midday with the car plugged in and clouds every 50 min: the car, first in priority, takes the surplus.
it('11:15–12:45: the car charges through the clouds; never both on import longer than a disable delay', async () => {
  const m = await evccDayWindow(11.25, 12.75);
  console.log(describeWindow('11:15–12:45', m));
  expect(m.carKWh).toBeGreaterThan(2.5);
  expect(m.longestBothMs).toBeLessThanOrEqual(180_000);
  expect(m.importedKWh).toBeLessThan(0.15);
}, 60_000);

import { expect, it } from 'vitest';
import { describeWindow, evccDayWindow } from './evcc-day-agent.js';

// The car leaves at 14:00: the miner takes the surplus over.
it('12:45–14:15: the car charges until it leaves, then the miner takes over; never both on import longer than a disable delay', async () => {
  const m = await evccDayWindow(12.75, 14.25);
  console.log(`${describeWindow('12:45–14:15', m)}, miner after 14:00 ${m.minerAfterCarKWh.toFixed(2)} kWh`);
  expect(m.carKWh).toBeGreaterThan(2.5);
  expect(m.minerAfterCarKWh).toBeGreaterThan(0.1);
  expect(m.longestBothMs).toBeLessThanOrEqual(180_000);
  expect(m.importedKWh).toBeLessThan(0.1);
}, 60_000);

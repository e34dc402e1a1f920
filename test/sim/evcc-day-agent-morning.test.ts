import { expect, it } from 'vitest';
import { describeWindow, evccDayWindow } from './evcc-day-agent.js';

// The car (evcc, priority 1) arrives at 10:00; before that the miner (priority 10) has the surplus.
it('09:45–11:15: the miner runs on surplus until the car arrives, then yields; never both on import longer than a disable delay', async () => {
  const m = await evccDayWindow(9.75, 11.25);
  console.log(describeWindow('09:45–11:15', m));
  expect(m.minerKWh).toBeGreaterThan(0.1); // the Braiins emulator's target and pause state: the device
  expect(m.carKWh).toBeGreaterThan(1.5);
  expect(m.longestBothMs).toBeLessThanOrEqual(180_000);
  expect(m.importedKWh).toBeLessThan(0.1);
}, 60_000);

// A process that writes history intervals as fast as it can, ten rows a write, printing how many
// writes finished; the crash test kills it with SIGKILL in the middle of this.
import { HistoryStore } from '../../src/history/store.js';

const store = new HistoryStore(process.argv[2]!);
for (let batch = 0; ; batch++) {
  const rows = Array.from({ length: 10 }, (_, i) => ({
    minerId: `m${i}`,
    start: batch * 900_000,
    energyKWh: 0.035,
    revenue: 0.001,
    heatCredit: 0.01,
    powerCost: 0.011,
  }));
  store.write(rows);
  process.stdout.write(`${batch + 1}\n`);
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/agent/clock.js';
import { checkCommand } from '../../src/cli/check.js';

// Issue 18: `hashheat check` names each event source's own list (not the newest list of any source).
// The check runs at a fixed moment (real timers, a fixed `now`): 10 December 2026, 11:00 in Berlin. The
// Outlook fixture's daily 17:00–18:00 slot (1 Dec 2026 to 2 Apr 2027) then has exactly one event in the
// next day, that evening's; on the wall clock the count would depend on the hour the test runs.
const now = Date.UTC(2026, 11, 10, 10, 0, 0);
const clock = { ...systemClock, now: () => now };
describe('hashheat check: grid event sources', () => {
  it('counts each source’s events and names the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hashheat-check-'));
    const path = join(dir, 'hashheat.yaml');
    const ics = join(import.meta.dirname, '../fixtures/events/outlook-export.ics');
    const year = 2027;
    writeFileSync(
      path,
      `site: { timeZone: Europe/Berlin }
prices: { import: { type: fixed, perKWh: 0.3 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
agent: { dataDir: ${JSON.stringify(join(dir, 'data'))} }
events:
  - { type: ics, file: ${JSON.stringify(ics)}, lookBehindHours: 0, lookAheadDays: 1, effect: stop }
  - type: static
    events: [{ title: free, start: "${year}-06-01T13:00:00+02:00", end: "${year}-06-01T14:00:00+02:00", effect: { pricePerKWh: 0 } }]
miners:
  - { id: heater, type: simulated, levels: [{ id: full, powerW: 140, ths: 6 }] }
`,
    );
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => {
      out += chunk;
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await checkCommand({ config: path }, { clock })).toBe(0);
    } finally {
      process.stdout.write = write;
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out).toMatch(/events\[1\]\s+ok\s+events: 1 event, next "free" 01\.06 13:00 → 01\.06 14:00/);
    expect(out).toMatch(
      /events\[0\]\s+ok\s+events: 1 event, next "Netzbetreiber Dimmung" 10\.12 17:00 → 10\.12 18:00/,
    );
  });
});

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { tempDataDir } from '../fakes/agent-config.js';
import { cliArgs } from '../fakes/cli.js';

const INTL_LOG = fileURLToPath(new URL('../fakes/intl-log.cjs', import.meta.url));
const ZONEINFO = fileURLToPath(new URL('../fixtures/zoneinfo/', import.meta.url));

/** Runs `hashheat run --json` until it has printed `records` decision lines; its stderr. */
function runUntilRecords(config: string, records: number): Promise<{ stderr: string; lines: number }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--require', INTL_LOG, ...cliArgs(['run', '--json', '--config', config])],
      {
        env: { ...process.env, TZDIR: ZONEINFO },
      },
    );
    let stderr = '';
    let lines = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      lines += chunk.toString().split('\n').length - 1;
      if (lines >= records) child.kill('SIGTERM');
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stderr, lines });
    });
  });
}

// Issue 16: the first Intl.DateTimeFormat a process creates pages in about 6 MiB of ICU data. The
// agent takes its zone offsets from the tz database's files (src/time-zones.ts, here the fixture
// files through TZDIR) and schedules its tick without node-cron (src/cron.ts), so it creates none:
// not for the config's time zone, the time-of-use tariff's local hours, the log, the schedule, the web
// page's server or the history's month files (as in the demo).
it('hashheat run creates no Intl formatter, through its first ticks on the schedule', async () => {
  const dir = tempDataDir();
  const config = join(dir, 'hashheat.yaml');
  writeFileSync(
    config,
    `site: { timeZone: Europe/Berlin }
agent: { dataDir: ./state, tick: "* * * * * *" }
http: { listen: 127.0.0.1:0 }
history: {}
prices:
  import:
    type: time-of-use
    defaultPerKWh: 0.32
    periods: [{ from: "22:00", to: "06:00", perKWh: 0.24 }]
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
miners: [{ id: nano, type: simulated, levels: [{ id: low, powerW: 80, ths: 4 }] }]
`,
  );
  const { stderr, lines } = await runUntilRecords(config, 3);
  expect(lines, stderr).toBeGreaterThanOrEqual(3); // the first tick and two scheduled ones
  expect(stderr.split('\n').filter((l) => l.startsWith('INTL '))).toEqual([]);
}, 60_000);

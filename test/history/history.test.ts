import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { httpSchema } from '../../config/http.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { reportCommand } from '../../src/cli/report.js';
import { type AttachedHistory, attachHistory } from '../../src/history/attach.js';
import { HistoryStore } from '../../src/history/store.js';
import type { StepTotals } from '../../src/history/summary.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { FakeClock } from '../fakes/clock.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 17: 15-minute history in the data directory, read back through the API and `hashheat report`,
// and intact after the process is killed in the middle of a write (issue 16: JSON Lines month files).
const MINERS = `  - { id: nano, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }`;

// Concurrent: the simulated day keeps this thread busy while the killed writer is a child process.
describe.concurrent('history', () => {
  it('a simulated day on the fake clock: written per 15 minutes, read back through the API and hashheat report', async ({
    expect,
    onTestFinished,
  }) => {
    let agent: Agent | undefined;
    let history: AttachedHistory | undefined;
    let server: HttpServer | undefined;
    onTestFinished(async () => {
      await server?.close();
      history?.stop();
      await agent?.stop({ applyOnExit: false });
    });
    const clock = new FakeClock(Date.UTC(2025, 0, 14, 23, 0)); // local midnight in Berlin
    const log = captureLogger();
    const dataDir = tempDataDir();
    const config = simulatedConfig({ dataDir, miners: MINERS, yaml: '' });
    agent = await createAgent(config, { clock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    history = attachHistory(agent, { retentionDays: 400 }, { logger: log.logger });
    server = await startHttpServer(
      agent,
      httpSchema.parse({ listen: '127.0.0.1:0' }),
      { clock, logger: log.logger },
      {
        history: history.store,
      },
    );
    // A cold room all day (static 19 °C): the Nano runs at high, 140 W, ticking every 5 minutes.
    for (let t = 0; t <= 24 * 12; t++) {
      await agent.tick();
      await clock.advance(5 * 60_000);
    }
    const reply = await fetch(
      `http://127.0.0.1:${server.port}/api/history?step=1d&from=${Date.UTC(2025, 0, 14)}`,
    );
    const body = (await reply.json()) as { steps: StepTotals[]; currency: string };
    expect(body.currency).toBe('EUR');
    expect(body.steps.map((s) => s.label)).toEqual(['2025-01-15']);
    // 24 h at 140 W, every interval finished (the one under way is still in memory).
    expect(body.steps[0]!.miners.nano!.energyKWh).toBeCloseTo(3.36, 6);
    expect(body.steps[0]!.total.net).toBeCloseTo(
      body.steps[0]!.total.revenue + body.steps[0]!.total.heatCredit - body.steps[0]!.total.powerCost,
      9,
    );
    const quarter = (await (
      await fetch(`http://127.0.0.1:${server.port}/api/history?step=15m&from=${Date.UTC(2025, 0, 14)}`)
    ).json()) as { steps: StepTotals[] };
    expect(quarter.steps).toHaveLength(96);
    expect(quarter.steps[0]!.total.energyKWh).toBeCloseTo(0.035, 9);
    expect((await fetch(`http://127.0.0.1:${server.port}/api/history?step=2h`)).status).toBe(400);

    await server.close();
    server = undefined;
    history.stop();
    history = undefined;
    const file = join(dataDir, 'hashheat.yaml');
    writeFileSync(
      file,
      `site: { timeZone: Europe/Berlin, currency: EUR }
agent: { dataDir: ${JSON.stringify(dataDir)} }
prices: { import: { type: fixed, perKWh: 0.30 } }
revenue: { hashprice: { type: static, perThsDay: 0.034 } }
zones: [{ id: living, heater: { type: resistive } }]
miners:
${MINERS}
`,
    );
    const stdout = collector();
    expect(reportCommand({ config: file, month: '2025-01' }, { stdout, stderr: stdout })).toBe(0);
    const out = stdout.text;
    expect(out).toContain('hashheat statement 2025-01 (Europe/Berlin)');
    expect(out).toMatch(/nano\s+3\.36\s/);
    expect(out).toMatch(/2025-01-15\s+3\.36\s/);
    const jsonOut = collector();
    reportCommand({ config: file, month: '2025-01', json: true }, { stdout: jsonOut, stderr: jsonOut });
    expect(JSON.parse(jsonOut.text).totals.miners.nano.energyKWh).toBeCloseTo(3.36, 6);
  });

  it('killed with SIGKILL in the middle of writing: the files are intact, every write whole or absent', async ({
    expect,
  }) => {
    const dataDir = tempDataDir();
    const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
    const child = spawn(process.execPath, [
      '--import',
      tsx,
      new URL('./writer-child.ts', import.meta.url).pathname,
      dataDir,
    ]);
    let committed = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = chunk.toString().trim().split('\n');
        committed = Number(lines.at(-1));
        if (committed >= 50) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.on('exit', resolve));
    const store = new HistoryStore(dataDir);
    try {
      expect(store.integrity()).toBe('ok');
      const rows = store.read(0, Number.MAX_SAFE_INTEGER);
      expect(rows.length % 10).toBe(0); // never part of a write
      expect(rows.length / 10).toBeGreaterThanOrEqual(committed);
      // Every line the writer finished is one whole write; a torn last one (if the kill tore one) is
      // ignored, and the next write (to the same file: the torn write's interval) cuts it off rather
      // than appending behind it.
      const files = () => readdirSync(store.path).map((name) => join(store.path, name));
      const finished = files().flatMap((f) => readFileSync(f, 'utf8').split('\n').slice(0, -1));
      expect(finished.map((line) => JSON.parse(line).length)).toEqual(Array(rows.length / 10).fill(10));
      const next = rows.at(-1)!.start + 900_000;
      store.write([{ minerId: 'm0', start: next, energyKWh: 1, revenue: 0, heatCredit: 0, powerCost: 0 }]);
      expect(store.read(next, next + 1)).toHaveLength(1);
      expect(files().map((f) => readFileSync(f, 'utf8').endsWith('\n'))).not.toContain(false);
      expect(store.integrity()).toBe('ok');
    } finally {
      store.close();
    }
  });
});

/** A writable that keeps what was written. */
function collector(): NodeJS.WritableStream & { text: string } {
  const sink = {
    text: '',
    write(chunk: string) {
      sink.text += chunk;
      return true;
    },
  };
  return sink as unknown as NodeJS.WritableStream & { text: string };
}

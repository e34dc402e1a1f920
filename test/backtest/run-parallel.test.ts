import { describe, expect, it } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import { runBacktest } from '../../src/backtest/run.js';
import { runBacktestInParallel, startWorker } from '../../src/backtest/run-parallel.js';
import { buildWorld } from '../../src/backtest/world.js';

// The sources are TypeScript: the worker thread registers tsx, then loads the worker module.
const TSX_API = new URL('../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url).href;
const SCRIPT = new URL('../../src/backtest/optimum-worker.ts', import.meta.url);
const throughTsx = (script: URL) =>
  new URL(
    `data:text/javascript,${encodeURIComponent(
      `import { register } from '${TSX_API}'; register(); await import('${script.href}');`,
    )}`,
  );

describe('the optima solved in worker threads (issue 16)', () => {
  const world = buildWorld(loadBacktestConfig('test/fixtures/backtest/backtest-week.yaml'));

  it('gives the same backtest, to the last bit, as solving everything in this thread', async () => {
    const started: string[] = [];
    const parallel = await runBacktestInParallel(
      world,
      {},
      {
        script: SCRIPT,
        cores: 2,
        leaveToWorker: true,
        // V8's default, so setting it again here leaves this test process as it was.
        v8Flags: ['--heap-growing-percent=0'],
        start: (script, ready) => {
          started.push(script.pathname.split('/').pop()!);
          return startWorker(throughTsx(script), ready);
        },
      },
    );
    const here = runBacktest(world);
    expect(started).toEqual(['optimum-worker.ts']);
    const strip = (r: typeof here) => r.strategies.map(({ wallMs: _ms, ...s }) => s);
    expect(strip(parallel)).toEqual(strip(here));
    expect(parallel.notes).toEqual(here.notes);
    expect(parallel.events).toEqual(here.events);
    expect(parallel.strategies.find((s) => s.name === 'optimum')!.captured).toBe(1);
  }, 60_000);

  it('solves here what the worker has not taken once this thread is done (same results)', async () => {
    // A worker that takes no job: this thread claims and solves both optima itself.
    const idle = new URL(
      `data:text/javascript,${encodeURIComponent(
        "import { parentPort } from 'node:worker_threads'; parentPort.once('message', () => parentPort.postMessage({ done: true }));",
      )}`,
    );
    const parallel = await runBacktestInParallel(
      world,
      { strategies: ['baseline', 'optimum', 'money'] },
      { script: idle, cores: 2 },
    );
    const here = runBacktest(world, { strategies: ['baseline', 'optimum', 'money'] });
    const strip = (r: typeof here) => r.strategies.map(({ wallMs: _ms, ...s }) => s);
    expect(strip(parallel)).toEqual(strip(here));
  });

  it('solves here when only one core is there, or no optimum is asked for', async () => {
    const start = () => {
      throw new Error('no worker wanted');
    };
    const one = await runBacktestInParallel(
      world,
      { strategies: ['baseline', 'optimum'] },
      { script: SCRIPT, cores: 1, start },
    );
    expect(one.strategies.map((s) => s.name)).toEqual(['baseline', 'optimum']);
    const none = await runBacktestInParallel(
      world,
      { strategies: ['live'] },
      { script: SCRIPT, cores: 2, start },
    );
    expect(none.strategies.map((s) => s.name)).toEqual(['live']);
  });

  it('fails with the worker’s error when a solve fails, rather than hanging', async () => {
    const broken = new URL('data:text/javascript,throw new Error("solver broke")');
    await expect(
      runBacktestInParallel(world, { strategies: ['optimum'] }, { script: broken, cores: 2 }),
    ).rejects.toThrow('solver broke');
  });
});

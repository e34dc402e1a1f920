import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SMALL_FLEET_MINERS } from '../../src/heap-flags.js';

const CHURN = fileURLToPath(new URL('../fakes/heap-churn.ts', import.meta.url));
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

type Mode = 'plain' | 'tuned' | 'run-2-miners' | 'run-10000-miners';

/** The largest heap and young generation (MiB) the churn fixture's own Node process held. */
function peaks(mode: Mode): Promise<{ heapMiB: number; youngMiB: number }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', TSX, CHURN, mode], { timeout: 60_000 }, (error, stdout) => {
      if (error) reject(error);
      else {
        const [heap, young] = stdout.split(' ').map(Number);
        resolve({ heapMiB: heap!, youngMiB: young! });
      }
    });
  });
}

// V8 flags are process-wide, so each variant runs in its own process. The same allocation pattern
// without the flags is the baseline: measured 24.5–25.0 MiB plain against 13.0 tuned on this machine.
it('keepBacktestHeapSmall bounds the heap a backtest-like allocation pattern grows to', async () => {
  const [plain, tuned] = await Promise.all([peaks('plain'), peaks('tuned')]);
  expect(plain.heapMiB).toBeGreaterThan(0);
  expect(tuned.heapMiB).toBeLessThan(plain.heapMiB * 0.75);
}, 90_000);

// `hashheat run` keeps the young generation small for a few miners and lets it grow for a large fleet,
// whose ticks allocate megabytes (measured: 16 MiB against 4 MiB here).
it('youngGenerationFor lets the young generation grow for a large fleet only', async () => {
  const [few, many] = await Promise.all([peaks('run-2-miners'), peaks('run-10000-miners')]);
  expect(few.youngMiB).toBeLessThanOrEqual(4);
  expect(many.youngMiB).toBeGreaterThan(few.youngMiB * 2);
}, 90_000);

/** What V8 made of a hot function under `hashheat run`'s compiler flags for `miners` miners. */
function tierFor(miners: number): Promise<string> {
  const fixture = fileURLToPath(new URL('../fakes/compiler-tiers.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--allow-natives-syntax', '--import', TSX, fixture, String(miners)],
      { timeout: 60_000 },
      (error, stdout) => (error ? reject(error) : resolve(stdout.split(' ')[0]!)),
    );
  });
}

// A few miners run in the interpreter only (demo: 67.4 → 61.3 MiB resident); a fleet is compiled.
it('compilersFor keeps V8 in its interpreter for a few miners and compiles for more', async () => {
  const [few, limit, more] = await Promise.all([
    tierFor(2),
    tierFor(SMALL_FLEET_MINERS),
    tierFor(SMALL_FLEET_MINERS + 1),
  ]);
  expect([few, limit, more]).toEqual(['interpreted', 'interpreted', 'optimized']);
}, 90_000);

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Files whose top-level `let` is inside a browser script they serve as text, not module state. */
const BROWSER_SCRIPTS = new Set(['src/http/page.ts', 'src/backtest/report-script.ts']);

// Issue 15: the test runner reuses modules between test files (vitest.config.ts, `isolate: false`), so
// a module-level variable in the shipped code would carry one file's state into the next.
describe('no mutable module state in the shipped code', () => {
  it('has no top-level let or var in src/, adapters/, config/ or policies/', () => {
    const found = ['src', 'adapters', 'config', 'policies']
      .flatMap(filesUnder)
      .filter((file) => !BROWSER_SCRIPTS.has(file))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (/^(export\s+)?(let|var)\s/.test(line) ? [`${file}:${i + 1}: ${line}`] : [])),
      );
    expect(found).toEqual([]);
  });
});

import { execFile } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = ['src', 'adapters', 'policies', 'config'];
const BUILT_MAIN = `${ROOT}dist/src/cli/main.js`;
const SOURCE_MAIN = `${ROOT}src/cli/main.ts`;
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** Newest modification time (ms) of the TypeScript sources under `dir`. */
function newestTs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestTs(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Whether dist/ holds a build at least as new as every source (`npm test` builds first, incrementally:
 * `pretest`). Then the CLI tests run the shipped JS (≈0.4 s a start-up); else the sources through tsx
 * (≈1.5–2 s, most of it transpiling). An incremental build rewrites only what changed, so the build's
 * time is the newer of main.js and the build info file.
 */
function builtIsFresh(): boolean {
  try {
    const builtAt = Math.max(statSync(BUILT_MAIN).mtimeMs, mtimeOr0(`${ROOT}dist/.tsbuildinfo`));
    return SOURCES.every((dir) => newestTs(`${ROOT}${dir}`) <= builtAt);
  } catch {
    return false;
  }
}

function mtimeOr0(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Whether the CLI tests run the fresh build (else the sources through tsx). */
export const USE_BUILT = builtIsFresh();

/** Node's arguments for `hashheat <rest>`: the fresh build when there is one, else the sources through tsx. */
export function cliArgs(rest: readonly string[]): string[] {
  return USE_BUILT ? [BUILT_MAIN, ...rest] : ['--import', TSX, SOURCE_MAIN, ...rest];
}

/** What one `hashheat` run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hashheat <args>` as a user would (see `cliArgs`), in `cwd` with `env` added. */
export function hashheatCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      cliArgs(args),
      { timeout: 40_000, cwd: options.cwd, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

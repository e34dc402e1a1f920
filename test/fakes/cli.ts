import { execFile } from 'node:child_process';

/** What one `hashheat` run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `hashheat <args>` from the sources (through tsx) as a user would, in `cwd` with `env` added. */
export function hashheatCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
  const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, main, ...args],
      { timeout: 40_000, cwd: options.cwd, env: { ...process.env, ...options.env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

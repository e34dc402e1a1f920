import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from './fakes/browser.js';

/** File filters given on the command line (`vitest run test/core`): the arguments that are not options. */
function fileFilters(): string[] {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  return args.filter(
    (a) => a !== 'run' && a !== 'watch' && !a.endsWith('vitest') && !a.endsWith('vitest.mjs'),
  );
}

/**
 * One Chromium for the whole run, shared by the browser test files (test/fakes/browser.ts): started
 * only when Chromium is installed and the run may include a browser test (no file filter, or one that
 * names a browser test or its folder).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('chromiumWsEndpoint', '');
  const filters = fileFilters();
  const mayBrowse =
    filters.length === 0 || filters.some((f) => /browser|test\/?$|test\/(http|backtest)\/?$/.test(f));
  if (!haveChromium || !mayBrowse) return undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}

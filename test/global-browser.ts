import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from './fakes/browser.js';

/** The file filters on the command line that name paths under test/ (`vitest run test/core`). */
function testPathFilters(): string[] {
  return process.argv.slice(2).filter((a) => /^(\.\/)?test(\/|$)/.test(a));
}

/**
 * One Chromium for the whole run, shared by the browser test files (test/fakes/browser.ts): started
 * when Chromium is installed, unless the run is filtered to paths under test/ none of which can hold a
 * browser test (any other argument, an option's value say, leaves it started: the safe side).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  project.provide('chromiumWsEndpoint', '');
  const paths = testPathFilters();
  const mayBrowse =
    paths.length === 0 || paths.some((f) => /browser|^(\.\/)?test\/?$|test\/(http|backtest)\/?$/.test(f));
  if (!haveChromium || !mayBrowse) return undefined;
  const server = await chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  project.provide('chromiumWsEndpoint', server.wsEndpoint());
  return async () => {
    await server.close();
  };
}

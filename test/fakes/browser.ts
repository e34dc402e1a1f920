import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium (.ci/run installs it), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/run installs it)`);

/** How every browser test starts Chromium: headless, no network of its own, no first-run work. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A Chromium for one test file: a connection to the one test/global-browser.ts started for the run
 * (a launch costs 1–2 s on 2 busy cores; three browser files each paid it), or its own when the run
 * has none (a single file run by name). `close()` on a connection closes this file's contexts and
 * disconnects; the browser stays up for the other files.
 */
export async function testBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumWsEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket endpoint of the run's Chromium (test/global-browser.ts); '' when there is none. */
    chromiumWsEndpoint: string;
  }
}

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import { resultHtml } from '../../src/backtest/report-html.js';
import { runBacktest } from '../../src/backtest/run.js';
import { buildWorld } from '../../src/backtest/world.js';
import { testBrowser } from '../fakes/browser.js';

// Issue 14 item 6: the backtest report in a real browser (Debian's Chromium, driven by playwright-core,
// as test/http/page.browser.test.ts). Every wait is on the page, never a sleep. Two test files share this
// set-up (each runs its own backtest and browser), so neither runs longer than 3 s.
export { haveChromium } from '../fakes/browser.js';

// The shared test week (2024-01-08…15, Berlin): real prices, weather, PV and hashprice.
const CONFIG = 'test/fixtures/backtest/backtest-week.yaml';
export const DAYS = ['8 Jan', '9 Jan', '10 Jan', '11 Jan', '12 Jan', '13 Jan', '14 Jan'];

/** The report of the test week in Chromium, for one describe block: open a page of it, read texts. */
export function reportInBrowser() {
  let browser: Browser;
  let page: Page;
  const state = { html: '', labels: [] as string[] };
  const requests: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    // Chromium starts up in its own process while the backtest runs here.
    const launched = testBrowser();
    const world = buildWorld(loadBacktestConfig(CONFIG));
    const result = runBacktest(world);
    state.labels = result.strategies.map((s) => s.label);
    state.html = resultHtml(result, world);
    browser = await launched;
    // One page for the file, its document replaced per case: a new page cost 0.3–0.6 s here, a new
    // document 0.2–0.4 s (and a context per page more).
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
  });
  afterAll(async () => {
    await browser?.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]); // self-contained: nothing loaded from anywhere
  });

  return {
    get html() {
      return state.html;
    },
    get labels() {
      return state.labels;
    },
    /** The file's page showing `source` (the report by default) in a fresh document. */
    async open(source?: string): Promise<Page> {
      await page.goto('about:blank'); // a new document and a new script scope
      await page.setContent(source ?? state.html);
      await page.locator('#c-value svg').waitFor();
      return page;
    },
    texts: (page: Page, selector: string) => page.locator(selector).allTextContents(),
  };
}

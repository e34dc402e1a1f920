import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBacktestConfig } from '../../src/backtest/config.js';
import { resultHtml } from '../../src/backtest/report-html.js';
import { runBacktest } from '../../src/backtest/run.js';
import { buildWorld } from '../../src/backtest/world.js';

// Issue 14 item 6: the backtest report in a real browser (Debian's Chromium, driven by playwright-core,
// as test/http/page.browser.test.ts). Every wait is on the page, never a sleep.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/run installs it)`);

// The shared test week (2024-01-08…15, Berlin): real prices, weather, PV and hashprice.
const CONFIG = 'test/fixtures/backtest/backtest-week.yaml';
const DAYS = ['8 Jan', '9 Jan', '10 Jan', '11 Jan', '12 Jan', '13 Jan', '14 Jan'];

describe.skipIf(!haveChromium)('the backtest report in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let html: string;
  let labels: string[];
  const requests: string[] = [];
  const errors: string[] = [];

  async function open(source = html): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.setContent(source);
    await page.locator('#c-value svg').waitFor();
    return page;
  }
  const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();

  beforeAll(async () => {
    // Chromium starts up in its own process while the backtest runs here.
    const launched = chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const world = buildWorld(loadBacktestConfig(CONFIG));
    const result = runBacktest(world);
    labels = result.strategies.map((s) => s.label);
    html = resultHtml(result, world);
    browser = await launched;
    // One context, a fresh page per case: a context per page (browser.newPage) cost ~0.3–0.6 s each.
    context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]); // self-contained: nothing loaded from anywhere
  });

  it('draws every chart of the run with local date ticks and gridlines', async () => {
    const page = await open();
    for (const id of ['price', 'hashprice', 'surplus', 'outdoor', 'room', 'power', 'value'])
      expect(await page.locator(`#c-${id} svg`).count(), id).toBe(1);
    expect(await page.locator('#c-price polyline').count()).toBe(2); // import and export price
    expect(await texts(page, '#c-price .xtick')).toEqual(DAYS);
    expect(await page.locator('#c-price .xgrid').count()).toBe(DAYS.length);
    const yTicks = (await texts(page, '#c-outdoor .ytick')).map(Number);
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#c-outdoor .ygrid').count()).toBe(yTicks.length);
    // Two days: hour ticks between the local midnights.
    await page.selectOption('#len', { label: '2 days' });
    expect(await texts(page, '#c-room .xtick')).toEqual([
      '8 Jan',
      '06:00',
      '12:00',
      '18:00',
      '9 Jan',
      '06:00',
      '12:00',
      '18:00',
    ]);
    await page.close();
  });

  it('zooms into the steps dragged across, and back to the whole window', async () => {
    const page = await open();
    const hit = page.locator('#c-price .hit');
    await hit.scrollIntoViewIfNeeded();
    const box = (await hit.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 1, y); // 8 Jan 00:00
    await page.mouse.down();
    await page.mouse.move(box.x + (box.width * 2) / 7, y, { steps: 5 }); // about 10 Jan 00:00
    await page.mouse.up();
    expect(await page.locator('#window').textContent()).toMatch(/^Mon, 8 Jan 2024, 00:00 – Wed, 10 Jan 2024/);
    const ticks = await texts(page, '#c-outdoor .xtick');
    expect(ticks.slice(0, 3)).toEqual(['8 Jan', '06:00', '12:00']);
    expect(ticks).toContain('9 Jan');
    expect(ticks).not.toContain('11 Jan');
    await page.locator('#unzoom').click();
    expect(await texts(page, '#c-outdoor .xtick')).toEqual(DAYS);
    expect(await page.locator('#unzoom').isVisible()).toBe(false);
    await page.close();
  });

  it('shows the time and every series’ value in a tooltip on hover', async () => {
    const page = await open();
    expect(await page.locator('#tip').isVisible()).toBe(false);
    const hit = page.locator('#c-value .hit');
    await hit.scrollIntoViewIfNeeded();
    const box = (await hit.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + box.height / 2); // the first step
    const tip = page.locator('#tip');
    await tip.waitFor({ state: 'visible' });
    const first = await tip.textContent();
    expect(first).toMatch(/^Mon, 8 Jan 2024, 00:00/);
    for (const label of labels) expect(first).toContain(`${label}: `);
    expect(first).toMatch(/no miner \(baseline\): 0\.00 EUR/);
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2); // the last step
    await expect.poll(() => tip.textContent()).toMatch(/^Sun, 14 Jan 2024, 23:00/);
    expect(await page.locator('.hair[visibility="visible"]').count()).toBe(7); // one per chart
    await page.mouse.move(2, 2);
    await tip.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('tabulates each strategy per month and per day, totals included', async () => {
    const page = await open();
    expect(await page.locator('#summary tbody tr').count()).toBe(labels.length);
    expect(await page.locator('#period-strategy').inputValue()).toBe('planner');
    expect(await texts(page, '#months thead th')).toEqual([
      'month',
      'net cost',
      'saved',
      'miner run h',
      'miner kWh',
      'extra cold K·h',
      'extra hot K·h',
    ]);
    expect(await texts(page, '#months tbody td:first-child')).toEqual(['2024-01']);
    await page.locator('details summary').click();
    const days = await texts(page, '#days tbody td:first-child');
    expect(days).toEqual(DAYS.map((d) => `2024-01-${d.split(' ')[0]!.padStart(2, '0')}`));
    const monthNet = Number(await page.locator('#months tbody td:nth-child(2)').textContent());
    const dayNet = (await texts(page, '#days tbody td:nth-child(2)')).map(Number);
    expect(dayNet.reduce((a, v) => a + v, 0)).toBeCloseTo(monthNet, 1);
    expect(await page.locator('#days tfoot td:nth-child(2)').textContent()).toBe(monthNet.toFixed(2));
    const plannerRunHours = await page.locator('#months tbody td:nth-child(4)').textContent();
    await page.selectOption('#period-strategy', 'baseline');
    expect(await page.locator('#months tbody td:nth-child(4)').textContent()).toBe('0.0');
    expect(Number(plannerRunHours)).toBeGreaterThan(0);
    await page.close();
  });

  it('labels the strategies it clips from the cumulative chart’s range, when they leave it', async () => {
    // The week's thermostat-only miner stays inside the others' range: clipping it changes nothing.
    let page = await open(html.replace('"clipped":[]', '"clipped":["thermostat"]'));
    expect(await page.locator('#c-value .clipped').count()).toBe(0);
    await page.close();
    // Fitted to the baseline, thermostat and threshold only, the hashheat strategies' savings leave the range.
    page = await open(html.replace('"clipped":[]', '"clipped":["live","planner","optimum","money"]'));
    const note = await page.locator('#c-value .clipped').textContent();
    expect(note).toMatch(
      /^y range clipped, leaves out: hashheat live policies \(-?\d+\.\d\d … \d+\.\d\d EUR\), /,
    );
    expect(note).toContain('perfect-foresight optimum (');
    expect(note).not.toContain('thermostat');
    await page.close();
  });
});

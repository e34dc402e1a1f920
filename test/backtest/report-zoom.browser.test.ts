import { describe, expect, it } from 'vitest';
import { DAYS, haveChromium, reportInBrowser } from './report-browser-fixture.js';

// The charts' interactions; report.browser.test.ts checks what they draw (one file each, issue 15).
describe.skipIf(!haveChromium)('the backtest report in Chromium: zoom and tooltip', () => {
  const report = reportInBrowser();

  it('zooms into the steps dragged across, and back to the whole window', async () => {
    const page = await report.open();
    const hit = page.locator('#c-price .hit');
    await hit.scrollIntoViewIfNeeded();
    const box = (await hit.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 1, y); // 8 Jan 00:00
    await page.mouse.down();
    await page.mouse.move(box.x + (box.width * 2) / 7, y, { steps: 5 }); // about 10 Jan 00:00
    await page.mouse.up();
    expect(await page.locator('#window').textContent()).toMatch(/^Mon, 8 Jan 2024, 00:00 – Wed, 10 Jan 2024/);
    const ticks = await report.texts(page, '#c-outdoor .xtick');
    expect(ticks.slice(0, 3)).toEqual(['8 Jan', '06:00', '12:00']);
    expect(ticks).toContain('9 Jan');
    expect(ticks).not.toContain('11 Jan');
    await page.locator('#unzoom').click();
    expect(await report.texts(page, '#c-outdoor .xtick')).toEqual(DAYS);
    expect(await page.locator('#unzoom').isVisible()).toBe(false);
  });

  it('shows the time and every series’ value in a tooltip on hover', async () => {
    const page = await report.open();
    expect(await page.locator('#tip').isVisible()).toBe(false);
    const hit = page.locator('#c-value .hit');
    await hit.scrollIntoViewIfNeeded();
    const box = (await hit.boundingBox())!;
    await page.mouse.move(box.x + 1, box.y + box.height / 2); // the first step
    const tip = page.locator('#tip');
    await tip.waitFor({ state: 'visible' });
    const first = await tip.textContent();
    expect(first).toMatch(/^Mon, 8 Jan 2024, 00:00/);
    for (const label of report.labels) expect(first).toContain(`${label}: `);
    expect(first).toMatch(/no miner \(baseline\): 0\.00 EUR/);
    await page.mouse.move(box.x + box.width - 1, box.y + box.height / 2); // the last step
    await expect.poll(() => tip.textContent()).toMatch(/^Sun, 14 Jan 2024, 23:00/);
    expect(await page.locator('.hair[visibility="visible"]').count()).toBe(7); // one per chart
    await page.mouse.move(2, 2);
    await tip.waitFor({ state: 'hidden' });
  });
});

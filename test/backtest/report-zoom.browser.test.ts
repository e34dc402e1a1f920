import { describe, expect, it } from 'vitest';
import { DAYS, haveChromium, reportInBrowser } from './report-browser-fixture.js';

// One case a file (issue 15): the report in Chromium costs about a second a case on 2 busy cores.
describe.skipIf(!haveChromium)('the backtest report in Chromium: zoom', () => {
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
});

import { describe, expect, it } from 'vitest';
import { haveChromium, reportInBrowser } from './report-browser-fixture.js';

// One case a file (issue 15): the report in Chromium costs about a second a case on 2 busy cores.
describe.skipIf(!haveChromium)('the backtest report in Chromium: tooltip', () => {
  const report = reportInBrowser();

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

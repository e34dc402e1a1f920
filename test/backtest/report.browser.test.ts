import { describe, expect, it } from 'vitest';
import { DAYS, haveChromium, reportInBrowser } from './report-browser-fixture.js';

describe.skipIf(!haveChromium)('the backtest report in Chromium: charts', () => {
  const report = reportInBrowser();

  it('draws every chart of the run with local date ticks and gridlines', async () => {
    const page = await report.open();
    for (const id of ['price', 'hashprice', 'surplus', 'outdoor', 'room', 'power', 'value'])
      expect(await page.locator(`#c-${id} svg`).count(), id).toBe(1);
    expect(await page.locator('#c-price polyline').count()).toBe(2); // import and export price
    expect(await report.texts(page, '#c-price .xtick')).toEqual(DAYS);
    expect(await page.locator('#c-price .xgrid').count()).toBe(DAYS.length);
    const yTicks = (await report.texts(page, '#c-outdoor .ytick')).map(Number);
    expect(yTicks.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#c-outdoor .ygrid').count()).toBe(yTicks.length);
    // Two days: hour ticks between the local midnights.
    await page.selectOption('#len', { label: '2 days' });
    expect(await report.texts(page, '#c-room .xtick')).toEqual([
      '8 Jan',
      '06:00',
      '12:00',
      '18:00',
      '9 Jan',
      '06:00',
      '12:00',
      '18:00',
    ]);
  });
});

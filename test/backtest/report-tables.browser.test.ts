import { describe, expect, it } from 'vitest';
import { DAYS, haveChromium, reportInBrowser } from './report-browser-fixture.js';

describe.skipIf(!haveChromium)('the backtest report in Chromium: tables', () => {
  const report = reportInBrowser();

  it('tabulates each strategy per month and per day, totals included', async () => {
    const page = await report.open();
    expect(await page.locator('#summary tbody tr').count()).toBe(report.labels.length);
    expect(await page.locator('#period-strategy').inputValue()).toBe('planner');
    expect(await report.texts(page, '#months thead th')).toEqual([
      'month',
      'net cost',
      'saved',
      'miner run h',
      'miner kWh',
      'extra cold K·h',
      'extra hot K·h',
    ]);
    expect(await report.texts(page, '#months tbody td:first-child')).toEqual(['2024-01']);
    await page.locator('details summary').click();
    const days = await report.texts(page, '#days tbody td:first-child');
    expect(days).toEqual(DAYS.map((d) => `2024-01-${d.split(' ')[0]!.padStart(2, '0')}`));
    const monthNet = Number(await page.locator('#months tbody td:nth-child(2)').textContent());
    const dayNet = (await report.texts(page, '#days tbody td:nth-child(2)')).map(Number);
    expect(dayNet.reduce((a, v) => a + v, 0)).toBeCloseTo(monthNet, 1);
    expect(await page.locator('#days tfoot td:nth-child(2)').textContent()).toBe(monthNet.toFixed(2));
    const plannerRunHours = await page.locator('#months tbody td:nth-child(4)').textContent();
    await page.selectOption('#period-strategy', 'baseline');
    expect(await page.locator('#months tbody td:nth-child(4)').textContent()).toBe('0.0');
    expect(Number(plannerRunHours)).toBeGreaterThan(0);
  });
});

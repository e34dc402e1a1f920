import { describe, expect, it } from 'vitest';
import { haveChromium, reportInBrowser } from './report-browser-fixture.js';

// One case a file (issue 15): the report in Chromium costs about a second a case on 2 busy cores.
describe.skipIf(!haveChromium)('the backtest report in Chromium: clipping', () => {
  const report = reportInBrowser();

  it('labels the strategies it clips from the cumulative chart’s range, when they leave it', async () => {
    // The week's thermostat-only miner stays inside the others' range: clipping it changes nothing.
    let page = await report.open(report.html.replace('"clipped":[]', '"clipped":["thermostat"]'));
    expect(await page.locator('#c-value .clipped').count()).toBe(0);
    // Fitted to the baseline, thermostat and threshold only, the hashheat strategies' savings leave the range.
    page = await report.open(
      report.html.replace('"clipped":[]', '"clipped":["live","planner","optimum","money"]'),
    );
    const note = await page.locator('#c-value .clipped').textContent();
    expect(note).toMatch(
      /^y range clipped, leaves out: hashheat live policies \(-?\d+\.\d\d … \d+\.\d\d EUR\), /,
    );
    expect(note).toContain('perfect-foresight optimum (');
    expect(note).not.toContain('thermostat');
  });
});

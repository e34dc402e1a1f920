import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpSchema } from '../../config/http.js';
import { type Agent, createAgent } from '../../src/agent/agent.js';
import { systemClock } from '../../src/agent/clock.js';
import { manualScheduler } from '../../src/agent/scheduler.js';
import { renderPage } from '../../src/http/page.js';
import { type HttpServer, startHttpServer } from '../../src/http/server.js';
import { simulatedConfig, tempDataDir } from '../fakes/agent-config.js';
import { haveChromium, testBrowser } from '../fakes/browser.js';
import { captureLogger } from '../fakes/logger.js';

// Issue 17: the page in a real browser (Debian's Chromium, driven by playwright-core; .ci/run installs
// it). The agent runs on the system clock here: the browser lives in real time, and every wait below is
// on an event (a selector, a request), never a sleep.

describe('the page', () => {
  it('is one self-contained page: small, and nothing in it points elsewhere', () => {
    const page = renderPage();
    expect(Buffer.byteLength(page)).toBeLessThan(120 * 1024);
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(page).not.toMatch(/@import|url\(\s*['"]?https?:/i);
  });
});

describe.skipIf(!haveChromium)('the page in Chromium', () => {
  let browser: Browser;
  let agent: Agent | undefined;
  let server: HttpServer | undefined;
  beforeAll(async () => {
    browser = await testBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await server?.close();
    await agent?.stop({ applyOnExit: false });
  });

  it('shows both miner cards with their reasons; a click on "off" changes the card and the agent’s decision within 2 s', async () => {
    const log = captureLogger();
    const config = simulatedConfig({
      dataDir: tempDataDir(),
      miners: `  - { id: nano, name: Avalon Nano 3S, type: simulated, zone: living, levels: [{ id: low, powerW: 80, ths: 4 }, { id: high, powerW: 140, ths: 6 }] }
  - { id: garage, name: S19j Pro, type: simulated, levels: [{ id: p400, powerW: 400, ths: 16 }] }`,
    });
    agent = await createAgent(config, { clock: systemClock, logger: log.logger, scheduler: manualScheduler });
    await agent.start();
    await agent.tick();
    server = await startHttpServer(agent, httpSchema.parse({ listen: '127.0.0.1:0' }), {
      clock: systemClock,
      logger: log.logger,
    });
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } }); // a phone's width
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${server!.port}/`)) outside.push(r.url());
    });
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const nano = page.locator('section.card[data-miner="nano"]');
    const garage = page.locator('section.card[data-miner="garage"]');
    await expect.poll(() => nano.locator('.reason').textContent()).toMatch(/^running at high/);
    expect(await garage.locator('.reason').textContent()).toMatch(/^off/);
    expect(await nano.locator('.level').textContent()).toBe('high');

    const clickedAt = Date.now();
    await nano.locator('button[data-level="off"]').click();
    await nano.locator('.level', { hasText: /^off$/ }).waitFor({ timeout: 2000 });
    expect(Date.now() - clickedAt).toBeLessThan(2000);
    expect(await nano.locator('.reason').textContent()).toMatch(/^off by manual override/);
    expect(agent.state().overrides.nano).toMatchObject({ levelId: 'off', source: 'http' });
    expect(agent.statuses().nano).toMatchObject({ running: false });
    expect(outside).toEqual([]);
    const shot = join(tmpdir(), 'hashheat-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`page screenshot: ${shot}`);
  });
});
